from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCronConcurrency(TransactionCase):
    """The release and reminder crons against salespeople at work, on two real
    connections: the cron's batch skips a customer a user is changing right now, and
    a batch that loses a race with a committed change is run again on fresh data - the
    job goes on instead of failing and leaving expired customers owned.

    The data is committed (another connection must see it: a registry cursor commits
    when its block ends) and removed afterwards."""

    def setUp(self):
        super().setUp()
        today = fields.Date.today()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            pool = env["logistics.customer.pool"].create(
                {
                    "name": "Concurrency Pool",
                    "protect_days": 0,
                    "followup_days": 30,
                    "deal_days": 0,
                    "reminder_days": 3,
                }
            )
            partners = env["res.partner"].create(
                [
                    {"name": f"Race Customer {i}", "is_company": True, "customer_stage": "intent"}
                    for i in range(3)
                ]
            )
            partners.action_pool_enroll(pool)
            partners.action_pool_assign(env.ref("base.user_admin"), "test")
            partners.logistics_account_ids.write({"pool_claim_date": today - timedelta(days=60)})
            self.pool_id, self.partner_ids = pool.id, partners.ids
            self.account_ids = partners.logistics_account_ids.sorted("partner_id").ids
        self.addCleanup(self._remove)

    def _remove(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mail.activity"].search(
                [("res_model", "=", "res.partner"), ("res_id", "in", self.partner_ids)]
            ).unlink()
            env["res.partner"].browse(self.partner_ids).unlink()
            env["logistics.customer.pool"].browse(self.pool_id).unlink()

    def _states(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT pool_state FROM logistics_customer_account WHERE id = ANY(%s) "
                "ORDER BY partner_id",
                [self.account_ids],
            )
            return [row[0] for row in cr.fetchall()]

    def _run_cron(self, method, before=None):
        with self.registry.cursor() as cr:
            cr.execute("SELECT 1")  # the cron's snapshot is taken
            if before:
                before()
            env = api.Environment(cr, SUPERUSER_ID, {})
            getattr(env["logistics.customer.pool"], method)(batch_size=10)

    def _run_cron_while_held(self, method, account_id):
        """Run the cron while a salesperson's transaction holds ``account_id``."""
        with self.registry.cursor() as user_cr:
            user_cr.execute(
                "SELECT id FROM logistics_customer_account WHERE id = %s FOR UPDATE",
                [account_id],
            )
            self._run_cron(method)
            user_cr.rollback()

    def test_release_skips_a_customer_being_changed(self):
        self._run_cron_while_held("_cron_release_expired", self.account_ids[0])
        self.assertEqual(self._states(), ["owned", "pool", "pool"])
        # the next run takes it
        self._run_cron("_cron_release_expired")
        self.assertEqual(self._states(), ["pool", "pool", "pool"])

    def test_release_retries_a_batch_that_lost_a_race(self):
        def follow_up_meanwhile():
            # after the cron started, the owner follows the first customer up: its
            # protection runs again from today, committed
            with self.registry.cursor() as user_cr:
                env = api.Environment(user_cr, SUPERUSER_ID, {})
                account = env["logistics.customer.account"].browse(self.account_ids[0])
                account.last_followup_date = fields.Date.today()

        # the cron's first try selects the followed-up customer on its old snapshot and
        # loses the race (serialization failure): without the retry, this raises
        self._run_cron("_cron_release_expired", before=follow_up_meanwhile)
        self.assertEqual(
            self._states(), ["owned", "pool", "pool"], "the followed-up customer stays owned"
        )

    def test_reminders_skip_a_customer_being_changed(self):
        self._run_cron_while_held("_cron_remind_owners", self.account_ids[1])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT pool_reminder_sent FROM logistics_customer_account "
                "WHERE id = ANY(%s) ORDER BY partner_id",
                [self.account_ids],
            )
            self.assertEqual([bool(row[0]) for row in cr.fetchall()], [True, False, True])
