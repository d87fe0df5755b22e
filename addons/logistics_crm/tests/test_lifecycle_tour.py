from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import logistics_user


@tagged("post_install", "-at_install")
class TestLifecycleTour(HttpCase):
    def test_claim_call_and_release_date_tour(self):
        """A salesperson claims a prospect from the pool's cards, logs a call on the
        opportunity of a customer owned for 20 days and sees its release date move: the
        call restarts the 30 days of follow-up."""
        user = logistics_user(self.env, "lc_tour_life", "salesman", password="lc_tour_life")
        today = fields.Date.context_today(user)
        pool = self.env["logistics.customer.pool"].create(
            {
                "name": "Lifecycle Pool",
                "followup_days": 30,
                "deal_days": 90,
                "protect_days": 120,
                "member_user_ids": [(6, 0, user.ids)],
            }
        )
        Partner = self.env["res.partner"]
        prospect = Partner.create(
            {"name": "Tour Lifecycle Prospect", "is_company": True, "customer_stage": "intent"}
        )
        prospect.action_pool_enroll(pool)
        customer = Partner.create(
            {"name": "Tour Lifecycle Shipper", "is_company": True, "customer_stage": "intent"}
        )
        customer.action_pool_enroll(pool)
        customer.with_user(user).action_pool_claim()
        # claimed 20 days ago, never followed up since: 10 days left
        customer.sudo().logistics_account_ids.write({"pool_claim_date": today - timedelta(20)})
        self.assertEqual(customer.pool_release_date, today + timedelta(10))
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Tour Lifecycle Trial Shipments",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": user.id,
            }
        )

        self.start_tour(
            "/odoo/customer-pool?view_type=kanban",
            "logistics_crm_lifecycle_tour",
            login="lc_tour_life",
        )

        self.env.invalidate_all()
        self.assertEqual((prospect.pool_state, prospect.pool_user_id), ("owned", user))
        self.assertEqual(prospect.pool_release_date, today + timedelta(30))
        self.assertEqual((customer.pool_state, customer.pool_user_id), ("owned", user))
        followup = self.env["logistics.followup"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(followup), 1)
        self.assertEqual(
            (followup.lead_id, followup.channel, followup.user_id, followup.date),
            (opportunity, "phone", user, today),
        )
        self.assertEqual(followup.summary, "Trial shipment rates")
        self.assertIn("Agreed on a trial shipment next week", followup.note)
        self.assertEqual(customer.last_followup_date, today)
        self.assertEqual(customer.pool_release_date, today + timedelta(30))
        self.assertFalse(opportunity.activity_ids)
