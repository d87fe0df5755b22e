from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsServiceCommon


@tagged("post_install", "-at_install")
class TestQuoteAuthority(LogisticsServiceCommon):
    def _approval_activities(self, order):
        kind = self.env.ref("logistics_service.mail_activity_type_quote_approval")
        return order.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_within_authority_needs_no_approval(self):
        order = self._quote(lines=[(self.customs, 10, 5.0)])
        self.assertEqual(order.approval_state, "not_required")
        order.with_user(self.salesman).action_quotation_sent()
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_discount_beyond_authority_blocks_send_and_confirm(self):
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        self.assertEqual(order.approval_state, "required")
        with self.assertRaisesRegex(UserError, "outside your authority"):
            order.with_user(self.salesman).action_confirm()
        with self.assertRaisesRegex(UserError, "outside your authority"):
            order.with_user(self.salesman).action_quotation_send()
        with self.assertRaisesRegex(UserError, "outside your authority"):
            order.with_user(self.salesman).action_quotation_sent()
        self.assertEqual(order.state, "draft")

    def test_request_approve_confirm(self):
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        order.with_user(self.salesman).action_request_approval()
        self.assertEqual(order.approval_state, "to_approve")
        self.assertEqual(order.approval_level, 2)
        self.assertEqual(order.approval_user_ids, self.manager)
        self.assertEqual(self._approval_activities(order).user_id, self.manager)
        with self.assertRaisesRegex(UserError, "waiting for the approval"):
            order.with_user(self.salesman).action_confirm()
        self.assertTrue(order.with_user(self.manager).can_approve)
        self.assertFalse(order.with_user(self.salesman).can_approve)
        order.with_user(self.manager).action_approve()
        self.assertEqual(order.approval_state, "approved")
        self.assertFalse(self._approval_activities(order))
        self.assertIn("approved by", order.message_ids[0].body)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_escalation_level_by_level(self):
        order = self._quote(lines=[(self.customs, 10, 30.0)])
        order.with_user(self.salesman).action_request_approval()
        self.assertEqual(order.approval_level, 3, "level 2 cannot cover 30 %: escalated")
        self.assertEqual(order.approval_user_ids, self.director)
        self.assertIn("Escalated past level(s) 2", order.message_ids[0].body)
        with self.assertRaisesRegex(AccessError, "beyond your authority"):
            order.with_user(self.manager).action_approve()
        self.assertEqual(order.approval_state, "to_approve")
        order.with_user(self.director).action_approve()
        self.assertEqual(order.approval_state, "approved")

    def test_nobody_covers(self):
        order = self._quote(lines=[(self.customs, 10, 80.0)])
        with self.assertRaisesRegex(UserError, "Nobody's authority covers"):
            order.with_user(self.salesman).action_request_approval()
        self.assertEqual(order.approval_state, "required")

    def test_change_after_approval_requires_new_approval(self):
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        order.with_user(self.salesman).action_request_approval()
        order.with_user(self.manager).action_approve()
        order.order_line.with_user(self.salesman).write({"discount": 18.0})
        self.assertEqual(order.approval_state, "required")
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_confirm()
        # a new line voids it as well
        order.with_user(self.salesman).action_request_approval()
        order.with_user(self.manager).action_approve()
        order.with_user(self.salesman).write(
            {"order_line": [Command.create({"product_id": self.trucking.id, "product_uom_qty": 5})]}
        )
        self.assertEqual(order.approval_state, "required")

    def test_change_while_waiting_cancels_request(self):
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        order.with_user(self.salesman).action_request_approval()
        order.order_line.with_user(self.salesman).write({"price_unit": 80.0})
        self.assertEqual(order.approval_state, "required")
        self.assertFalse(self._approval_activities(order))
        with self.assertRaises(UserError):
            order.with_user(self.manager).action_approve()

    def test_back_within_authority_needs_nothing(self):
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        order.order_line.with_user(self.salesman).write({"discount": 5.0})
        self.assertEqual(order.approval_state, "not_required")

    def test_reject_with_reason(self):
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        order.with_user(self.salesman).action_request_approval()
        action = order.with_user(self.manager).action_reject()
        self.assertEqual(action["res_model"], "logistics.reason.wizard")
        wizard = (
            self.env["logistics.reason.wizard"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"reason": "Margin too thin for this lane"})
        )
        wizard.action_confirm()
        self.assertEqual(order.approval_state, "rejected")
        with self.assertRaisesRegex(UserError, "Margin too thin"):
            order.with_user(self.salesman).action_confirm()
        self.assertTrue(order.activity_ids.filtered(lambda a: a.user_id == self.salesman))
        order.with_user(self.salesman).action_request_approval()  # may ask again
        self.assertEqual(order.approval_state, "to_approve")

    def test_lower_price_counts_as_discount(self):
        order = self._quote(lines=[(self.customs, 10, 0.0)])
        order.order_line.with_user(self.salesman).price_unit = 85.0
        self.assertAlmostEqual(order.order_line.logistics_discount, 15.0)
        self.assertEqual(order.approval_state, "required")

    def test_margin_and_amount_limits(self):
        thin = self._quote(lines=[(self.trucking, 10, 0.0)])  # margin 30 %: fine
        self.assertEqual(thin.approval_state, "not_required")
        self.trucking.standard_price = 8.5  # margin 15 % < 20 %
        thin.order_line._compute_purchase_price()
        thin._logistics_refresh_approval()
        self.assertEqual(thin.approval_state, "required")
        big = self._quote(lines=[(self.customs, 200, 0.0)])  # 20,000 > 10,000
        self.assertEqual(big.approval_state, "required")

    def test_rule_per_service_line(self):
        self.env["logistics.quote.authority"].create(
            {
                "level": 1,
                "group_id": self.env.ref("logistics_crm.group_logistics_salesman").id,
                "service_line_id": self.line_trucking.id,
                "max_discount": 25,
                "min_margin": 0,
            }
        )
        trucking = self._quote(lines=[(self.trucking, 10, 20.0)])
        self.assertEqual(trucking.approval_state, "not_required")
        customs = self._quote(lines=[(self.customs, 10, 20.0)])
        self.assertEqual(customs.approval_state, "required")

    def test_own_quote_beyond_own_authority(self):
        order = self._quote(user=self.manager, lines=[(self.customs, 10, 30.0)])
        self.assertEqual(order.approval_state, "required")
        order.with_user(self.manager).action_request_approval()
        self.assertEqual(order.approval_user_ids, self.director)
        with self.assertRaises(AccessError):
            order.with_user(self.manager).action_approve()

    def test_handing_over_to_the_approver_voids_the_request(self):
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        order.with_user(self.salesman).action_request_approval()
        order.sudo().user_id = self.manager  # now the manager's own quotation
        self.assertEqual(order.approval_state, "not_required", "within the manager's authority")
        with self.assertRaisesRegex(UserError, "not waiting"):
            order.with_user(self.manager).action_approve()

    def test_handing_over_is_no_way_round(self):
        order = self._quote(user=self.manager, lines=[(self.customs, 10, 15.0)])
        self.assertEqual(order.approval_state, "not_required")  # within the manager's
        # a salesperson who sees all documents may not confirm it: beyond their authority
        self.salesman2.groups_id += self.env.ref("sales_team.group_sale_salesman_all_leads")
        with self.assertRaisesRegex(UserError, "outside your authority"):
            order.with_user(self.salesman2).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_state_cannot_be_forced_over_rpc(self):
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        for vals in (
            {"approval_state": "approved"},
            {"approval_fingerprint": "x"},
            {"approval_user_ids": [Command.set(self.salesman.ids)]},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                order.with_user(self.salesman).write(vals)
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "approval_state": "approved"}
            )
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_approve()  # not requested yet
        order.with_user(self.salesman).action_request_approval()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_approve()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_reject(reason="no")
        with self.assertRaises(AccessError):
            self.rule_sales.with_user(self.salesman).write({"max_discount": 99})
        self.assertEqual(order.approval_state, "to_approve")

    def test_no_way_round_by_context_defaults(self):
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman).with_context(
                default_approval_state="approved"
            ).create({"partner_id": self.customer.id})

    def test_cancel_edit_reset_needs_a_new_approval(self):
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        order.with_user(self.salesman).action_request_approval()
        order.with_user(self.manager).action_approve()
        order.with_user(self.salesman).action_cancel()
        order.order_line.with_user(self.salesman).write({"discount": 60.0})
        order.with_user(self.salesman).action_draft()
        with self.assertRaisesRegex(UserError, "approval"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_free_lines_need_no_approval(self):
        order = self._quote(lines=[(self.customs, 10, 0.0)])
        order.order_line.create(
            {
                "order_id": order.id,
                "product_id": self.trucking.id,
                "product_uom_qty": 1,
                "price_unit": 0.0,
            }
        )
        self.assertEqual(order.approval_state, "not_required")

    def test_matrix_change_is_checked_at_the_gate(self):
        order = self._quote(lines=[(self.customs, 10, 8.0)])
        self.assertEqual(order.approval_state, "not_required")
        self.rule_sales.max_discount = 5
        with self.assertRaisesRegex(UserError, "outside your authority"):
            order.with_user(self.salesman).action_confirm()
        order.with_user(self.salesman).action_request_approval()
        self.assertEqual(order.approval_state, "to_approve")

    def test_without_matrix_nothing_changes(self):
        (self.rule_sales | self.rule_manager | self.rule_director).unlink()
        order = self._quote(lines=[(self.customs, 10, 90.0)])
        self.assertEqual(order.approval_state, "not_required")
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_bad_rules_refused(self):
        Authority = self.env["logistics.quote.authority"]
        group = self.env.ref("logistics_crm.group_logistics_salesman")
        for vals in (
            {"max_discount": 120},
            {"max_discount": -1},
            {"min_margin": -150},
            {"max_amount": -5},
            {"level": 0},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                Authority.create(dict({"group_id": group.id}, **vals))
        with self.assertRaises(ValidationError):
            Authority.create({"max_discount": 5})
        with self.assertRaises(AccessError):
            Authority.with_user(self.salesman).create({"group_id": group.id})
