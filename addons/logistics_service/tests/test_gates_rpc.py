import xmlrpc.client

from odoo import Command, fields
from odoo.addons.logistics_crm.tests.common import LogisticsRpcCase, logistics_user
from odoo.tests import get_db_name, tagged
from odoo.tools import mute_logger

from .common import LogisticsServiceCommon


@tagged("post_install", "-at_install")
class TestApprovalGatesOverRpc(LogisticsRpcCase, LogisticsServiceCommon):
    """A salesperson outside their authority cannot confirm a quotation by any call:
    not by writing the state, not by creating it confirmed, not by line tricks."""

    def setUp(self):
        super().setUp()
        self.login(self.salesman)

    def _line(self, product=None, qty=1, **vals):
        return Command.create(
            {"product_id": (product or self.customs).id, "product_uom_qty": qty, **vals}
        )

    def _create(self, *lines, **vals):
        return self.rpc(
            "sale.order",
            "create",
            {"partner_id": self.customer.id, "order_line": list(lines), **vals},
        )

    def assertNotConfirmable(self, order_id):
        self.assertRpcRefused("sale.order", "action_confirm", [order_id], error="UserError")
        self.assertEqual(self.env["sale.order"].browse(order_id).state, "draft")

    def test_state_written_directly(self):
        order_id = self._create(self._line(discount=30.0))
        self.assertRpcRefused(
            "sale.order", "write", [order_id], {"state": "sale"}, error="UserError"
        )
        self.assertEqual(self.env["sale.order"].browse(order_id).state, "draft")
        # nor together with the lines that need the approval
        order_id = self._create(self._line())
        order = self.env["sale.order"].browse(order_id)
        self.assertRpcRefused(
            "sale.order",
            "write",
            [order_id],
            {
                "state": "sale",
                "order_line": [Command.update(order.order_line.id, {"discount": 50})],
            },
            error="UserError",
        )
        self.assertEqual((order.state, order.order_line.discount), ("draft", 0.0))

    def test_created_confirmed(self):
        self.assertRpcRefused(
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "state": "sale",
                "order_line": [self._line(discount=50.0)],
            },
            error="UserError",
        )
        self.assertFalse(self.env["sale.order"].search([("partner_id", "=", self.customer.id)]))

    def test_state_written_over_xmlrpc(self):
        order_id = self._create(self._line(discount=30.0))
        password = self.salesman.login + "x" * (8 - len(self.salesman.login))
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object")
        with mute_logger("odoo.http"), self.assertRaises(xmlrpc.client.Fault) as caught:
            models.execute_kw(
                get_db_name(),
                self.salesman.id,
                password,
                "sale.order",
                "write",
                [[order_id], {"state": "sale"}],
            )
        self.assertIn("outside your authority", caught.exception.faultString)
        self.assertEqual(self.env["sale.order"].browse(order_id).state, "draft")

    def test_computed_amounts_are_not_typed_in(self):
        order_id = self._create(self._line(discount=30.0))
        order = self.env["sale.order"].browse(order_id)
        self.assertRpcRefused(
            "sale.order.line",
            "write",
            order.order_line.ids,
            {"price_subtotal": 0.0},
            error="AccessError",
        )
        self.assertRpcRefused(
            "sale.order", "write", [order_id], {"amount_untaxed": 1.0}, error="AccessError"
        )
        self.assertNotConfirmable(order_id)

    def test_cancelled_is_no_way_round(self):
        order_id = self._create(self._line(discount=30.0))
        self.rpc("sale.order", "action_cancel", [order_id])
        self.assertRpcRefused(
            "sale.order", "write", [order_id], {"state": "sale"}, error="UserError"
        )
        self.assertEqual(self.env["sale.order"].browse(order_id).state, "cancel")

    def test_down_payment_flag_is_no_way_round(self):
        self.assertNotConfirmable(self._create(self._line(discount=50.0, is_downpayment=True)))

    def test_credit_lines_count_as_a_discount(self):
        """+10 and -5 units of the same service: half the price for the whole."""
        self.assertNotConfirmable(self._create(self._line(qty=10), self._line(qty=-5)))

    def test_cost_typed_lower_buys_no_authority(self):
        # 15 % margin at the catalogue cost (85), below the salesperson's 20 %
        dear = self._item(
            "Bonded warehousing",
            self.line_customs,
            100.0,
            85.0,
            "logistics_service.service_unit_declaration",
        )
        order_id = self._create(self._line(dear))
        order = self.env["sale.order"].browse(order_id)
        self.assertEqual(order.approval_state, "required")
        self.rpc("sale.order.line", "write", [order.order_line.id], {"purchase_price": 10.0})
        self.assertEqual(order.order_line.purchase_price, 10.0)
        self.assertNotConfirmable(order_id)

    def test_new_payment_terms_void_the_approval(self):
        immediate = self.env.ref("account.account_payment_term_immediate")
        order_id = self._create(self._line(discount=15.0), payment_term_id=immediate.id)
        self.rpc("sale.order", "action_request_approval", [order_id])
        order = self.env["sale.order"].browse(order_id)
        order.with_user(self.manager).action_approve()
        self.assertEqual(order.approval_state, "approved")
        later = self.env.ref("account.account_payment_term_90days_on_the_10th")
        self.rpc("sale.order", "write", [order_id], {"payment_term_id": later.id})
        self.assertEqual(order.approval_state, "required")
        self.assertNotConfirmable(order_id)


