from datetime import date

from odoo.tests import HttpCase, tagged

from .common import LogisticsSupplierCommon


@tagged("post_install", "-at_install")
class TestLogisticsSupplierTour(HttpCase, LogisticsSupplierCommon):
    def test_supplier_duplicate_and_evaluation_tour(self):
        """Create a supplier, see the duplicate warning, then score an evaluation."""
        self.supplier_manager.password = "lsu_manager"
        evaluation = self.env["logistics.supplier.evaluation"].create(
            {
                "partner_id": self.carrier.id,
                "period_start": date(2026, 7, 1),
                "period_end": date(2026, 9, 30),
            }
        )
        self.start_tour("/odoo/logistics-suppliers", "logistics_supplier_tour", login="lsu_manager")
        new = self.env["res.partner"].search([("name", "=", "Yangtze Trucking Ltd")])
        self.assertTrue(new.supplier_code, "created despite the warning, with its own code")
        self.assertEqual(evaluation.state, "done")
        self.assertEqual(
            evaluation.line_ids.filtered(
                lambda line: line.criterion_id.name == "Responsiveness"
            ).score,
            88,
        )
