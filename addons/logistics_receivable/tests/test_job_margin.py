from odoo import Command
from odoo.addons.logistics_crm.tests.common import LogisticsRpcCase
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import LogisticsReceivableCommon


class JobMarginCommon(LogisticsReceivableCommon):
    """An order of 1000 estimated at 800 (margin 20 %), and the carrier it buys from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carrier = cls.env["res.partner"].create({"name": "Carrier", "is_company": True})
        # who posts the carriers' bills: billing and purchase rights, no sales rights
        cls.accountant = new_test_user(
            cls.env,
            login="lrj_accountant",
            groups="account.group_account_invoice,purchase.group_purchase_user",
        )

    def _job(self, qty=1):
        order = self._order(qty=qty)
        order.action_confirm()
        return order

    def _purchase(self, order, price, qty=1):
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.carrier.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": qty,
                            "price_unit": price,
                            "taxes_id": [Command.clear()],
                            "sale_line_id": order.order_line.id,
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        return purchase

    def _bill(self, purchase, qty=None, user=None):
        """The carrier's bill of ``purchase`` (``qty`` of it), posted by the accountant."""
        purchase.order_line.qty_received = purchase.order_line.product_qty
        bill = self.env["account.move"].browse(purchase.action_create_invoice()["res_id"])
        bill.invoice_date = self.today
        if qty is not None:
            bill.invoice_line_ids.quantity = qty
        bill.with_user(user or self.accountant).action_post()
        return bill

    def _direct_bill(self, order, amount, move_type="in_invoice", currency=None):
        """A carrier's bill entered without a purchase order, pointing to the job."""
        bill = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.carrier.id,
                "invoice_date": self.today,
                "currency_id": (currency or self.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Trucking",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [],
                            "logistics_sale_line_id": order.order_line.id,
                        }
                    )
                ],
            }
        )
        bill.with_user(self.accountant).action_post()
        return bill


