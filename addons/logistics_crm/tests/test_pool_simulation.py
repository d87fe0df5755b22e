from datetime import datetime, timedelta

from odoo import fields
from odoo.tests.common import freeze_time

from .common import LogisticsCrmCommon

TZ = "Asia/Shanghai"
START = datetime(2026, 3, 2, 1, 0)  # 09:00 in Shanghai, UTC+8


class TestSixtyDays(LogisticsCrmCommon):
    """Sixty days of two salespeople, as they would live them, with the nightly jobs
    running every night: the pool follows the real work - on the customer's opportunity,
    quotation and meetings - and releases only what nobody works on.

    Pool: protected 90 days, released after 30 days without follow-up or 60 without a
    deal, reminded 5 days before. The group works in Shanghai time (UTC+8): days and
    nights are local."""

    def _night(self):
        """Each night's jobs, in the order the crons are declared."""
        Pool = self.env["logistics.customer.pool"]
        Pool._cron_release_expired()
        Pool._cron_remind_owners()
        self.env["calendar.event"]._cron_logistics_meetings_held()
        self.env.invalidate_all()

    def _reminders(self, partner, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("user_id", "=", user.id),
                (
                    "activity_type_id",
                    "=",
                    self.ref("logistics_crm.mail_activity_type_pool_release"),
                ),
            ]
        )

    def test_sixty_days(self):
        alice, bob = self.salesman, self.salesman2
        (alice | bob).tz = TZ
        self.env = self.env(context=dict(self.env.context, tz=TZ))
        with freeze_time(START) as frozen:
            today = fields.Date.today()

            def day(n, hour=9):
                """Day ``n`` of the simulation at ``hour`` o'clock, Shanghai time."""
                frozen.move_to(START + timedelta(days=n, hours=hour - 9))

            worked = self._pool_customer("Worked Forwarding Co")  # Alice works it
            idle = self._pool_customer("Idle Trading Co")  # Alice never touches it
            met = self._pool_customer("Met Shipping Co")  # Bob meets it, no deal
            worked.with_user(alice).action_pool_claim()
            idle.with_user(alice).action_pool_claim()
            met.with_user(bob).action_pool_claim()
            buyer = self.env["res.partner"].create({"name": "Buyer", "parent_id": worked.id})
            lead = (
                self.env["crm.lead"]
                .with_user(alice)
                .create(
                    {
                        "name": "Bonded warehouse tender",
                        "partner_id": buyer.id,
                        "type": "opportunity",
                        "user_id": alice.id,
                    }
                )
            )
            self.assertEqual(worked.pool_release_date, today + timedelta(days=30))
            releases = {}  # day -> customers released that night

            for n in range(1, 61):
                day(n)
                if n == 10:
                    # a call on the opportunity
                    call = lead.with_user(alice).activity_schedule(
                        "mail.mail_activity_data_call", user_id=alice.id, summary="Call buyer"
                    )
                    call.with_user(alice).action_feedback(feedback="Wants a visit")
                    self.assertEqual(worked.pool_release_date, today + timedelta(days=40))
                if n == 26:
                    self.assertTrue(
                        self._reminders(idle, alice), "last night: idle is released in 5 days"
                    )
                    self.assertFalse(self._reminders(worked, alice))
                if n == 28:
                    # an e-mail from the quotation
                    order = (
                        self.env["sale.order"].with_user(alice).create({"partner_id": worked.id})
                    )
                    order.with_user(alice).message_post(
                        body="Your quotation",
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                    )
                    self.assertEqual(worked.pool_release_date, today + timedelta(days=58))
                if n in (20, 45):
                    # Bob meets the customer's people; the meeting ends at 11:00
                    stop = fields.Datetime.now() + timedelta(hours=2)
                    self.env["calendar.event"].with_user(bob).create(
                        {
                            "name": f"Review of day {n}",
                            "start": stop - timedelta(hours=1),
                            "stop": stop,
                            "user_id": bob.id,
                            "partner_ids": [(6, 0, (met | bob.partner_id).ids)],
                        }
                    )
                if n == 40:
                    # an internal note is not a follow-up in this pool
                    lead.with_user(alice).message_post(
                        body="remember the bonded rates",
                        message_type="comment",
                        subtype_xmlid="mail.mt_note",
                    )
                    self.assertEqual(worked.last_followup_date, today + timedelta(days=28))
                if n == 50:
                    lead.with_user(alice).write({"expected_revenue": 12000})
                    lead.with_user(alice).action_set_won()
                    lead.with_user(alice).message_post(
                        body="Thank you for the order",
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                    )
                    self.assertEqual(worked.pool_release_date, today + timedelta(days=80))
                day(n, hour=23)
                owned_before = {p for p in (worked, idle, met) if p.pool_state == "owned"}
                self._night()
                gone = {p for p in owned_before if p.pool_state == "pool"}
                if gone:
                    releases[n] = gone
                if n in (21, 46):
                    # the meeting held yesterday counted that night
                    self.assertEqual(met.last_followup_date, today + timedelta(days=n - 1))

            # idle: released the night of day 30, not a day earlier; the reminder went
            # with it and Alice was told
            self.assertEqual(releases.get(30), {idle})
            self.assertFalse(self._reminders(idle, alice))
            # met: followed up on days 20 and 45 (meetings), but no deal in 60 days
            self.assertEqual(releases.get(60), {met})
            self.assertEqual(len(releases), 2)
            # worked: followed up on its opportunity and quotation, won on day 50
            self.assertEqual((worked.pool_state, worked.pool_user_id), ("owned", alice))
            self.assertEqual(worked.customer_stage, "formal")
            self.assertEqual(worked.last_deal_date, today + timedelta(days=50))
            self.assertEqual(
                worked.followup_ids.mapped("source"), ["activity"], "the e-mail moved the clock"
            )
            self.assertEqual(met.followup_ids.mapped("source"), ["meeting", "meeting"])
            history = idle.pool_log_ids.sorted("id").mapped("action")
            self.assertEqual(history, ["enroll", "claim", "auto_release"])
            message = self.env["mail.message"].search(
                [("partner_ids", "in", alice.partner_id.ids), ("body", "ilike", "Idle Trading")]
            )
            self.assertTrue(message, "Alice is told her customer went back to the pool")
