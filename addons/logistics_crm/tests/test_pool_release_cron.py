from datetime import timedelta

from odoo.tests import tagged

from .common import LogisticsCrmCommon


@tagged("post_install", "-at_install")
class TestPoolReleaseCron(LogisticsCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Pool = cls.env["logistics.customer.pool"]

    def _expired(self, count, user=None, prefix="Expired"):
        partners = self.env["res.partner"].create(
            [
                {"name": f"{prefix} {i}", "is_company": True, "customer_stage": "intent"}
                for i in range(count)
            ]
        )
        partners.action_pool_enroll(self.pool)
        partners.action_pool_assign(user or self.salesman, "test")
        partners.sudo().write({"pool_claim_date": self.today - timedelta(days=40)})
        return partners

    def test_release_expired_customers(self):
        expired = self._expired(3)
        fresh = self._owned_customer("Fresh", self.salesman)
        locked = self._expired(1, prefix="Locked")
        locked.action_pool_lock()
        remaining = self.Pool._cron_release_expired()
        self.assertEqual(remaining, 0)
        self.assertEqual(set(expired.mapped("pool_state")), {"pool"})
        self.assertFalse(expired.user_id)
        self.assertEqual(fresh.pool_state, "owned")
        self.assertEqual(locked.pool_state, "owned")
        logs = self.env["logistics.pool.log"].search(
            [("partner_id", "in", expired.ids), ("action", "=", "auto_release")]
        )
        self.assertEqual(len(logs), 3)
        self.assertEqual(logs.from_user_id, self.salesman)

    def test_bounded_batches_resume(self):
        expired = self._expired(5)
        # "remaining" is counted up to one batch: at least 2 more to do
        self.assertEqual(self.Pool._cron_release_expired(batch_size=2), 2)
        self.assertEqual(len(expired.filtered(lambda p: p.pool_state == "pool")), 2)
        self.assertEqual(self.Pool._cron_release_expired(batch_size=2), 1)
        self.assertEqual(self.Pool._cron_release_expired(batch_size=2), 0)
        self.assertEqual(set(expired.mapped("pool_state")), {"pool"})
        self.assertEqual(self.Pool._cron_release_expired(batch_size=2), 0)

    def test_progress_reported_to_cron(self):
        self._expired(3)
        cron = self.env.ref("logistics_crm.ir_cron_pool_release")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        self.Pool.with_context(ir_cron_progress_id=progress.id)._cron_release_expired(batch_size=2)
        self.assertEqual(progress.done, 2)
        self.assertEqual(progress.remaining, 1)

    def test_query_count_does_not_grow_with_batch_size(self):
        """One batch costs the same queries for 5 or 50 customers (of one owner: each
        former owner of a batch also gets one message)."""
        first = self._expired(1, prefix="First")
        small = self._expired(5, prefix="Small")
        big = self._expired(50, prefix="Big")
        tail = self._expired(1, prefix="Tail")
        first.sudo().write({"pool_claim_date": self.today - timedelta(days=41)})
        big.sudo().write({"pool_claim_date": self.today - timedelta(days=39)})
        tail.sudo().write({"pool_claim_date": self.today - timedelta(days=38)})
        # each call starts cold, as in a cron worker: user (for the date), select the
        # batch, release it, count what remains, tell the owner; the worker's registry
        # caches (xml ids, mail's templates) are warm after its first batch
        self.Pool._cron_release_expired(batch_size=1)
        self.assertEqual(first.pool_state, "pool")
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(37):
            self.Pool._cron_release_expired(batch_size=5)
        self.assertEqual(set(small.mapped("pool_state")), {"pool"})
        self.assertEqual(set(big.mapped("pool_state")), {"owned"})
        self.env.invalidate_all()
        with self.assertQueryCount(37):
            self.Pool._cron_release_expired(batch_size=50)
        self.assertEqual(set(big.mapped("pool_state")), {"pool"})
        self.assertEqual(tail.pool_state, "owned")
        self.assertEqual(len(big.pool_log_ids), 50 + 50 + 50)  # enroll, assign, release

    def test_former_owner_is_told(self):
        expired = self._expired(3, prefix="Told")
        self.Pool._cron_release_expired()
        message = self.env["mail.message"].search(
            [("partner_ids", "in", self.salesman.partner_id.ids), ("model", "=", self.Pool._name)],
            order="id desc",
            limit=1,
        )
        self.assertIn(expired[0].name, message.body)
        self.assertIn("Protection period expired", message.body)
        # releasing one's own customer tells nobody
        mine = self._owned_customer("Mine", self.salesman)
        before = self.env["mail.message"].search_count([("model", "=", self.Pool._name)])
        mine.with_user(self.salesman).action_pool_release(reason="Not for us")
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", self.Pool._name)]), before
        )

    def test_owner_reminded_before_release(self):
        partner = self._owned_customer("Soon", self.salesman, claimed_days_ago=26)
        self.assertEqual(partner.pool_reminder_date, self.today - timedelta(days=1))
        other = self._owned_customer("Later", self.salesman, claimed_days_ago=1)
        self.Pool._cron_remind_owners()
        activity = partner.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.date_deadline, partner.pool_release_date)
        self.assertFalse(other.activity_ids)
        # never twice for the same protection period
        self.Pool._cron_remind_owners()
        self.assertEqual(len(partner.activity_ids), 1)
