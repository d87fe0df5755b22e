from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsCrmCommon, LogisticsRpcCase, logistics_user


class TestFollowupKinds(LogisticsCrmCommon):
    """What counts as a follow-up is the pool's choice; a hand-logged one always counts."""

    def _stale(self, partner, days=3):
        partner.sudo().last_followup_date = self.today - timedelta(days=days)
        return self.today - timedelta(days=days)

    def test_internal_notes_count_where_the_pool_says_so(self):
        partner = self._owned_customer("Noted", self.salesman, claimed_days_ago=5)
        before = self._stale(partner)
        partner.with_user(self.salesman).message_post(
            body="called, left a message", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(partner.last_followup_date, before, "notes do not count by default")
        self.pool.followup_on_note = True
        partner.with_user(self.salesman).message_post(
            body="called again", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(partner.last_followup_date, self.today)

    def test_a_pool_can_exclude_messages_and_activities(self):
        partner = self._owned_customer("Strict", self.salesman, claimed_days_ago=5)
        self.pool.write({"followup_on_message": False, "followup_on_activity": False})
        before = self._stale(partner)
        partner.with_user(self.salesman).message_post(
            body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        activity = partner.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.salesman.id, summary="Call"
        )
        activity.with_user(self.salesman).action_feedback(feedback="no answer")
        self.assertEqual(partner.last_followup_date, before)
        self.assertEqual(
            partner.followup_ids.source, "activity", "the call is still in the customer's record"
        )
        # what a salesperson logs by hand always counts
        self.env["logistics.followup"].with_user(self.salesman).create(
            {"partner_id": partner.id, "summary": "Visited the warehouse", "channel": "visit"}
        )
        self.assertEqual(partner.last_followup_date, self.today)

    def test_the_source_of_a_follow_up_is_not_typed_in(self):
        partner = self._owned_customer("Sourced", self.salesman)
        Followup = self.env["logistics.followup"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            Followup.create({"partner_id": partner.id, "summary": "x", "source": "meeting"})
        followup = Followup.create({"partner_id": partner.id, "summary": "Called"})
        self.assertEqual(followup.source, "manual")
        with self.assertRaises(AccessError):
            followup.write({"source": "activity"})


class TestMeetingsHeld(LogisticsCrmCommon):
    """A meeting with the customer's people (or on its opportunity) is a follow-up once
    it has ended - counted once."""

    def _meeting(self, name, hours_ago, partners, **vals):
        stop = fields.Datetime.now() - timedelta(hours=hours_ago)
        return (
            self.env["calendar.event"]
            .with_user(self.salesman)
            .create(
                {
                    "name": name,
                    "start": stop - timedelta(hours=1),
                    "stop": stop,
                    "user_id": self.salesman.id,
                    "partner_ids": [(6, 0, (partners | self.salesman.partner_id).ids)],
                    **vals,
                }
            )
        )

    def test_meeting_held_restarts_the_clock(self):
        partner = self._owned_customer("Met Ltd", self.salesman, claimed_days_ago=20)
        release = partner.pool_release_date
        buyer = self.env["res.partner"].create({"name": "Buyer", "parent_id": partner.id})
        lead = self.env["crm.lead"].create(
            {"name": "Warehouse tender", "partner_id": partner.id, "user_id": self.salesman.id}
        )
        held = self._meeting("Site visit", 2, buyer, opportunity_id=lead.id)
        upcoming = self._meeting("Next review", -48, buyer)
        self.env["calendar.event"]._cron_logistics_meetings_held()
        followup = partner.followup_ids
        self.assertEqual(len(followup), 1, "the upcoming meeting has not happened yet")
        self.assertEqual(
            (followup.channel, followup.source, followup.summary, followup.lead_id),
            ("meeting", "meeting", "Site visit", lead),
        )
        self.assertEqual(followup.user_id, self.salesman)
        # the day it ended for its organiser (yesterday, when run just after midnight)
        held_on = fields.Date.context_today(self.salesman, timestamp=held.stop)
        self.assertEqual(partner.last_followup_date, held_on)
        self.assertGreater(partner.pool_release_date, release)
        self.assertTrue(held.logistics_followup_done)
        self.assertFalse(upcoming.logistics_followup_done)
        # counted once
        self.env["calendar.event"]._cron_logistics_meetings_held()
        self.assertEqual(len(partner.followup_ids), 1)

    def test_meetings_a_pool_does_not_count(self):
        partner = self._owned_customer("Unmet", self.salesman, claimed_days_ago=20)
        self.pool.followup_on_meeting = False
        before = partner.last_followup_date
        self._meeting("Lunch", 1, partner)
        self.env["calendar.event"]._cron_logistics_meetings_held()
        self.assertEqual(partner.followup_ids.source, "meeting")
        self.assertEqual(partner.last_followup_date, before)

    def test_meeting_only_with_colleagues_or_declined_is_no_follow_up(self):
        partner = self._owned_customer("Declined", self.salesman, claimed_days_ago=3)
        event = self._meeting("Internal", 1, self.salesman2.partner_id)
        declined = self._meeting("Declined", 1, partner)
        declined.attendee_ids.filtered(lambda a: a.partner_id == partner).state = "declined"
        self.env["calendar.event"]._cron_logistics_meetings_held()
        self.assertFalse(partner.followup_ids)
        self.assertTrue(event.logistics_followup_done and declined.logistics_followup_done)

    def test_a_meeting_activity_done_counts_the_meeting_once(self):
        partner = self._owned_customer("Activity Meeting", self.salesman, claimed_days_ago=3)
        event = self._meeting("Review", 1, partner)
        activity = partner.activity_schedule(
            "mail.mail_activity_data_meeting", user_id=self.salesman.id, calendar_event_id=event.id
        )
        activity.with_user(self.salesman).action_feedback(feedback="Went well")
        self.env["calendar.event"]._cron_logistics_meetings_held()
        self.assertEqual(len(partner.followup_ids), 1)
        self.assertEqual(partner.followup_ids.source, "meeting")

    def test_meetings_scheduled_on_the_customer_all_day_or_untitled(self):
        """A meeting planned from the customer's chatter (its document is the customer),
        an all-day one, one with a blank title: each counts, none stops the job."""
        partner = self._owned_customer("Scheduled On", self.salesman, claimed_days_ago=3)
        model_id = self.env["ir.model"]._get_id("res.partner")
        on_customer = self._meeting(
            "On the customer", 1, self.env["res.partner"], res_model_id=model_id, res_id=partner.id
        )
        yesterday = self.today - timedelta(days=1)
        allday = (
            self.env["calendar.event"]
            .with_user(self.salesman)
            .create(
                {
                    "name": " ",
                    "allday": True,
                    "start_date": yesterday,
                    "stop_date": yesterday,
                    "user_id": self.salesman.id,
                    "partner_ids": [(6, 0, (partner | self.salesman.partner_id).ids)],
                }
            )
        )
        self.salesman.tz = "Asia/Shanghai"
        self.env["calendar.event"]._cron_logistics_meetings_held()
        self.assertTrue(on_customer.logistics_followup_done and allday.logistics_followup_done)
        self.assertEqual(
            sorted(partner.followup_ids.mapped("summary")), ["Meeting", "On the customer"]
        )
        self.assertIn(yesterday, partner.followup_ids.mapped("date"))

    def test_nobody_marks_a_meeting_counted_or_fakes_one(self):
        partner = self._owned_customer("Guarded", self.salesman, claimed_days_ago=3)
        event = self._meeting("Real", 1, partner)
        with self.assertRaises(AccessError):
            event.with_user(self.salesman2).write({"logistics_followup_done": True})
        # a colleague's made-up meeting with a customer they cannot see buys nothing
        fake = self._meeting("Fake", 1, partner)
        fake.sudo().user_id = self.outsider
        self.env["calendar.event"]._cron_logistics_meetings_held()
        self.assertEqual(partner.followup_ids.mapped("summary"), ["Real"])

    def test_meetings_are_counted_in_bounded_batches(self):
        partners = self.env["res.partner"]
        for i in range(5):
            partners |= self._owned_customer(f"Batch Meeting {i}", self.salesman, 3)
        for partner in partners:
            self._meeting(f"Call {partner.name}", 1, partner)
        Event = self.env["calendar.event"]
        self.assertTrue(Event._cron_logistics_meetings_held(batch_size=2))
        self.assertEqual(len(partners.followup_ids), 2)
        self.assertTrue(Event._cron_logistics_meetings_held(batch_size=2))
        self.assertFalse(Event._cron_logistics_meetings_held(batch_size=2))
        self.assertEqual(len(partners.followup_ids), 5)


class TestReleaseHandOver(LogisticsCrmCommon):
    def test_release_without_manager_closes_the_activities_and_logs_the_hand_over(self):
        partner = self._owned_customer("Closed Down", self.salesman)
        lead = self.env["crm.lead"].create(
            {
                "name": "Open",
                "partner_id": partner.id,
                "type": "opportunity",
                "user_id": self.salesman.id,
            }
        )
        call = partner.activity_schedule("mail.mail_activity_data_call", user_id=self.salesman.id)
        lead_call = lead.activity_schedule("mail.mail_activity_data_call", user_id=self.salesman.id)
        theirs = partner.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.salesman2.id
        )
        partner.with_user(self.salesman).action_pool_release(reason="No time")
        for activity in call | lead_call:
            self.assertTrue(activity.exists(), "nothing is deleted")
            self.assertFalse(activity.active, "closed: no one is left to do it")
            self.assertEqual(activity.date_done, self.today)
        self.assertTrue(theirs.active, "a colleague's activity is theirs")
        self.assertFalse(lead.user_id)
        log = partner.pool_log_ids[:1]
        self.assertEqual(
            (log.action, log.handover_user_id, log.lead_count, log.activity_count),
            ("release", self.env["res.users"], 1, 2),
        )

    def test_hand_over_to_the_pool_manager_is_in_the_history(self):
        self.pool.manager_id = self.manager
        partner = self._owned_customer("Handed", self.salesman, claimed_days_ago=200)
        self.env["crm.lead"].create(
            {
                "name": "A",
                "partner_id": partner.id,
                "type": "opportunity",
                "user_id": self.salesman.id,
            }
        )
        call = partner.activity_schedule("mail.mail_activity_data_call", user_id=self.salesman.id)
        self.env["logistics.customer.pool"]._cron_release_expired()
        log = partner.pool_log_ids[:1]
        self.assertEqual(
            (log.action, log.handover_user_id, log.lead_count, log.activity_count),
            ("auto_release", self.manager, 1, 1),
        )
        self.assertEqual((call.user_id, call.active), (self.manager, True))
        # the next owner gets the opportunity the manager held for the pool
        lead = self.env["crm.lead"].search([("partner_id", "=", partner.id)])
        self.assertEqual(lead.user_id, self.manager)
        partner.with_user(self.salesman2).action_pool_claim()
        self.assertEqual(lead.user_id, self.salesman2)


class TestDistribution(LogisticsCrmCommon):
    """A manager distributes pool customers to members by rule, on demand or nightly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman3 = logistics_user(cls.env, "lc_sales_dist", "salesman", name="Third")
        cls.pool.member_user_ids = [(4, cls.salesman3.id)]
        cls.Member = cls.env["logistics.customer.pool.member"]

    def _members(self, method, *users_vals):
        self.pool.distribution_method = method
        return self.Member.create(
            [
                {"pool_id": self.pool.id, "user_id": user.id, "sequence": i, **vals}
                for i, (user, vals) in enumerate(users_vals)
            ]
        )

    def _waiting(self, count, **vals):
        return (
            self.env["res.partner"].concat(
                *(self._pool_customer(f"Waiting {i}", **vals) for i in range(count))
            )
            | self.customer
            | self.customer2
        )

    def test_round_robin_in_turn_and_logged(self):
        self._members("round_robin", (self.salesman, {}), (self.salesman2, {}))
        customers = self._waiting(2)  # 4 customers with the class's two
        self.pool.with_user(self.manager).action_distribute()
        owners = [partner.pool_user_id for partner in customers.sorted("id")]
        self.assertEqual(owners, [self.salesman, self.salesman2] * 2)
        for partner in customers:
            log = partner.pool_log_ids[:1]
            self.assertEqual((log.action, log.user_id), ("assign", self.manager))
            self.assertIn("Round robin", log.reason)
            self.assertEqual(partner.pool_state, "owned")
            self.assertEqual(partner.pool_claim_date, self.today)
        # the next run goes on where this one stopped
        later = self._pool_customer("Later")
        self.pool.with_user(self.manager).action_distribute()
        self.assertEqual(later.pool_user_id, self.salesman)
        message = self.env["mail.message"].search(
            [("partner_ids", "in", self.salesman2.partner_id.ids), ("model", "=", self.pool._name)]
        )
        self.assertIn("Waiting", message[:1].body, "each member is told what they received")

    def test_capacity_fills_the_most_room_first_and_never_past_a_cap(self):
        self.pool.max_owned_per_user = 3
        self._members("capacity", (self.salesman, {}), (self.salesman2, {"capacity": 1}))
        self._owned_customer("Already", self.salesman)
        customers = self._waiting(3)  # 5 waiting
        self.pool.with_user(self.manager).action_distribute()
        owned = {
            user: len(customers.filtered(lambda p, user=user: p.pool_user_id == user))
            for user in (self.salesman, self.salesman2)
        }
        self.assertEqual(owned, {self.salesman: 2, self.salesman2: 1}, "caps 3 (1 owned) and 1")
        self.assertEqual(len(customers.filtered(lambda p: p.pool_state == "pool")), 2)

    def test_matching_by_region_industry_and_service_line(self):
        china = self.env.ref("base.cn")
        shanghai = self.env["res.country.state"].search([("country_id", "=", china.id)], limit=1)
        industry = self.env["res.partner.industry"].create({"name": "Chemicals"})
        line = self.env["logistics.service.line"].create({"name": "Cold chain", "code": "CC"})
        self._members(
            "matching",
            (self.salesman, {"state_ids": [(6, 0, shanghai.ids)]}),
            (self.salesman2, {"industry_ids": [(6, 0, industry.ids)]}),
            (self.salesman3, {"service_line_ids": [(6, 0, line.ids)], "country_ids": china.ids}),
        )
        local = self._pool_customer("Local", country_id=china.id, state_id=shanghai.id)
        chemical = self._pool_customer("Chemical", industry_id=industry.id)
        cold = self._pool_customer("Cold", country_id=china.id, service_line_ids=[(6, 0, line.ids)])
        cold_abroad = self._pool_customer("Cold abroad", service_line_ids=[(6, 0, line.ids)])
        self.pool.with_user(self.manager).action_distribute()
        self.assertEqual(local.pool_user_id, self.salesman)
        self.assertEqual(chemical.pool_user_id, self.salesman2)
        self.assertEqual(cold.pool_user_id, self.salesman3)
        self.assertEqual(cold_abroad.pool_state, "pool", "nobody covers it: it waits")
        self.assertEqual(self.customer.pool_state, "pool")

    def test_locked_customers_and_previous_owners_are_respected(self):
        self.pool.reclaim_cooldown_days = 10
        self._members("round_robin", (self.salesman, {}))
        self.customer.with_user(self.salesman).action_pool_claim()
        self.customer.with_user(self.salesman).action_pool_release(reason="Not for me")
        self.customer2.with_user(self.manager).action_pool_lock()
        self.pool.with_user(self.manager).action_distribute()
        self.assertEqual(self.customer.pool_state, "pool", "its previous owner must wait")
        self.assertEqual(self.customer2.pool_state, "pool", "locked")

    def test_only_managers_distribute_and_only_pool_members_receive(self):
        self._members("round_robin", (self.salesman, {}))
        with self.assertRaises(AccessError):
            self.pool.with_user(self.salesman).action_distribute()
        with self.assertRaises(AccessError):
            self.Member.with_user(self.salesman).create(
                {"pool_id": self.pool.id, "user_id": self.salesman.id}
            )
        with self.assertRaises(ValidationError):
            self.Member.create({"pool_id": self.pool.id, "user_id": self.outsider.id})
        empty = self.env["logistics.customer.pool"].create({"name": "Nobody", "is_default": False})
        with self.assertRaises(UserError):
            empty.with_user(self.manager).action_distribute()

    def test_the_nightly_job_distributes_in_bounded_batches(self):
        self._members("round_robin", (self.salesman, {}), (self.salesman2, {}))
        customers = self._waiting(4)  # 6 waiting
        Pool = self.env["logistics.customer.pool"]
        self.assertFalse(Pool._cron_distribute(batch_size=4), "not automatic: nothing to do")
        self.pool.distribution_auto = True
        self.assertTrue(Pool._cron_distribute(batch_size=4))
        self.assertEqual(len(customers.filtered(lambda p: p.pool_state == "owned")), 4)
        self.assertFalse(Pool._cron_distribute(batch_size=4))
        self.assertFalse(customers.filtered(lambda p: p.pool_state == "pool"))
        self.assertTrue(self.pool.distribution_date)
        # one pass a night: a customer released today waits for the next one
        customers[:1].with_user(customers[:1].pool_user_id).action_pool_release(reason="x")
        self.assertFalse(Pool._cron_distribute(batch_size=4))
        self.assertEqual(customers[:1].pool_state, "pool")

    def test_on_demand_distributes_one_batch_and_leaves_the_rest_to_the_job(self):
        self._members("round_robin", (self.salesman, {}), (self.salesman2, {}))
        customers = self._waiting(3)  # 5 waiting
        self.env["ir.config_parameter"].set_param("logistics_crm.pool_batch_size", 2)
        action = self.pool.with_user(self.manager).action_distribute()
        self.assertIn("background", action["params"]["message"])
        self.assertEqual(len(customers.filtered(lambda p: p.pool_state == "owned")), 2)
        Pool = self.env["logistics.customer.pool"]
        while Pool._cron_distribute():
            pass
        self.assertFalse(customers.filtered(lambda p: p.pool_state == "pool"))
        self.assertFalse(self.pool.distribution_requested)

    def test_batch_queries_do_not_grow_with_the_batch(self):
        self._members("capacity", (self.salesman, {}), (self.salesman2, {}))
        self._waiting(14)
        self.env.flush_all()
        # warm up the caches and the first, not representative, batch
        self.pool._distribute_batch(1)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=99):
            self.pool._distribute_batch(3)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=99):
            self.pool._distribute_batch(9)


class TestWorkload(LogisticsCrmCommon):
    def test_owner_workload_against_the_cap(self):
        self.pool.max_owned_per_user = 5
        partner = self._owned_customer("Mine", self.salesman)
        self._owned_customer("Mine too", self.salesman)
        self.assertEqual(partner.with_user(self.salesman).pool_workload, "2 / 5")
        self.assertEqual(
            self.customer.with_user(self.salesman2).pool_workload,
            "0 / 5",
            "on a pool customer: the reader's own workload before claiming",
        )
        self.pool.max_owned_per_user = 0
        self.assertEqual(partner.with_user(self.salesman2).pool_workload, "2")


@tagged("post_install", "-at_install")
class TestDistributionRpc(LogisticsRpcCase):
    def test_salesperson_cannot_distribute_or_change_the_counts(self):
        salesman = logistics_user(self.env, "lc_rpc_dist", "salesman")
        pool = self.env["logistics.customer.pool"].create(
            {
                "name": "RPC Distribution",
                "member_user_ids": salesman.ids,
                "distribution_method": "round_robin",
            }
        )
        member = self.env["logistics.customer.pool.member"].create(
            {"pool_id": pool.id, "user_id": salesman.id}
        )
        partner = self.env["res.partner"].create({"name": "RPC waiting", "is_company": True})
        partner.action_pool_enroll(pool)
        self.login(salesman)
        self.assertRpcRefused(
            "logistics.customer.pool", "action_distribute", [pool.id], error="AccessError"
        )
        self.assertRpcRefused(
            "logistics.customer.pool.member",
            "write",
            [member.id],
            {"assigned_count": 99},
            error="AccessError",
        )
        self.assertRpcRefused(
            "logistics.customer.pool", "_distribute_batch", [pool.id], 10, error=None
        )
        self.assertRpcRefused(
            "logistics.followup",
            "create",
            [{"partner_id": partner.id, "summary": "x", "source": "meeting"}],
        )
        self.assertEqual(partner.pool_state, "pool")
        self.assertFalse(member.assigned_count)

    def test_meeting_flag_over_rpc(self):
        salesman = logistics_user(self.env, "lc_rpc_meet", "salesman")
        stop = fields.Datetime.now() - timedelta(hours=1)
        event = (
            self.env["calendar.event"]
            .with_user(salesman)
            .create({"name": "Mine", "start": stop - timedelta(hours=1), "stop": stop})
        )
        self.login(salesman)
        self.assertRpcRefused(
            "calendar.event",
            "write",
            [event.id],
            {"logistics_followup_done": True},
            error="AccessError",
        )
        self.assertRpcRefused(
            "calendar.event",
            "create",
            {
                "name": "Counted",
                "start": fields.Datetime.to_string(stop),
                "stop": fields.Datetime.to_string(stop),
                "logistics_followup_done": True,
            },
            error="AccessError",
        )
        self.assertFalse(event.logistics_followup_done)

    def test_hidden_contact_details_over_rpc(self):
        salesman = logistics_user(self.env, "lc_rpc_hide", "salesman")
        pool = self.env["logistics.customer.pool"].create(
            {"name": "RPC Hidden", "member_user_ids": salesman.ids, "hide_contact_details": True}
        )
        partner = self.env["res.partner"].create(
            {"name": "RPC hidden", "is_company": True, "phone": "+86 10 1234 5678"}
        )
        partner.action_pool_enroll(pool)
        self.login(salesman)
        values = self.rpc("res.partner", "read", [partner.id], ["name", "phone"])[0]
        self.assertEqual((values["name"], values["phone"]), ("RPC hidden", False))
        rows = self.rpc(
            "res.partner",
            "web_search_read",
            [("id", "=", partner.id)],
            {"phone": {}, "phone_sanitized": {}, "display_name": {}},
            context={"show_address": True, "show_email": True},
        )["records"]
        self.assertFalse(rows[0]["phone"] or rows[0]["phone_sanitized"])
        self.assertEqual(rows[0]["display_name"], "RPC hidden")
        self.assertRpcRefused(
            "res.partner", "write", [partner.id], {"phone": "+86 10 1234 5678"}, error="AccessError"
        )
        self.assertRpcRefused(
            "res.partner",
            "web_read_group",
            [("id", "=", partner.id)],
            ["phone"],
            ["phone"],
            error="AccessError",
        )
        self.assertEqual(partner.phone, "+86 10 1234 5678")


class TestHiddenContactDetails(LogisticsCrmCommon):
    """A pool may hide its waiting customers' phone, e-mail and address from salespeople
    until they claim them (WukongCRM's 公海 field hiding)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool.hide_contact_details = True
        cls.hidden = cls._pool_customer(
            "Hidden Freight Co",
            phone="+86 21 5555 0101",
            email="boss@hidden-freight.example",
            street="88 Bund Road",
            city="Shanghai",
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Hidden Buyer", "parent_id": cls.hidden.id, "email": "buyer@hf.example"}
        )

    def test_salesperson_sees_who_and_where_not_how_to_reach(self):
        partner = self.hidden.with_user(self.salesman)
        values = partner.read(["name", "city", "phone", "email", "street", "customer_code"])[0]
        self.assertEqual((values["name"], values["city"]), ("Hidden Freight Co", "Shanghai"))
        self.assertTrue(values["customer_code"])
        self.assertEqual((values["phone"], values["email"], values["street"]), (False,) * 3)
        web = partner.web_read({"email": {}, "child_ids": {"fields": {"email": {}}}})[0]
        self.assertFalse(web["email"])
        self.assertEqual(web["child_ids"][0]["email"], False, "its contacts too")
        found = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .search_read([("id", "=", self.hidden.id)], ["email_formatted", "contact_address"])[0]
        )
        self.assertFalse(found["email_formatted"] or found["contact_address"])
        named = partner.with_context(show_email=True, show_address=True).display_name
        self.assertNotIn("hidden-freight", named)
        self.assertNotIn("Bund", named)

    def test_what_cannot_be_read_cannot_be_probed(self):
        self.salesman.groups_id |= self.env.ref("base.group_allow_export")
        partner = self.hidden.with_user(self.salesman)
        for vals in ({"phone": "+86 21 5555 0101"}, {"email": "x@y.example"}):
            with self.assertRaises(AccessError):
                partner.write(vals)
        self.assertEqual(self.hidden.phone, "+86 21 5555 0101", "data intact")
        Partner = self.env["res.partner"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            Partner.read_group([("id", "=", self.hidden.id)], ["email"], ["email"])
        with self.assertRaises(AccessError):
            partner.export_data(["name", "child_ids/email"])
        self.assertEqual(partner.export_data(["name"])["datas"], [["Hidden Freight Co"]])

    def test_owner_and_manager_see_everything(self):
        self.assertEqual(
            self.hidden.with_user(self.manager).read(["phone"])[0]["phone"], "+86 21 5555 0101"
        )
        self.hidden.with_user(self.salesman).action_pool_claim()
        values = self.hidden.with_user(self.salesman).read(["phone", "email"])[0]
        self.assertEqual(values["email"], "boss@hidden-freight.example")
        with self.assertRaises(AccessError):
            self.hidden.with_user(self.salesman2).read(["email"])  # protected: not theirs

    def test_its_opportunities_do_not_copy_it_out(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create({"name": "Copy me", "partner_id": self.hidden.id, "user_id": self.salesman.id})
        )
        self.assertEqual(lead.sudo().email_from, "boss@hidden-freight.example")
        values = lead.read(["email_from", "phone", "street", "name"])[0]
        self.assertEqual(
            (values["email_from"], values["phone"], values["street"], values["name"]),
            (False, False, False, "Copy me"),
        )
        self.hidden.with_user(self.salesman).action_pool_claim()
        self.assertEqual(lead.read(["email_from"])[0]["email_from"], "boss@hidden-freight.example")

    def test_duplicates_are_still_found(self):
        new = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .new({"name": "Someone New", "is_company": True, "phone": "+86 21 5555 0101"})
        )
        self.assertIn(self.hidden.id, new.duplicate_partner_ids.ids)

    def test_pools_that_do_not_hide(self):
        self.assertFalse(self.hidden.with_user(self.salesman).read(["phone"])[0]["phone"])
        self.pool.hide_contact_details = False
        self.assertEqual(
            self.hidden.with_user(self.salesman).read(["phone"])[0]["phone"], "+86 21 5555 0101"
        )

    def test_patterns_and_onchange_do_not_spell_it_out(self):
        Partner = self.env["res.partner"].with_user(self.salesman)
        self.assertFalse(
            Partner.search([("id", "=", self.hidden.id), ("email", "=ilike", "boss%")]),
            "a pattern finds nothing hidden",
        )
        self.assertFalse(Partner.search([("id", "=", self.hidden.id), ("phone", "!=", "x")]))
        self.assertEqual(
            Partner.search([("email", "=", "boss@hidden-freight.example")]),
            self.hidden,
            "the exact address still finds its customer",
        )
        self.assertNotIn(self.hidden.id, [r[0] for r in Partner.name_search("hidden-freight")])
        result = self.hidden.with_user(self.salesman).onchange(
            {}, [], {"email": {}, "street": {}, "contact_address_inline": {}}
        )
        self.assertFalse(any(result["value"].get(f) for f in ("email", "street")))
        new = Partner.onchange(
            {"parent_id": self.hidden.id, "type": "contact", "name": "New"},
            ["parent_id"],
            {"parent_id": {}, "street": {}, "zip": {}, "type": {}, "name": {}},
        )
        self.assertFalse(new["value"].get("street"), "a new contact does not copy it out")
        values = self.hidden.with_user(self.salesman).read(["contact_address_inline"])[0]
        self.assertFalse(values["contact_address_inline"])
