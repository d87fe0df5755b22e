from datetime import timedelta

from odoo import Command, fields
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsReceivableCommon


@tagged("post_install", "-at_install")
class TestCreditControl(LogisticsReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "account_use_credit_limit": True,
                "credit_block_enabled": True,
                "credit_overdue_days": 30,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Credit Customer",
                "is_company": True,
                "customer_stage": "intent",
                "credit_limit": 10000.0,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Ocean freight",
                "type": "service",
                "list_price": 1000.0,
                "standard_price": 800.0,
                "invoice_policy": "order",
            }
        )

    def _order(self, qty=1, price=1000.0, user=None, partner=None):
        return (
            self.env["sale.order"]
            .with_user(user or self.salesman)
            .create(
                {
                    "partner_id": (partner or self.customer).id,
                    "user_id": (user or self.salesman).id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": qty,
                                "price_unit": price,
                            }
                        )
                    ],
                }
            )
        )

    def _invoice(self, amount, due_days_ago=0):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": fields.Date.today() - timedelta(days=due_days_ago),
                "invoice_date_due": fields.Date.today() - timedelta(days=due_days_ago),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Freight", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_blocking_is_opt_in(self):
        self.company.write({"credit_block_enabled": False, "credit_overdue_days": 0})
        self._invoice(100.0, due_days_ago=45)
        order = self._order(qty=20)  # far above the limit: Odoo's warning only
        self.assertTrue(order.partner_credit_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_within_limit_confirms(self):
        order = self._order(qty=5)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_exposure_over_limit_blocks(self):
        self._invoice(4000.0)
        self._order(qty=4).action_confirm()  # 4000 open + 4000 uninvoiced
        order = self._order(qty=3)  # + 3000 > 10000
        self.assertIn("above its credit limit", order.credit_block_reason)
        with self.assertRaisesRegex(UserError, "above its credit limit"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_batch_confirmation_counts_the_orders_before(self):
        first, second = self._order(qty=6), self._order(qty=6)  # 6000 + 6000 > 10000
        self.assertFalse(first.credit_block_reason or second.credit_block_reason)
        with self.assertRaises(UserError) as caught:
            (first | second).action_confirm()
        self.assertIn("above its credit limit", str(caught.exception))
        self.assertEqual((first | second).mapped("state"), ["draft", "draft"])

    def _online_payment(self, order, reference):
        if not hasattr(self, "_provider"):
            self._provider = self.env["payment.provider"].create({"name": "Card", "code": "none"})
            self._method = self.env["payment.method"].create({"name": "Card", "code": "lr_card"})
        return self.env["payment.transaction"].create(
            {
                "provider_id": self._provider.id,
                "payment_method_id": self._method.id,
                "reference": reference,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "state": "done",
                "sale_order_ids": [Command.set(order.ids)],
            }
        )

    def test_order_paid_online_waits_for_the_credit_manager(self):
        """A customer on credit hold pays a quotation online: the payment is not refused
        (nor retried forever); the order waits, and the credit manager is asked."""
        self.company.credit_controller_id = self.credit_manager
        self.customer.sudo().credit_hold = True
        order = self._order()
        transaction = self._online_payment(order, "LR-TX-1")
        confirmed = transaction._check_amount_and_confirm_order()
        self.assertFalse(confirmed)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.activity_ids.user_id, self.credit_manager)
        self.assertIn("paid online", order.activity_ids.summary)
        # the credit manager decides
        order.with_user(self.credit_manager).action_credit_override(reason="Paid by card")
        self.assertEqual(order.state, "sale")
        # without a block, an online payment confirms as usual
        self.customer.sudo().credit_hold = False
        other = self._order()
        self.assertEqual(
            self._online_payment(other, "LR-TX-2")._check_amount_and_confirm_order(), other
        )
        self.assertEqual(other.state, "sale")

    def test_long_overdue_debt_blocks(self):
        self._invoice(100.0, due_days_ago=45)
        order = self._order()
        with self.assertRaisesRegex(UserError, "overdue for more than 30 days"):
            order.action_confirm()
        self.company.credit_overdue_days = 60
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_credit_hold_blocks_and_salesperson_cannot_lift_it(self):
        self.customer.with_user(self.credit_manager).write(
            {"credit_hold": True, "credit_hold_reason": "Cheque bounced"}
        )
        order = self._order()
        with self.assertRaisesRegex(UserError, "Cheque bounced"):
            order.action_confirm()
        for vals in (
            {"credit_hold": False},
            {"credit_limit": 1e9},
            {"margin_policy": "stop"},
            {"use_partner_credit_limit": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.customer.with_user(self.salesman).write(vals)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.controller).write({"credit_hold": False})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).create(
                {"name": "New", "credit_limit": 1e9}
            )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).with_context(
                default_credit_limit=1e9
            ).create({"name": "New"})
        self.assertTrue(self.customer.credit_hold)

    def test_credit_manager_override_is_logged(self):
        self.customer.sudo().credit_hold = True
        order = self._order()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_credit_override(reason="please")
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).write({"credit_override_user_id": self.salesman.id})
        action = order.with_user(self.credit_manager).action_credit_override()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
            .create({"reason": "Guarantee received"})
        )
        wizard.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.credit_override_user_id, self.credit_manager)
        self.assertIn("Guarantee received", order.message_ids[0].body)

    def test_override_cannot_be_created_and_does_not_survive_a_reset(self):
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman).create(
                {
                    "partner_id": self.customer.id,
                    "credit_override_user_id": self.salesman.id,
                }
            )
        self.customer.sudo().credit_hold = True
        order = self._order()
        order.with_user(self.credit_manager).action_credit_override(reason="Once")
        order.with_user(self.credit_manager)._action_cancel()
        order.with_user(self.credit_manager).action_draft()
        self.assertFalse(order.credit_override_user_id)
        with self.assertRaisesRegex(UserError, "credit hold"):
            order.action_confirm()

    def test_margin_policy(self):
        self.customer.sudo().margin_policy = "stop"
        order = self._order()
        with self.assertRaisesRegex(UserError, "no longer accepted"):
            order.action_confirm()
        with self.assertRaisesRegex(UserError, "no longer accepted"):
            order.with_user(self.credit_manager).action_credit_override(reason="try")
        self.customer.sudo().margin_policy = "approval"
        with self.assertRaisesRegex(UserError, "approval"):
            order.action_confirm()
        order.with_user(self.credit_manager).action_credit_override(reason="Approved once")
        self.assertEqual(order.state, "sale")

    def test_margin_alerts(self):
        manager = logistics_user(self.env, "lr_team_lead", "manager")
        team = self.env["crm.team"].create({"name": "Freight", "user_id": manager.id})
        low = self._order(price=850.0)  # 5.9 % < 10 %
        low.team_id = team
        low.action_confirm()
        self.assertEqual(low.activity_ids.user_id, self.salesman)
        negative = self._order(price=700.0)
        negative.team_id = team
        negative.action_confirm()
        self.assertEqual(negative.activity_ids.user_id, self.salesman | manager)
        healthy = self._order(price=1000.0)
        healthy.action_confirm()
        self.assertFalse(healthy.activity_ids)

    def test_margin_threshold_per_tier(self):
        Threshold = self.env["logistics.margin.threshold"]
        Threshold.with_user(self.credit_manager).create(
            {"customer_tier": "strategic", "low_percent": 3.0}
        )
        with self.assertRaises(ValidationError):  # one threshold per tier
            Threshold.create({"customer_tier": "strategic", "low_percent": 5.0})
        with self.assertRaises(AccessError):
            Threshold.with_user(self.salesman).create(
                {"customer_tier": "general", "low_percent": 1.0}
            )
        self.customer.sudo().customer_tier_override = "strategic"
        order = self._order(price=850.0)  # 5.9 %: enough for a strategic customer
        order.action_confirm()
        self.assertFalse(order.activity_ids)
        negative = self._order(price=700.0)  # but a loss always asks for a diagnosis
        negative.action_confirm()
        self.assertTrue(negative.activity_ids)
        self.customer.sudo().write({"logistics_revenue_12m": 1000.0, "logistics_margin_12m": 50.0})
        self.assertEqual(self.customer.margin_status, "healthy")  # 5 % >= 3 %

    def test_customer_margin_status(self):
        self.customer.sudo().write({"logistics_revenue_12m": 1000.0, "logistics_margin_12m": 50.0})
        self.assertEqual(self.customer.margin_status, "low")
        self.customer.sudo().logistics_margin_12m = -10.0
        self.assertEqual(self.customer.margin_status, "negative")
        self.customer.sudo().logistics_margin_12m = 300.0
        self.assertEqual(self.customer.margin_status, "healthy")

    def test_check_costs_constant_queries(self):
        """The credit check reads aggregates: 2 or 20 invoices, 1 or 5 open orders, the
        same number of queries."""
        for _i in range(2):
            self._invoice(10.0)
        self._order().action_confirm()
        order = self._order()
        order._logistics_credit_block_reason()  # warm the caches of the framework
        self.env.invalidate_all()
        with self.assertQueryCount(26):
            order._logistics_credit_block_reason()
        for _i in range(18):
            self._invoice(10.0)
        for _i in range(4):
            self._order().action_confirm()
        self.env.invalidate_all()
        with self.assertQueryCount(26):
            order._logistics_credit_block_reason()

    def test_360_overdue_in_the_current_company_and_its_currency(self):
        self._invoice(700.0, due_days_ago=10)
        self._invoice(300.0, due_days_ago=-10)  # not due yet
        self.assertEqual(self.customer.logistics_overdue_amount, 700.0)
        self.assertEqual(self.customer.logistics_currency_id, self.company.currency_id)
        other_currency = self.env["res.currency"].search(
            [("id", "!=", self.company.currency_id.id), ("active", "in", (True, False))], limit=1
        )
        branch = self.env["res.company"].create(
            {"name": "Overdue Branch", "currency_id": other_currency.id}
        )
        in_branch = self.customer.with_company(branch)
        self.assertEqual(in_branch.logistics_overdue_amount, 0.0)
        self.assertEqual(in_branch.logistics_currency_id, other_currency)
