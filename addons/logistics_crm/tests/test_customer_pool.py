from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsCrmCommon


@tagged("post_install", "-at_install")
class TestCustomerPool(LogisticsCrmCommon):
    def test_claim_makes_salesperson_owner_and_logs_it(self):
        self.customer.with_user(self.salesman).action_pool_claim()
        self.assertEqual(self.customer.pool_state, "owned")
        self.assertEqual(self.customer.user_id, self.salesman)
        self.assertEqual(self.customer.pool_claim_date, self.today)
        log = self.customer.pool_log_ids.filtered(lambda entry: entry.action == "claim")
        self.assertEqual(log.user_id, self.salesman)
        self.assertEqual(log.to_user_id, self.salesman)
        # protection: the earliest of protect (90), follow-up (30), deal (60) days
        self.assertEqual(self.customer.pool_release_date, self.today + timedelta(days=30))
        self.assertEqual(self.customer.pool_reminder_date, self.today + timedelta(days=25))

    def test_claim_owned_customer_is_refused(self):
        self.customer.with_user(self.salesman).action_pool_claim()
        # another owner's customer is hidden: nothing is said of it (nor of its owner)
        with self.assertRaisesRegex(AccessError, "^This customer is not available to you.$"):
            self.customer.with_user(self.salesman2).action_pool_claim()
        self.assertEqual(self.customer.user_id, self.salesman)

    def test_claim_requires_membership(self):
        self.customer.sudo().pool_state = "pool"
        with self.assertRaisesRegex(AccessError, "not available to you"):
            self.customer.with_user(self.outsider).action_pool_claim()
        self.assertFalse(self.customer.user_id)

    def test_claim_cap(self):
        self.pool.max_owned_per_user = 1
        self.customer.with_user(self.salesman).action_pool_claim()
        with self.assertRaisesRegex(UserError, "limit is 1"):
            self.customer2.with_user(self.salesman).action_pool_claim()
        self.assertEqual(self.customer2.pool_state, "pool")

    def test_claim_cap_ignores_formal_customers_unless_configured(self):
        self.pool.max_owned_per_user = 1
        self.customer.with_user(self.salesman).action_pool_claim()
        self.customer._logistics_touch_deal()
        self.assertEqual(self.customer.customer_stage, "formal")
        self.customer2.with_user(self.salesman).action_pool_claim()  # formal one not counted
        self.assertEqual(self.customer2.user_id, self.salesman)
        third = self._pool_customer("Third Customer")
        self.pool.cap_counts_business = True
        with self.assertRaises(UserError):
            third.with_user(self.salesman).action_pool_claim()

    def test_daily_claim_limit(self):
        self.pool.daily_claim_limit = 1
        self.customer.with_user(self.salesman).action_pool_claim()
        with self.assertRaisesRegex(UserError, "daily limit is 1"):
            self.customer2.with_user(self.salesman).action_pool_claim()
        # another salesperson has their own quota
        self.customer2.with_user(self.salesman2).action_pool_claim()
        self.assertEqual(self.customer2.user_id, self.salesman2)

    def test_reclaim_cooldown(self):
        self.pool.reclaim_cooldown_days = 10
        self.customer.with_user(self.salesman).action_pool_claim()
        self.customer.with_user(self.salesman).action_pool_release(reason="No potential")
        with self.assertRaisesRegex(UserError, "after 10 days"):
            self.customer.with_user(self.salesman).action_pool_claim()
        self.customer.with_user(self.salesman2).action_pool_claim()
        self.assertEqual(self.customer.user_id, self.salesman2)

    def test_release_by_owner_keeps_history_and_followups(self):
        self.customer.with_user(self.salesman).action_pool_claim()
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        followup = (
            self.env["logistics.followup"]
            .with_user(self.salesman)
            .create({"partner_id": self.customer.id, "summary": "Call", "channel": "phone"})
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Deal",
                "partner_id": self.customer.id,
                "type": "opportunity",
                "user_id": self.salesman.id,
            }
        )
        self.customer.with_user(self.salesman).action_pool_release(reason="Moved abroad")
        self.assertEqual(self.customer.pool_state, "pool")
        self.assertFalse(self.customer.user_id)
        self.assertFalse(self.customer.pool_release_date)
        self.assertTrue(contact.exists() and followup.exists() and lead.exists())
        log = self.customer.pool_log_ids.filtered(lambda entry: entry.action == "release")
        self.assertEqual(log.from_user_id, self.salesman)
        self.assertEqual(log.reason, "Moved abroad")
        self.assertEqual(len(self.customer.pool_log_ids), 3)  # enroll, claim, release

    def test_release_hands_opportunities_and_activities_back(self):
        """A released customer's open opportunities and activities do not stay with the
        former owner: to the pool's manager (or unassigned), nothing deleted."""
        partner = self._owned_customer("Handover Ltd", self.salesman)
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": partner.id})
        Lead = self.env["crm.lead"]
        open_lead = Lead.create(
            {
                "name": "Open",
                "partner_id": contact.id,
                "type": "opportunity",
                "user_id": self.salesman.id,
            }
        )
        won = Lead.create(
            {
                "name": "Won",
                "partner_id": partner.id,
                "type": "opportunity",
                "user_id": self.salesman.id,
            }
        )
        won.action_set_won()
        colleague = Lead.create(
            {
                "name": "Colleague's",
                "partner_id": partner.id,
                "type": "opportunity",
                "user_id": self.salesman2.id,
            }
        )
        call = partner.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.salesman.id, summary="Call back"
        )
        lead_call = open_lead.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.salesman.id
        )
        reminder = partner.activity_schedule(
            "logistics_crm.mail_activity_type_pool_release", user_id=self.salesman.id
        )
        self.pool.manager_id = self.manager
        partner.with_user(self.salesman).action_pool_release(reason="Too far")
        self.assertEqual(open_lead.user_id, self.manager)
        self.assertEqual(won.user_id, self.salesman, "won business stays with who won it")
        self.assertEqual(colleague.user_id, self.salesman2)
        self.assertEqual((call.user_id, lead_call.user_id), (self.manager, self.manager))
        self.assertFalse(reminder.exists(), "the release reminder is pointless now")
        self.assertTrue(open_lead.exists() and won.exists() and call.exists())
        # without a pool manager the opportunities are unassigned, activities closed
        other = self._owned_customer("Handover Two", self.salesman)
        lead2 = Lead.create(
            {
                "name": "Open 2",
                "partner_id": other.id,
                "type": "opportunity",
                "user_id": self.salesman.id,
            }
        )
        call2 = other.activity_schedule("mail.mail_activity_data_call", user_id=self.salesman.id)
        self.pool.manager_id = False
        other.sudo().pool_claim_date = self.today - timedelta(days=200)
        self.env["logistics.customer.pool"]._cron_release_expired()
        self.assertEqual(other.pool_state, "pool")
        self.assertFalse(lead2.user_id)
        self.assertEqual((call2.user_id, call2.active), (self.salesman, False))

    def test_release_without_reason_opens_wizard(self):
        self.customer.with_user(self.salesman).action_pool_claim()
        action = self.customer.with_user(self.salesman).action_pool_release()
        self.assertEqual(action["res_model"], "logistics.reason.wizard")
        wizard = (
            self.env["logistics.reason.wizard"]
            .with_user(self.salesman)
            .with_context(**action["context"])
            .create({"reason": "Not a fit"})
        )
        self.assertEqual(wizard.record_names, self.customer.display_name)
        wizard.action_confirm()
        self.assertEqual(self.customer.pool_state, "pool")

    def test_release_by_other_salesperson_refused(self):
        self.customer.with_user(self.salesman).action_pool_claim()
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman2).action_pool_release(reason="mine now")
        self.assertEqual(self.customer.user_id, self.salesman)

    def test_manager_assign_lock_unlock(self):
        self.customer.with_user(self.manager).action_pool_assign(self.salesman2, "Key account")
        self.assertEqual(self.customer.user_id, self.salesman2)
        self.customer.with_user(self.manager).action_pool_lock()
        self.assertTrue(self.customer.pool_locked)
        self.assertFalse(self.customer.pool_release_date, "locked customers are never released")
        with self.assertRaisesRegex(UserError, "locked"):
            self.customer.with_user(self.salesman2).action_pool_release(reason="x")
        self.customer.with_user(self.manager).action_pool_unlock()
        self.assertTrue(self.customer.pool_release_date)
        actions = self.customer.pool_log_ids.mapped("action")
        self.assertIn("assign", actions)
        self.assertIn("lock", actions)
        self.assertIn("unlock", actions)

    def test_salesperson_cannot_assign_or_lock(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_pool_assign(self.salesman)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_pool_lock()
        self.assertFalse(self.customer.user_id)
        self.assertFalse(self.customer.pool_locked)

    def test_followup_restarts_clock(self):
        partner = self._owned_customer("Followed", self.salesman, claimed_days_ago=20)
        self.assertEqual(partner.pool_release_date, self.today + timedelta(days=10))
        self.env["logistics.followup"].with_user(self.salesman).create(
            {"partner_id": partner.id, "summary": "WeChat chat", "channel": "social"}
        )
        self.assertEqual(partner.last_followup_date, self.today)
        # follow-up clock restarts; the deal clock (60 days from claim) now comes first
        self.assertEqual(partner.pool_release_date, self.today + timedelta(days=30))

    def test_followup_in_the_future_buys_no_protection(self):
        partner = self._owned_customer("Future", self.salesman, claimed_days_ago=20)
        release = partner.pool_release_date
        with self.assertRaises(ValidationError):
            self.env["logistics.followup"].with_user(self.salesman).create(
                {
                    "partner_id": partner.id,
                    "summary": "Later",
                    "date": self.today + timedelta(days=900),
                }
            )
        self.assertFalse(partner.last_followup_date)
        self.assertEqual(partner.pool_release_date, release)

    def test_followup_rearms_the_release_reminder(self):
        partner = self._owned_customer("Reminded", self.salesman, claimed_days_ago=26)
        self.env["logistics.customer.pool"]._cron_remind_owners()
        self.assertTrue(partner.pool_reminder_sent)
        reminder = self.env.ref("logistics_crm.mail_activity_type_pool_release")
        self.assertEqual(partner.activity_ids.activity_type_id, reminder)
        self.env["logistics.followup"].create({"partner_id": partner.id, "summary": "Call"})
        self.assertFalse(partner.pool_reminder_sent, "the next release gets its own reminder")
        partner.invalidate_recordset(["activity_ids"])  # (activities point back by res_id)
        self.assertFalse(partner.activity_ids, "the stale reminder is gone")

    def test_activity_done_and_message_count_as_followup(self):
        partner = self._owned_customer("Active", self.salesman, claimed_days_ago=5)
        activity = partner.with_user(self.salesman).activity_schedule(
            "mail.mail_activity_data_call", user_id=self.salesman.id, summary="Call buyer"
        )
        activity.with_user(self.salesman).action_feedback(feedback="Interested in VMI")
        followup = partner.followup_ids
        self.assertEqual(followup.channel, "phone")
        self.assertEqual(partner.last_followup_date, self.today)
        partner.sudo().last_followup_date = self.today - timedelta(days=3)
        partner.with_user(self.salesman).message_post(
            body="Quote attached", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(partner.last_followup_date, self.today)
        partner.sudo().last_followup_date = self.today - timedelta(days=3)
        partner.with_user(self.salesman).message_post(
            body="internal note", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(partner.last_followup_date, self.today - timedelta(days=3))

    def test_work_on_opportunities_and_quotations_is_a_follow_up(self):
        """A call done or a message sent on the customer's opportunity or quotation is
        work on the customer: its clock restarts (it was released on day 30 while being
        worked)."""
        partner = self._owned_customer("Worked", self.salesman, claimed_days_ago=25)
        release = partner.pool_release_date
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": partner.id})
        lead = self.env["crm.lead"].create(
            {"name": "VMI tender", "partner_id": contact.id, "user_id": self.salesman.id}
        )
        activity = lead.with_user(self.salesman).activity_schedule(
            "mail.mail_activity_data_call", user_id=self.salesman.id, summary="Call the buyer"
        )
        activity.with_user(self.salesman).action_feedback(feedback="Wants a site visit")
        self.assertEqual(partner.last_followup_date, self.today)
        self.assertGreater(partner.pool_release_date, release)
        self.assertEqual(partner.followup_ids.lead_id, lead)
        self.assertEqual(partner.followup_ids.channel, "phone")
        partner.sudo().last_followup_date = self.today - timedelta(days=3)
        order = self.env["sale.order"].create({"partner_id": partner.id})
        order.with_user(self.salesman).message_post(
            body="internal: check the rate", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(partner.last_followup_date, self.today - timedelta(days=3))
        order.with_user(self.salesman).message_post(
            body="Here is your quotation", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(partner.last_followup_date, self.today)
        # a partner outside the suite: nothing to restart, no error
        stranger = self.env["res.partner"].create({"name": "Walk-in", "is_company": True})
        other = self.env["crm.lead"].create({"name": "Walk-in lead", "partner_id": stranger.id})
        other.activity_schedule("mail.mail_activity_data_call").action_feedback(feedback="ok")
        self.assertFalse(stranger.logistics_account_ids)

    def test_lost_customer_leaves_the_pool_rules(self):
        partner = self._owned_customer("Gone Ltd", self.salesman, claimed_days_ago=10)
        lost = self.env["crm.lost.reason"].create({"name": "Moved to a competitor"})
        action = partner.with_user(self.salesman).action_customer_lost()
        self.assertEqual(action["res_model"], "logistics.reason.wizard")
        self.assertEqual(partner.pool_state, "owned", "no reason, no decision")
        with self.assertRaises(AccessError):
            partner.with_user(self.salesman2).action_customer_lost(reason="not mine")
        partner.with_user(self.salesman).action_customer_lost(
            reason="Signed with a rival forwarder", lost_reason=lost.id
        )
        self.assertEqual((partner.customer_stage, partner.lost_reason_id), ("lost", lost))
        self.assertFalse(partner.pool_state)
        self.assertFalse(partner.pool_release_date)
        log = partner.pool_log_ids[:1]
        self.assertEqual(log.action, "lost")
        self.assertIn("Moved to a competitor", log.reason)
        self.assertEqual(log.from_user_id, self.salesman)
        with self.assertRaises(UserError):
            partner.with_user(self.salesman2).action_pool_claim()
        # a manager puts it back in the pool: claimable again
        partner.with_user(self.manager).action_pool_enroll(self.pool)
        self.assertEqual(partner.pool_state, "pool")
        # a pool customer is only lost by a manager
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_customer_lost(reason="No")

    def test_deal_renews_protection_and_makes_formal(self):
        partner = self._owned_customer("Dealer", self.salesman, claimed_days_ago=50)
        self.assertEqual(partner.pool_release_date, self.today - timedelta(days=20))
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.env["product.product"]
                            .create({"name": "Customs clearance", "list_price": 100})
                            .id
                        },
                    )
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(partner.customer_stage, "formal")
        self.assertEqual(partner.last_deal_date, self.today)
        self.env["logistics.followup"].create({"partner_id": partner.id, "summary": "Thanks"})
        # no deal rule any more; follow-up in 30 days, protection renewed for 90 days
        self.assertEqual(partner.pool_release_date, self.today + timedelta(days=30))

    def test_won_opportunity_is_a_deal(self):
        partner = self._owned_customer("Lead Customer", self.salesman)
        nothing = self.env["crm.lead"].create(
            {"name": "Courtesy", "partner_id": partner.id, "type": "opportunity"}
        )
        nothing.action_set_won()
        self.assertFalse(partner.last_deal_date, "a deal needs a positive amount")
        lead = self.env["crm.lead"].create(
            {
                "name": "Big deal",
                "partner_id": partner.id,
                "type": "opportunity",
                "expected_revenue": 5000.0,
            }
        )
        lead.action_set_won()
        self.assertEqual(partner.last_deal_date, self.today)
        self.assertEqual(partner.customer_stage, "formal")

    def test_tier_override_of_days(self):
        self.env["logistics.customer.pool.tier"].create(
            {"pool_id": self.pool.id, "tier": "strategic", "followup_days": 45}
        )
        partner = self._owned_customer("Big One", self.salesman)
        self.assertEqual(partner.pool_release_date, self.today + timedelta(days=30))
        partner.sudo().customer_tier_override = "strategic"
        self.assertEqual(partner.pool_release_date, self.today + timedelta(days=45))

    def test_recent_business_exempts_formal_customer(self):
        self.pool.exempt_business_days = 180
        partner = self._owned_customer("Loyal", self.salesman, claimed_days_ago=100)
        self.assertTrue(partner.pool_release_date)
        partner._logistics_touch_deal(self.today - timedelta(days=10))
        # kept until the business is 180 days old, then the usual rules apply again
        self.assertEqual(partner.pool_release_date, self.today + timedelta(days=170))

    def test_bad_pool_rules_are_refused(self):
        bad_values = [
            ({"followup_days": -1}, "cannot be negative"),
            ({"max_owned_per_user": -3}, "cannot be negative"),
            ({"daily_claim_limit": -1}, "cannot be negative"),
            ({"reminder_days": 40}, "reminder"),
        ]
        for vals, message in bad_values:
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                    self.pool.write(vals)
                self.env.invalidate_all()  # as the rolled back request would
                self.assertEqual(self.pool.followup_days, 30)
                self.assertEqual(self.pool.reminder_days, 5)
                self.assertEqual(self.pool.max_owned_per_user, 0)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["logistics.customer.pool.tier"].create(
                {"pool_id": self.pool.id, "tier": "general", "deal_days": -5}
            )
        self.env.invalidate_all()
        self.assertFalse(self.pool.tier_rule_ids)

    def test_enrolling_keeps_the_stage(self):
        formal = self.env["res.partner"].create(
            {"name": "Old friend", "is_company": True, "customer_stage": "formal"}
        )
        formal.action_pool_enroll(self.pool)
        self.assertEqual(formal.pool_state, "pool")
        self.assertEqual(formal.customer_stage, "formal")

    def test_single_default_pool_per_company(self):
        self.pool.is_default = True
        with self.assertRaises(ValidationError):
            self.env["logistics.customer.pool"].create({"name": "Other", "is_default": True})

    def test_new_customer_goes_to_default_pool_owned_by_creator(self):
        self.pool.is_default = True
        partner = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .create({"name": "Fresh Prospect", "is_company": True, "customer_stage": "intent"})
        )
        self.assertEqual(partner.pool_id, self.pool)
        self.assertEqual(partner.pool_state, "owned")
        self.assertEqual(partner.user_id, self.salesman)
        self.assertTrue(partner.customer_code.startswith("C"))
