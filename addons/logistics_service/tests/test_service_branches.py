from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.addons.logistics_crm.tests.test_branches import LogisticsBranchCommon
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestVisitPlanBranches(LogisticsBranchCommon, TransactionCase):
    """A branch's return-visit plan follows the branch's tiers and owners, not the head
    office's, whichever company the cron runs in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_group()

    def test_branch_plan_visits_the_branch_owners_customers(self):
        self._in_branch(self.branch_sales).action_pool_serve()
        self.customer.with_company(self.branch).sudo().customer_tier_override = "strategic"
        self.assertNotEqual(self.customer.customer_tier, "strategic", "not at the head office")
        self.env["logistics.visit.plan"].create(
            {"tier": "strategic", "interval_months": 1, "company_id": self.branch.id}
        )
        self.env["logistics.visit.plan"]._cron_plan_visits()
        kind = self.env.ref("logistics_service.mail_activity_type_return_visit")
        visits = self.customer.activity_ids.filtered(lambda a: a.activity_type_id == kind)
        self.assertEqual(visits.user_id, self.branch_sales, "the branch's owner visits")


@tagged("post_install", "-at_install")
class TestComplaintBranches(LogisticsBranchCommon, TransactionCase):
    """What a dissatisfied return visit does is the complaint's company's choice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_group()
        cls.branch.complaint_dissatisfied_action = "escalate"
        cls.head_agent = logistics_user(
            cls.env,
            "lsb_head_agent",
            "agent",
            company_id=cls.head.id,
            company_ids=[Command.set(cls.head.ids)],
        )
        cls.branch_agent = logistics_user(
            cls.env,
            "lsb_branch_agent",
            "agent",
            company_id=cls.branch.id,
            company_ids=[Command.set(cls.branch.ids)],
        )

    def _dissatisfied(self, company, agent):
        complaint = (
            self.env["logistics.complaint"]
            .with_company(company)
            .create(
                {
                    "subject": "Late truck",
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    "handler_id": agent.id,
                    "root_cause": "Driver shortage",
                    "corrective_action": "More drivers",
                }
            )
        )
        complaint.with_user(agent).with_company(company).action_resolve()
        self.env["logistics.return.visit"].with_user(agent).with_company(company).create(
            {"partner_id": self.customer.id, "complaint_id": complaint.id, "satisfaction": "1"}
        )
        return complaint

    def test_each_company_decides_on_dissatisfied_customers(self):
        self.assertEqual(self._dissatisfied(self.head, self.head_agent).state, "in_progress")
        branch_complaint = self._dissatisfied(self.branch, self.branch_agent)
        self.assertEqual(branch_complaint.state, "resolved", "the branch escalates")
        self.assertIn("Escalated to", branch_complaint.message_ids[0].body)
