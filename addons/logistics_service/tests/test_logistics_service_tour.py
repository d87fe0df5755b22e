from datetime import timedelta

from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
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

    def test_complaint_from_portal_to_survey_tour(self):
        """Portal complaint -> routed -> at risk -> escalated -> resolved -> return visit
        -> survey."""
        company = self.env.company
        # plain hours (no calendar): the test moves the clock by hours, at any hour
        company.resource_calendar_id = False
        company.complaint_survey_id = self.env.ref(
            "logistics_service.survey_complaint_satisfaction"
        )
        self.env.ref("logistics_service.complaint_sla_medium").write(
            {"response_hours": 2, "resolution_hours": 10, "at_risk_percent": 50}
        )
        agent = logistics_user(self.env, "ls_tour_agent", "agent", name="Tour Agent")
        desk_manager = logistics_user(self.env, "ls_tour_desk", "service_manager")
        desk = self.env["logistics.department"].create(
            {
                "name": "Reefer Desk",
                "manager_id": desk_manager.id,
                "member_ids": [Command.set(agent.ids)],
            }
        )
        self.env["logistics.complaint.route"].create(
            {"category": "damage", "department_id": desk.id}
        )
        contact = self.env["res.partner"].create(
            {"name": "Cold Chain Buyer", "parent_id": self.customer.id, "email": "cc@example.com"}
        )
        self.env["res.users"].create(
            {
                "name": "Cold Chain Buyer",
                "login": "ls_tour_portal",
                "password": "ls_tour_portal",
                "partner_id": contact.id,
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        self.start_tour(
            "/my/complaints/new", "logistics_service_portal_complaint_tour", login="ls_tour_portal"
        )
        complaint = self.env["logistics.complaint"].search(
            [("subject", "=", "Reefer container arrived warm")]
        )
        self.assertEqual((complaint.department_id, complaint.handler_id), (desk, agent))
        self.assertEqual(complaint.activity_ids.user_id, agent, "the handler is told")
        complaint.with_user(agent).action_start()
        # six hours later: 60 % of its ten hours used, at risk
        complaint.sudo().sla_start_date -= timedelta(hours=6)
        complaint.sudo().first_response_date -= timedelta(hours=6)
        self.assertEqual(complaint.sla_status, "at_risk")
        self.env["logistics.complaint"]._cron_escalate()
        self.assertEqual(complaint.escalation_level, 1)
        self.assertIn(desk_manager, complaint.activity_ids.user_id)
        self.start_tour(
            f"/odoo/complaints/{complaint.id}",
            "logistics_service_complaint_handling_tour",
            login=agent.login,
        )
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.sla_status, "met")
        self.assertEqual(complaint.return_visit_ids.satisfaction, "4")
        self.assertEqual(complaint.sudo().survey_input_ids.partner_id, contact, "survey sent")
