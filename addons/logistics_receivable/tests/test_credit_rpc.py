from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCreditOverRpc(HttpCase):
    """What the web client does not offer a salesperson, JSON-RPC does not allow either."""

    def test_salesperson_cannot_change_credit_over_rpc(self):
        logistics_user(self.env, "lr_rpc_sales", "salesman", password="lr_rpc_sales")
        customer = self.env["res.partner"].create(
            {
                "name": "RPC Customer",
                "is_company": True,
                "credit_hold": True,
                "credit_hold_reason": "Cheque bounced",
                "credit_limit": 5000.0,
            }
        )
        order = self.env["sale.order"].create({"partner_id": customer.id})
        self.authenticate("lr_rpc_sales", "lr_rpc_sales")
        calls = [
            ("res.partner", "write", [[customer.id], {"credit_hold": False}]),
            ("res.partner", "write", [[customer.id], {"credit_limit": 1e9}]),
            ("res.partner", "write", [[customer.id], {"credit_grade": "A"}]),
            ("res.partner", "write", [[customer.id], {"credit_investigation_score": 100}]),
            ("res.partner", "action_credit_rate", [[customer.id]]),
            ("sale.order", "action_credit_override", [[order.id], "I say so"]),
            ("logistics.credit.rating", "create", [{"partner_id": customer.id, "grade": "A"}]),
            ("logistics.credit.grade.policy", "create", [{"grade": "U", "decision": "accept"}]),
        ]
        for model, method, args in calls:
            with self.subTest(model=model, method=method, args=args), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException) as caught:
                    self.make_jsonrpc_request(
                        f"/web/dataset/call_kw/{model}/{method}",
                        {"model": model, "method": method, "args": args, "kwargs": {}},
                    )
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        customer.invalidate_recordset()
        self.assertTrue(customer.credit_hold)
        self.assertEqual(customer.credit_limit, 5000.0)
        self.assertFalse(customer.credit_grade)
        self.assertEqual(order.state, "draft")

    def test_salesperson_cannot_mail_themselves_a_statement_over_rpc(self):
        """The statement placeholders the dunning templates use render without QWeb for
        anyone (``mail_allowed_qweb_expressions``): a salesperson composing a mass mailing
        with one must still not get the statement, which only the credit team and the
        accountants read."""
        salesman = logistics_user(self.env, "lr_rpc_stmt", "salesman", password="lr_rpc_stmt")
        customer = self.env["res.partner"].create(
            {"name": "Statement Customer", "is_company": True, "email": "ap@statement.example"}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_user_id": salesman.id,
                "invoice_date": "2026-01-01",
                "invoice_date_due": "2026-01-31",
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Freight", "quantity": 1, "price_unit": 4321.0, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        mails = self.env["mail.mail"].search_count([])
        self.authenticate("lr_rpc_stmt", "lr_rpc_stmt")
        composer = self.make_jsonrpc_request(
            "/web/dataset/call_kw/mail.compose.message/create",
            {
                "model": "mail.compose.message",
                "method": "create",
                "args": [
                    {
                        "composition_mode": "mass_mail",
                        "model": "res.partner",
                        "res_ids": str(customer.ids),
                        "subject": "Your statement",
                        "body": '<p t-out="object.logistics_statement_html"/>',
                    }
                ],
                "kwargs": {},
            },
        )
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/mail.compose.message/action_send_mail",
                {
                    "model": "mail.compose.message",
                    "method": "action_send_mail",
                    "args": [[composer]],
                    "kwargs": {},
                },
            )
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        self.assertFalse(
            self.env["mail.message"].search([("body", "ilike", invoice.name)]),
            "the statement went nowhere",
        )
