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
