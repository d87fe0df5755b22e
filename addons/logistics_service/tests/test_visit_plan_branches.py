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