@tagged("post_install", "-at_install")
class TestJobMargin(JobMarginCommon):
    def test_estimated_until_the_vendor_bill_is_posted(self):
        order = self._job()
        self.assertEqual(order.logistics_cost_state, "estimated")
        self.assertEqual(order.logistics_job_margin, 200.0)  # sale_margin's estimate
        purchase = self._purchase(order, 900.0)
        self.assertEqual(order.purchase_order_count, 1)
        self.assertEqual(order.logistics_cost_state, "estimated", "a purchase is no cost yet")
        bill = self._bill(purchase)
        self.assertEqual(bill.invoice_line_ids.logistics_sale_line_id, order.order_line)
        self.assertEqual(order.logistics_cost_state, "actual")
        self.assertEqual(order.logistics_actual_cost, 900.0)
        self.assertEqual(order.logistics_job_margin, 100.0)
        self.assertAlmostEqual(order.logistics_job_margin_percent, 0.1)
        self.assertEqual(order.margin, 200.0, "the estimate is kept next to the actual")
        bill.button_draft()
        self.assertEqual(order.logistics_cost_state, "estimated")
        self.assertEqual(order.logistics_job_margin, 200.0)

    def test_partly_billed_keeps_the_estimate(self):
        order = self._job(qty=2)
        purchase = self._purchase(order, 850.0, qty=2)
        self._bill(purchase, qty=1)
        self.assertEqual(order.logistics_cost_state, "partial")
        self.assertEqual(order.logistics_actual_cost, 850.0)
        self.assertEqual(order.logistics_job_margin, order.margin)
        self._bill(purchase, qty=1)
        self.assertEqual(order.logistics_cost_state, "actual")
        self.assertEqual(order.logistics_job_margin, 2000.0 - 1700.0)

    def test_bills_without_purchase_order_and_refunds(self):
        order = self._job()
        self._direct_bill(order, 700.0)
        self._direct_bill(order, 150.0)  # customs duties advanced
        self.assertEqual(order.logistics_actual_cost, 850.0)
        self._direct_bill(order, 100.0, move_type="in_refund")
        self.assertEqual(order.logistics_cost_state, "actual")
        self.assertEqual(order.logistics_actual_cost, 750.0)
        self.assertEqual(order.logistics_job_margin, 250.0)

    def test_actual_margin_alert_once_the_bills_are_posted(self):
        order = self._job()
        self.assertFalse(order.activity_ids, "20 % estimated: no alert")
        self._bill(self._purchase(order, 1050.0))  # a loss once the carrier has billed
        summaries = order.activity_ids.mapped("summary")
        self.assertEqual(len(summaries), 1)
        self.assertIn("actual margin", summaries[0])
        self.assertIn("-5.0", summaries[0])
        self.assertEqual(order.activity_ids.user_id, self.salesman)
        self._direct_bill(order, 10.0)  # still actual: no second alert
        self.assertEqual(len(order.activity_ids), 1)

    def test_bought_in_job_is_judged_on_its_actual_margin(self):
        """A job whose service is bought for it: no alert on the estimate when it is
        confirmed, the alert comes with the carrier's bill."""
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.carrier.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 1050.0,
            }
        )
        self.product.write({"standard_price": 1100.0, "service_to_purchase": True})
        order = self._job()
        self.assertFalse(order.activity_ids, "an estimated loss: judged when billed")
        purchase = order.with_env(self.env)._get_purchase_orders()
        self.assertEqual(len(purchase), 1)
        purchase.button_confirm()
        self._bill(purchase)
        self.assertEqual(order.logistics_cost_state, "actual")
        self.assertIn("actual margin", order.activity_ids.summary)

    def test_trailing_margin_and_report_count_the_actual_margin(self):
        billed, estimated = self._job(), self._job()
        self._bill(self._purchase(billed, 950.0))  # job margin 50; the other one 200
        self.company.logistics_tier_date = False  # tonight's ranking not run yet
        while self.env["logistics.customer.account"]._cron_compute_tiers():
            pass
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.logistics_margin_12m, 250.0)
        self.assertEqual(self.customer.logistics_revenue_12m, 2000.0)
        self.env.flush_all()
        [(margin, job_margin, cost)] = self.env["sale.report"]._read_group(
            [("order_reference", "in", [f"sale.order,{o.id}" for o in billed | estimated])],
            [],
            ["margin:sum", "logistics_job_margin:sum", "logistics_actual_cost:sum"],
        )
        self.assertEqual((margin, job_margin, cost), (400.0, 250.0, 950.0))

    def test_foreign_currency_job(self):
        """A job sold in another currency: its bills, in the company's currency or the
        job's, count at the order's rate; the ranking and the report convert back."""
        foreign = self.env.ref("base.EUR")
        if self.company.currency_id == foreign:
            foreign = self.env.ref("base.USD")
        foreign.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": foreign.id, "company_id": self.company.id, "rate": 2.0}
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign pricelist", "currency_id": foreign.id}
        )
        order = self._order(pricelist_id=pricelist.id)  # 1000 foreign = 500 ours
        order.action_confirm()
        self.assertEqual(order.currency_id, foreign)
        self._direct_bill(order, 300.0)  # 600 foreign
        self._direct_bill(order, 200.0, currency=foreign)  # 100 ours, 200 foreign
        self.assertEqual(order.logistics_cost_state, "actual")
        self.assertEqual(order.logistics_actual_cost, 800.0)
        self.assertEqual(order.logistics_job_margin, 200.0)
        self.assertAlmostEqual(order.logistics_job_margin_percent, 0.2)
        self.company.logistics_tier_date = False
        while self.env["logistics.customer.account"]._cron_compute_tiers():
            pass
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.logistics_margin_12m, 100.0, "in the company's currency")
        self.env.flush_all()
        [(job_margin, cost)] = self.env["sale.report"]._read_group(
            [("order_reference", "=", f"sale.order,{order.id}")],
            [],
            ["logistics_job_margin:sum", "logistics_actual_cost:sum"],
        )
        self.assertEqual((job_margin, cost), (100.0, 400.0), "in the company's currency")

    def test_a_branch_bill_is_no_cost_of_a_head_office_job(self):
        """Each company costs its own jobs: a branch's vendor bill cannot name a head
        office's job item, and the job keeps its figures."""
        branch = self._branch("Costing Branch")
        order = self._job()
        bill = (
            self.env["account.move"]
            .with_company(branch)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.carrier.id,
                    "invoice_date": self.today,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Trucking", "quantity": 1, "price_unit": 300.0, "tax_ids": []}
                        )
                    ],
                }
            )
        )
        with self.assertRaises(UserError):
            bill.invoice_line_ids.logistics_sale_line_id = order.order_line
        self.assertEqual(order.logistics_cost_state, "estimated")
        self.assertEqual(order.logistics_job_margin, 200.0)

    def test_salesperson_reads_but_cannot_write_job_figures(self):
        order = self._job()
        self._bill(self._purchase(order, 900.0))
        mine = order.with_user(self.salesman)
        self.assertEqual(mine.logistics_job_margin, 100.0)
        for values in (
            {"logistics_job_margin": 999.0},
            {"logistics_actual_cost": 0.0},
            {"logistics_cost_state": "estimated"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                mine.write(values)
        with self.assertRaises(AccessError):
            mine.order_line.write({"logistics_job_margin": 999.0})
        self.assertEqual(order.logistics_job_margin, 100.0)


@tagged("post_install", "-at_install")
class TestJobMarginOverRpc(LogisticsRpcCase, JobMarginCommon):
    def test_salesperson_cannot_rewrite_the_job_margin(self):
        order = self._job()
        self._bill(self._purchase(order, 1050.0))
        self.login(self.salesman)
        for model, ids, values in (
            ("sale.order", order.ids, {"logistics_job_margin": 500.0}),
            ("sale.order", order.ids, {"logistics_cost_state": "estimated"}),
            ("sale.order.line", order.order_line.ids, {"logistics_actual_cost": 0.0}),
        ):
            with self.subTest(model=model, values=values):
                self.assertRpcRefused(model, "write", ids, values, error="AccessError")
        self.assertEqual(order.logistics_job_margin, -50.0)
        self.assertEqual(order.logistics_cost_state, "actual")