@tagged("post_install", "-at_install")
class TestServiceGatesOverRpc(LogisticsRpcCase, LogisticsServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = logistics_user(cls.env, "lsg_agent", "agent")
        pool = cls.env["logistics.customer.pool"].create(
            {
                "name": "Service Gate Pool",
                "member_user_ids": [Command.set((cls.salesman | cls.salesman2).ids)],
            }
        )
        cls.theirs = cls.env["res.partner"].create({"name": "Their Customer", "is_company": True})
        cls.theirs.action_pool_enroll(pool)
        cls.theirs.with_user(cls.salesman2).action_pool_claim()
        cls.visit = cls.env["logistics.return.visit"].create(
            {
                "partner_id": cls.theirs.id,
                "user_id": cls.salesman2.id,
                "satisfaction": "5",
                "comments": "Confidential: about to double the volume",
            }
        )
        cls.complaint = cls.env["logistics.complaint"].create(
            {
                "subject": "Late truck",
                "partner_id": cls.customer.id,
                "handler_id": cls.agent.id,
                "root_cause": "Driver shortage",
            }
        )

    def test_nothing_created_on_another_owners_customer(self):
        self.login(self.salesman)
        for model, vals in (
            ("logistics.complaint", {"subject": "Invented", "partner_id": self.theirs.id}),
            ("logistics.return.visit", {"partner_id": self.theirs.id, "satisfaction": "1"}),
        ):
            with self.subTest(model=model):
                self.assertRpcRefused(model, "create", vals, error="AccessError")
                self.assertFalse(
                    self.env[model].search(
                        [("partner_id", "=", self.theirs.id), ("id", "!=", self.visit.id)]
                    )
                )

    def test_other_owners_return_visits_are_private(self):
        self.login(self.salesman)
        self.assertRpcRefused(
            "logistics.return.visit", "read", [self.visit.id], ["comments"], error="AccessError"
        )
        self.assertRpcRefused(
            "logistics.return.visit",
            "write",
            [self.visit.id],
            {"satisfaction": "1"},
            error="AccessError",
        )
        self.assertEqual(self.visit.satisfaction, "5")
        self.assertFalse(self.rpc("logistics.return.visit", "search", [("id", "=", self.visit.id)]))

    def test_kpis_follow_the_customer_not_the_contact(self):
        contact = self.env["res.partner"].create(
            {"name": "Their buyer", "parent_id": self.theirs.id}
        )
        self.env["logistics.complaint"].create({"subject": "Late", "partner_id": contact.id})
        self.env.flush_all()
        self.login(self.salesman)
        rows = self.rpc(
            "logistics.service.kpi", "search_read", [("partner_id", "=", contact.id)], ["kind"]
        )
        self.assertFalse(rows, "another owner's customer's figures stay hidden")

    def test_workflow_fields_move_through_the_actions_only(self):
        self.login(self.agent)
        for vals in (
            {"state": "closed"},
            {"resolved_date": "1996-01-01 00:00:00"},
            {"state": "closed", "resolved_date": fields.Datetime.to_string(fields.Datetime.now())},
            {"escalation_level": 3},
            {"first_response_date": "2000-01-01 00:00:00"},
            {"resolution_deadline": "2099-01-01 00:00:00", "deadline": "2099-01-01"},
            {"sla_policy_id": self.env.ref("logistics_service.complaint_sla_low").id},
            {"reopen_count": 5},
            {"name": "CMP-FAKE"},
            {"date": "2030-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "logistics.complaint", "write", [self.complaint.id], vals, error="AccessError"
                )
        self.assertEqual(self.complaint.state, "assigned")
        self.assertFalse(self.complaint.resolved_date)
        self.assertRpcRefused(
            "logistics.complaint",
            "create",
            {"subject": "Mine", "partner_id": self.customer.id, "name": "MY-OWN-REF"},
            error="AccessError",
        )
        # the actions still work for the same user
        self.rpc("logistics.complaint", "action_start", [self.complaint.id])
        self.assertEqual(self.complaint.state, "in_progress")

    def test_salesperson_cannot_buy_time_on_a_complaint(self):
        """The owner's salesperson may edit its customer's complaint, but not its SLA:
        not its deadlines, not its first response, not its escalation level, not by
        creating it answered or with a policy of its choosing."""
        self.customer.sudo().user_id = self.salesman
        self.login(self.salesman)
        complaint_id = self.rpc(
            "logistics.complaint",
            "create",
            {"subject": "Pallets wet", "partner_id": self.customer.id, "severity": "critical"},
        )
        complaint = self.env["logistics.complaint"].browse(complaint_id)
        policy = self.env.ref("logistics_service.complaint_sla_critical")
        self.assertEqual(complaint.sla_policy_id, policy)
        deadline = complaint.resolution_deadline
        for vals in (
            {"resolution_deadline": "2099-01-01 00:00:00"},
            {"response_deadline": "2099-01-01 00:00:00"},
            {"sla_at_risk_date": "2099-01-01 00:00:00"},
            {"first_response_date": fields.Datetime.to_string(complaint.date)},
            {"escalation_level": 3},
            {"next_escalation_date": False},
            {"sla_policy_id": self.env.ref("logistics_service.complaint_sla_low").id},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "logistics.complaint", "write", [complaint_id], vals, error="AccessError"
                )
        self.assertEqual(complaint.resolution_deadline, deadline)
        self.assertFalse(complaint.first_response_date)
        self.assertRpcRefused(
            "logistics.complaint",
            "create",
            {
                "subject": "Answered already",
                "partner_id": self.customer.id,
                "first_response_date": "2000-01-01 00:00:00",
            },
            error="AccessError",
        )
        # nor by re-grading it, or moving it to another customer (tier) or company
        other = self.env["res.partner"].create({"name": "Other Co", "user_id": self.salesman.id})
        for vals in ({"severity": "low"}, {"partner_id": other.id}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "logistics.complaint", "write", [complaint_id], vals, error="AccessError"
                )
        self.assertEqual(complaint.sla_policy_id, policy)
        # a service manager re-grades it, and the SLA moves the way the policy says
        manager = logistics_user(self.env, "lsg_service_manager", "service_manager")
        complaint.with_user(manager).severity = "low"
        self.assertEqual(
            complaint.sla_policy_id, self.env.ref("logistics_service.complaint_sla_low")
        )
        self.assertGreater(complaint.resolution_deadline, deadline)

    def test_nobody_files_a_complaint_as_an_email(self):
        """The mail gateway's entry point is not an RPC method: a salesperson cannot file
        a complaint for any sender (nor raise a raw error) by calling it."""
        self.login(self.salesman)
        author = self.env["res.partner"].create({"name": "Forged", "parent_id": self.theirs.id})
        before = self.env["logistics.complaint"].search_count([])
        for msg in ({}, {"author_id": author.id, "subject": "Forged", "body": "x"}):
            with self.subTest(msg=msg):
                self.assertRpcRefused("logistics.complaint", "message_new", msg)
        self.assertEqual(self.env["logistics.complaint"].search_count([]), before)

    def test_dissatisfaction_cannot_be_rewritten_to_close(self):
        """An agent cannot turn the customer's Dissatisfied into Satisfied to close the
        complaint it reopened or escalated."""
        self.company.complaint_dissatisfied_action = "escalate"
        self.complaint.write({"corrective_action": "More drivers"})
        self.complaint.with_user(self.agent).action_start()
        self.complaint.with_user(self.agent).action_resolve()
        self.login(self.agent)
        visit_id = self.rpc(
            "logistics.return.visit",
            "create",
            {
                "partner_id": self.customer.id,
                "complaint_id": self.complaint.id,
                "satisfaction": "1",
            },
        )
        self.assertRpcRefused(
            "logistics.complaint", "action_close", [self.complaint.id], error="ValidationError"
        )
        for vals in ({"satisfaction": "5"}, {"complaint_id": False}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "logistics.return.visit", "write", [visit_id], vals, error="AccessError"
                )
        self.assertRpcRefused(
            "logistics.complaint", "action_close", [self.complaint.id], error="ValidationError"
        )
        self.assertEqual(self.complaint.state, "resolved")

    def test_bad_input_gets_clear_errors(self):
        self.login(self.agent)
        for vals in (
            {"subject": "  ", "partner_id": self.customer.id},
            {"subject": "x\x00", "partner_id": self.customer.id},
            {"subject": "x", "partner_id": self.customer.id, "severity": "apocalyptic"},
            {"subject": "x", "partner_id": "abc"},
            {"subject": {"en_US": "x"}, "partner_id": self.customer.id},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused("logistics.complaint", "create", vals)
        for method in ("action_start", "action_resolve", "action_close", "action_add_return_visit"):
            with self.subTest(method=method):
                self.assertRpcNotRaw("logistics.complaint", method, [])
                self.assertRpcRefused("logistics.complaint", method, [2**40])
                self.assertRpcRefused("logistics.complaint", method, ["abc"])
        self.assertEqual(self.complaint.state, "assigned")

    def test_portal_sees_no_internal_analysis(self):
        self.login(self._portal_user("lsg_portal", self.customer))
        record = self.rpc("logistics.complaint", "read", [self.complaint.id], ["subject"])
        self.assertEqual(record[0]["subject"], "Late truck")
        for fname in ("root_cause", "supplier_id", "corrective_action"):
            with self.subTest(field=fname):
                self.assertRpcRefused(
                    "logistics.complaint", "read", [self.complaint.id], [fname], error="AccessError"
                )
