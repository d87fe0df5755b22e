from datetime import datetime

from freezegun import freeze_time
from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.addons.logistics_crm.tests.test_branches import LogisticsBranchCommon
from odoo.tests import TransactionCase, tagged


def _company_user(env, login, role, company):
    """A user of ``role`` working in ``company`` only."""
    return logistics_user(
        env, login, role, company_id=company.id, company_ids=[Command.set(company.ids)]
    )


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
        cls.head_agent = _company_user(cls.env, "lsb_head_agent", "agent", cls.head)
        cls.branch_agent = _company_user(cls.env, "lsb_branch_agent", "agent", cls.branch)

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


@tagged("post_install", "-at_install")
class TestComplaintSlaBranches(LogisticsBranchCommon, TransactionCase):
    """Each company's complaints follow its own policy if it has one, escalate to its own
    managers and to the customer's owner there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_group()
        for company in (cls.head, cls.branch):
            company.resource_calendar_id.tz = "UTC"
        cls.branch.resource_calendar_id = cls.head.resource_calendar_id.copy(
            {"company_id": cls.branch.id}
        )
        cls.head_cm = logistics_user(cls.env, "lsb_head_cm", "service_manager")
        cls.branch_cm = _company_user(cls.env, "lsb_branch_cm", "service_manager", cls.branch)
        cls.branch_boss = _company_user(cls.env, "lsb_branch_boss", "manager", cls.branch)
        cls.head.complaint_manager_id = cls.head_cm
        cls.branch.write(
            {
                "complaint_manager_id": cls.branch_cm.id,
                "logistics_branch_manager_id": cls.branch_boss.id,
            }
        )
        cls.branch_policy = cls.env["logistics.complaint.sla"].create(
            {
                "name": "Branch: high in 1 day",
                "company_id": cls.branch.id,
                "severity": "high",
                "response_hours": 1,
                "resolution_hours": 8,
                "final_escalation_hours": 1,
            }
        )

    def _complaint(self, company):
        with freeze_time("2026-11-20 09:00:00"):
            return (
                self.env["logistics.complaint"]
                .with_company(company)
                .create(
                    {
                        "subject": "Customs hold",
                        "partner_id": self.customer.id,
                        "company_id": company.id,
                        "severity": "high",
                    }
                )
            )

    def test_policy_and_escalation_per_company(self):
        self._in_branch(self.branch_sales).action_pool_serve()
        head, branch = self._complaint(self.head), self._complaint(self.branch)
        self.assertEqual(head.sla_policy_id, self.env.ref("logistics_service.complaint_sla_high"))
        self.assertEqual(branch.sla_policy_id, self.branch_policy)
        self.assertEqual(branch.resolution_deadline, datetime(2026, 11, 23, 9, 0))
        self.assertEqual(head.resolution_deadline, datetime(2026, 11, 24, 9, 0))
        # Monday 10:30: the branch's complaint went all the way up, the head office's is
        # breached (no first response) only
        with freeze_time("2026-11-23 10:30:00"):
            self.env["logistics.complaint"]._cron_escalate()
        self.assertEqual((head.escalation_level, branch.escalation_level), (2, 3))
        self.assertEqual(head.activity_ids.user_id, self.head_cm)
        self.assertEqual(
            branch.activity_ids.user_id,
            self.branch_cm | self.branch_sales | self.branch_boss,
            "the branch's managers and the customer's owner in the branch",
        )
        note = head.message_ids.filtered(lambda m: "Escalation level 2" in str(m.body))
        self.assertIn(self.head_cm.name, str(note.body))
