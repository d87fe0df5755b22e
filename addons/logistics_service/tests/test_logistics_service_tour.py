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
