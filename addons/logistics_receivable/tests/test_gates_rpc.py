from odoo import Command
from odoo.addons.logistics_crm.tests.common import LogisticsRpcCase
from odoo.tests import tagged

from .common import LogisticsReceivableCommon


@tagged("post_install", "-at_install")
class TestCreditGatesOverRpc(LogisticsRpcCase, LogisticsReceivableCommon):
    """A customer on credit hold stays unconfirmed whatever the salesperson sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"credit_hold": True, "credit_hold_reason": "Cheque bounced"})
        cls.payer = cls.env["res.partner"].create(
            {"name": "Paying Parent", "is_company": True, "user_id": cls.salesman.id}
        )

    def setUp(self):
        super().setUp()
        self.login(self.salesman)

    def _values(self, **vals):
        return {
            "partner_id": self.customer.id,
            "order_line": [
                Command.create({"product_id": self.product.id, "price_unit": 1000.0, "tax_id": []})
            ],
            **vals,
        }

    def test_state_written_directly(self):
        order_id = self.rpc("sale.order", "create", self._values())
        self.assertRpcRefused(
            "sale.order", "write", [order_id], {"state": "sale"}, error="UserError"
        )
        self.assertEqual(self.env["sale.order"].browse(order_id).state, "draft")

    def test_created_confirmed(self):
        self.assertRpcRefused("sale.order", "create", self._values(state="sale"), error="UserError")
        self.assertFalse(self.env["sale.order"].search([("partner_id", "=", self.customer.id)]))

    def test_no_override_by_personal_default(self):
        self.assertRpcRefused(
            "ir.default",
            "set",
            "sale.order",
            "credit_override_user_id",
            self.salesman.id,
            user_id=True,
            error="AccessError",
        )
        order_id = self.rpc("sale.order", "create", self._values())
        self.assertFalse(self.env["sale.order"].browse(order_id).credit_override_user_id)
        self.assertRpcRefused("sale.order", "action_confirm", [order_id], error="UserError")

    def test_held_invoice_address(self):
        """The order is for a customer in good standing, but invoiced to a held one."""
        order_id = self.rpc(
            "sale.order",
            "create",
            self._values(partner_id=self.payer.id, partner_invoice_id=self.customer.id),
        )
        self.assertRpcRefused("sale.order", "action_confirm", [order_id], error="UserError")
        self.assertEqual(self.env["sale.order"].browse(order_id).state, "draft")

    def test_portal_reads_no_credit_file(self):
        self.customer.sudo().credit_investigation_note = "Director under investigation"
        self.login(self._portal_user("lrg_portal", self.customer))
        for fname in (
            "credit_hold",
            "credit_hold_reason",
            "credit_investigation_note",
            "credit_grade",
        ):
            with self.subTest(field=fname):
                self.assertRpcRefused(
                    "res.partner", "read", [self.customer.id], [fname], error="AccessError"
                )

    def test_collected_amounts_come_from_payments(self):
        self.customer.sudo().write({"credit_hold": False})
        order = self._order()
        order.action_confirm()
        instalment = order.payment_instalment_ids[:1]
        self.assertTrue(instalment)
        for vals in ({"paid_amount": instalment.amount}, {"payment_state": "paid"}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "logistics.payment.instalment",
                    "write",
                    [instalment.id],
                    vals,
                    error="AccessError",
                )
        self.assertEqual(instalment.paid_amount, 0.0)
