from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import LogisticsServiceCommon


@tagged("post_install", "-at_install")
class TestLogisticsServiceTour(HttpCase, LogisticsServiceCommon):
    def test_quote_approval_tour(self):
        """A quotation beyond the salesperson's authority: the manager approves it from
        the approval list, then confirms it."""
        self.manager.password = "ls_manager"
        order = self._quote(lines=[(self.customs, 10, 15.0)])
        order.with_user(self.salesman).action_request_approval()
        self.start_tour(
            "/odoo/quotations-to-approve", "logistics_service_approval_tour", login="ls_manager"
        )
        self.assertEqual(order.approval_state, "approved")
        self.assertEqual(order.state, "sale")

    def test_solution_margin_reads_as_a_percentage(self):
        """The margins of a solution read as percentages of its revenue, as Odoo's do."""
        self.manager.password = "ls_manager"
        solution = self.env["logistics.solution"].create(
            {
                "name": "Import customs + trucking",
                "line_ids": [
                    Command.create({"product_id": self.customs.id, "quantity": 2}),
                    Command.create({"product_id": self.trucking.id, "quantity": 100}),
                ],
            }
        )
        self.start_tour(
            f"/odoo/action-logistics_service.logistics_solution_action/{solution.id}",
            "logistics_service_solution_margin_tour",
            login="ls_manager",
        )
