from odoo.tests import HttpCase, tagged

from .common import logistics_user


@tagged("post_install", "-at_install")
class TestLogisticsCrmTour(HttpCase):
    def test_claim_and_follow_up_tour(self):
        """A salesperson claims a customer from the pool and logs a follow-up."""
        user = logistics_user(self.env, "lc_tour_sales", "salesman", password="lc_tour_sales")
        pool = self.env["logistics.customer.pool"].create(
            {"name": "Tour Pool", "member_user_ids": [(6, 0, user.ids)]}
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Pool Customer", "is_company": True, "customer_stage": "intent"}
        )
        partner.action_pool_enroll(pool)
        self.start_tour("/odoo", "logistics_crm_claim_tour", login="lc_tour_sales")
        self.assertEqual(partner.user_id, user)
        self.assertEqual(partner.pool_state, "owned")
        self.assertEqual(partner.followup_ids.summary, "Called the logistics manager")
        self.assertEqual(partner.last_followup_date, partner.followup_ids.date)
