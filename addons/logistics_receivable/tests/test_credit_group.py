from datetime import timedelta

from odoo import Command
from odoo.addons.logistics_crm.tests.common import LogisticsRpcCase, logistics_user
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsReceivableCommon


class GroupCreditCommon(LogisticsReceivableCommon):
    """A head office and a member company in another currency (1 of it = 2 of the head
    office's) share one credit limit per customer, held by the head office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head = cls.company
        cls.foreign = cls.env["res.currency"].search(
            [("id", "!=", cls.head.currency_id.id), ("active", "in", (True, False))], limit=1
        )
        cls.foreign.active = True
        cls.branch = cls.env["res.company"].create(
            {"name": "Group Credit Branch", "currency_id": cls.foreign.id}
        )
        cls.env.user.company_ids |= cls.branch
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.branch, install_demo=False
        )
        cls.branch.currency_id = cls.foreign  # (the chart sets its country's currency)
        for currency, rate in ((cls.head.currency_id, 1.0), (cls.foreign, 0.5)):
            cls.env["res.currency.rate"].create(
                {
                    "currency_id": currency.id,
                    "company_id": cls.head.id,
                    "name": cls.today - timedelta(days=1),
                    "rate": rate,
                }
            )
        (cls.head | cls.branch).write({"credit_block_enabled": True})
        cls.head.write({"account_use_credit_limit": True, "credit_group_company_id": cls.head.id})
        cls.branch.credit_group_company_id = cls.head
        cls.customer.with_company(cls.head).credit_limit = 10000.0

    def _branch_order(self, price):
        return (
            self.env["sale.order"]
            .with_company(self.branch)
            .create(
                {
                    "company_id": self.branch.id,
                    "partner_id": self.customer.id,
                    "pricelist_id": False,  # in the branch's currency
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": price,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def _branch_invoice(self, amount):
        invoice = (
            self.env["account.move"]
            .with_company(self.branch)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "currency_id": self.foreign.id,
                    "invoice_date": self.today,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Freight", "quantity": 1, "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice


@tagged("post_install", "-at_install")
class TestGroupCreditLimit(GroupCreditCommon):
    def test_one_limit_for_the_exposure_in_every_company(self):
        self._branch_invoice(2000.0)  # 4000 at the head office's rate
        self._order(qty=3).action_confirm()  # 3000 confirmed, not invoiced
        first = self._branch_order(1000.0)  # 2000: 9000 in all
        self.assertFalse(first.credit_block_reason)
        first.action_confirm()
        self.assertEqual(first.state, "sale")
        in_branch = self.customer.with_company(self.branch)
        self.assertEqual(in_branch.credit_group_holder_id, self.head)
        self.assertEqual(in_branch.credit_group_currency_id, self.head.currency_id)
        self.assertAlmostEqual(in_branch.credit_group_limit, 10000.0)
        self.assertAlmostEqual(in_branch.credit_group_exposure, 9000.0)
        # the salesperson sees it on the customer at the head office too
        seen = self.customer.with_user(self.salesman)
        self.assertAlmostEqual(seen.credit_group_exposure, 9000.0)

        # 1200 more in the branch, or 1001 more at the head office: above 10000
        second = self._branch_order(600.0)
        self.assertIn("above its group credit limit", second.credit_block_reason)
        self.assertIn(self.head.name, second.credit_block_reason)
        with self.assertRefused(UserError, "above its group credit limit"):
            second.action_confirm()
        self.assertEqual(second.state, "draft")
        head_order = self._order(price=1001.0)
        with self.assertRefused(UserError, "above its group credit limit"):
            head_order.action_confirm()
        self.assertEqual(head_order.state, "draft")
        self._order(price=1000.0).action_confirm()  # exactly the limit is within it

        # the branch leaving the group: its own (empty) limit, nothing to check there
        self.branch.credit_group_company_id = False
        self.assertFalse(second.credit_block_reason)
        second.action_confirm()
        self.assertEqual(second.state, "sale")
        self.assertFalse(in_branch.credit_group_holder_id)
        self.assertEqual(in_branch.credit_group_exposure, 0.0)

    def test_the_group_limit_is_opt_in_per_company(self):
        self.branch.credit_group_company_id = False
        self.head.credit_group_company_id = False
        self._branch_invoice(5000.0)
        order = self._order(qty=9)
        self.assertFalse(order.credit_block_reason, "the branch's debt is its own")
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_settings_name_a_company_that_holds_the_limit(self):
        other = self.env["res.company"].create({"name": "Outside the Group"})
        with self.assertRefused(ValidationError, "does not hold one"):
            self.branch.credit_group_company_id = other
        with self.assertRefused(ValidationError, "must leave it before"):
            self.head.credit_group_company_id = False
        self.assertEqual(self.branch.credit_group_company_id, self.head)
        self.assertEqual(self.head.credit_group_company_id, self.head)

    def test_only_administrators_change_the_setting(self):
        with self.assertRaises(AccessError):
            self.branch.with_user(self.credit_manager).write({"credit_group_company_id": False})
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).with_company(self.head).write(
                {"credit_limit": 1e9}
            )
        self.assertEqual(self.branch.credit_group_company_id, self.head)
        self.assertEqual(self.customer.with_company(self.head).credit_limit, 10000.0)

    def test_group_check_costs_constant_queries(self):
        self._branch_invoice(10.0)
        self._order().action_confirm()
        order = self._branch_order(10.0)
        order._logistics_credit_block_reason()  # warm the caches of the framework
        self.env.invalidate_all()
        with self.assertQueryCount(24):
            order._logistics_credit_block_reason()
        for _i in range(5):
            self._branch_invoice(10.0)
            self._order().action_confirm()
        self.env.invalidate_all()
        with self.assertQueryCount(24):
            order._logistics_credit_block_reason()


@tagged("post_install", "-at_install")
class TestGroupCreditLimitOverRpc(LogisticsRpcCase, GroupCreditCommon):
    """A branch's salesperson cannot confirm past the group credit limit, however the
    confirmation is sent."""

    def test_branch_salesperson_confirms_over_rpc(self):
        seller = logistics_user(
            self.env,
            "lgc_branch_sales",
            "salesman",
            company_id=self.branch.id,
            company_ids=[Command.set(self.branch.ids)],
        )
        self.customer.with_company(self.branch).write(
            {"customer_stage": "intent", "user_id": seller.id}
        )
        self._branch_invoice(2000.0)  # 4000
        self._order(qty=3).action_confirm()  # 3000
        self.login(seller)
        order_id = self.rpc(
            "sale.order",
            "create",
            {
                "partner_id": self.customer.id,
                "pricelist_id": False,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 1600.0, "tax_id": []}
                    )
                ],
            },
        )  # 3200 more: 10200
        order = self.env["sale.order"].browse(order_id)
        self.assertEqual(order.company_id, self.branch)
        # the customer's form in the branch shows the group's figures
        [seen] = self.rpc(
            "res.partner",
            "read",
            [self.customer.id],
            ["credit_group_holder_id", "credit_group_limit", "credit_group_exposure"],
        )
        self.assertEqual(seen["credit_group_holder_id"][0], self.head.id)
        self.assertAlmostEqual(seen["credit_group_limit"], 10000.0)
        self.assertAlmostEqual(seen["credit_group_exposure"], 7000.0)
        for method, args in (("action_confirm", []), ("write", [{"state": "sale"}])):
            with self.subTest(method=method):
                error = self.assertRpcRefused("sale.order", method, [order_id], *args)
                self.assertIn("above its group credit limit", error.message)
                self.assertEqual(order.state, "draft")
        self.assertRpcRefused(
            "res.company", "write", [self.branch.id], {"credit_group_company_id": False}
        )
        self.assertEqual(self.branch.credit_group_company_id, self.head)
