from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import LogisticsSupplierCommon


@tagged("post_install", "-at_install")
class TestSupplierRates(LogisticsSupplierCommon):
    def _rate(self, supplier, price, **vals):
        return self.env["product.supplierinfo"].create(
            {
                "partner_id": supplier.id,
                "product_tmpl_id": self.trucking.product_tmpl_id.id,
                "price": price,
                **vals,
            }
        )

    def test_cheapest_valid_rate_is_the_cost_rate(self):
        today = fields.Date.today()
        self.assertEqual(self.trucking._logistics_cost_rate(), 7.0, "no rate card: product cost")
        self._rate(self.carrier, 6.0)
        self._rate(self.carrier2, 5.5)
        self._rate(self.carrier2, 4.0, date_end=today - timedelta(days=1))  # expired
        self._rate(self.carrier2, 3.0, date_start=today + timedelta(days=10))  # not yet
        self.assertEqual(self.trucking._logistics_cost_rate(), 5.5)
        self.assertEqual(self.trucking.product_tmpl_id.logistics_cost_rate, 5.5)

    def test_preferred_rate_wins(self):
        self._rate(self.carrier, 6.0, is_preferred=True)
        self._rate(self.carrier2, 5.5)
        self.assertEqual(self.trucking._logistics_cost_rate(), 6.0)

    def test_blacklisted_supplier_rate_ignored(self):
        self._rate(self.carrier, 6.0)
        self._rate(self.carrier2, 5.5)
        self.carrier2.sudo().supplier_state = "blacklisted"
        self.assertEqual(self.trucking._logistics_cost_rate(), 6.0)

    def test_rate_feeds_quote_margin(self):
        self._rate(self.carrier, 6.0)
        order = self._quote(lines=[(self.trucking, 100, 0.0)])
        self.assertEqual(order.order_line.purchase_price, 6.0)
        self.assertAlmostEqual(order.margin, 100 * (10.0 - 6.0))

    def test_cost_analysis(self):
        lane = self.env["logistics.lane"].create({"origin": "Shanghai", "destination": "Suzhou"})
        self.assertEqual(lane.name, "Shanghai → Suzhou")
        self._rate(self.carrier, 6.0, lane_id=lane.id)
        po = self._po(self.carrier, qty=100, price=6.0)
        po.button_confirm()
        so = self._quote(lines=[(self.trucking, 100, 0.0)])
        so.action_confirm()
        self.env.flush_all()
        rows = self.env["logistics.supplier.cost"]._read_group(
            [("product_id", "=", self.trucking.id)], ["lane_id"], ["cost:sum", "revenue:sum"]
        )
        totals = {lane_: (cost, revenue) for lane_, cost, revenue in rows}
        self.assertEqual(totals[lane], (600.0, 0.0))
        self.assertEqual(totals[self.env["logistics.lane"]], (0.0, 1000.0))
        by_supplier = (
            self.env["logistics.supplier.cost"]
            .with_user(self.buyer)
            ._read_group([("partner_id", "=", self.carrier.id)], [], ["cost:sum"])
        )
        self.assertEqual(by_supplier, [(600.0,)])
