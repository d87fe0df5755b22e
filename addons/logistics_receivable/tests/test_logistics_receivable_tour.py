from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestLogisticsReceivableTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "account_use_credit_limit": True,
                "credit_block_enabled": True,
                "credit_overdue_days": 0,
            }
        )
        cls.salesman = logistics_user(
            cls.env, "lr_tour_sales", "salesman", password="lr_tour_sales", name="Tour Salesperson"
        )
        cls.credit_manager = logistics_user(
            cls.env,
            "lr_tour_credit",
            "credit_manager",
            "salesman",
            password="lr_tour_credit",
            name="Tour Credit Manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Credit Customer", "is_company": True, "credit_limit": 1000.0}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Sea freight", "type": "service", "list_price": 1000.0}
        )
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.salesman)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.salesman.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 3,
                                "price_unit": 1000.0,
                            }
                        )
                    ],
                }
            )
            .with_user(cls.env.user)
        )

    def test_blocked_confirmation_then_override_tour(self):
        """The salesperson cannot confirm a quotation above the customer's credit limit;
        a credit manager overrides the check with a reason, which the chatter keeps."""
        url = f"/odoo/action-sale.action_quotations_with_onboarding/{self.order.id}"
        self.assertIn("above its credit limit", self.order.credit_block_reason)

        self.start_tour(url, "logistics_receivable_blocked_tour", login="lr_tour_sales")
        self.assertEqual(self.order.state, "draft")
        self.assertFalse(self.order.credit_override_user_id)

        self.start_tour(url, "logistics_receivable_override_tour", login="lr_tour_credit")
        reason = "Prepayment received by wire transfer"
        self.assertEqual(self.order.state, "sale")
        self.assertEqual(self.order.credit_override_user_id, self.credit_manager)
        self.assertEqual(self.order.credit_override_reason, reason)
        self.assertTrue(
            self.order.message_ids.filtered(lambda message: reason in (message.body or "")),
            "the override reason is logged in the chatter",
        )
