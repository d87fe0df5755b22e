import psycopg2.errors
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import logistics_user


@tagged("post_install", "-at_install")
class TestPoolConcurrentClaim(BaseCase):
    """Two salespeople claim the same pool customer at the same moment, each on its own
    database connection and on committed data: exactly one wins, the other gets a
    clear error instead of silently overwriting the first claim."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            users = [logistics_user(env, f"lc_race_{i}", "salesman") for i in (1, 2)]
            pool = env["logistics.customer.pool"].create(
                {"name": "Race Pool", "member_user_ids": [(6, 0, [u.id for u in users])]}
            )
            partner = env["res.partner"].create(
                {"name": "Contested Customer", "is_company": True, "customer_stage": "intent"}
            )
            partner.action_pool_enroll(pool)
            other = env["res.partner"].create(
                {"name": "Other Customer", "is_company": True, "customer_stage": "intent"}
            )
            other.action_pool_enroll(pool)
            self.uid1, self.uid2 = (u.id for u in users)
            self.pool_id, self.partner_id, self.other_id = pool.id, partner.id, other.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customers = [self.partner_id, self.other_id]
            env["logistics.pool.log"].search([("partner_id", "in", customers)]).unlink()
            env["res.partner"].browse(customers).unlink()
            env["logistics.customer.pool"].browse(self.pool_id).unlink()
            users = env["res.users"].browse([self.uid1, self.uid2])
            partners = users.partner_id
            users.unlink()
            partners.unlink()

    def _partner(self, cr, uid):
        return api.Environment(cr, uid, {})["res.partner"].browse(self.partner_id)

    def _state(self):
        with self.registry.cursor() as cr:
            partner = self._partner(cr, SUPERUSER_ID)
            claims = partner.env["logistics.pool.log"].search_count(
                [("partner_id", "=", self.partner_id), ("action", "=", "claim")]
            )
            return partner.user_id.id, partner.pool_state, claims

    def test_claim_while_other_claim_in_progress(self):
        """The second claim comes while the first transaction still holds the row."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            self.assertNotEqual(cr1._cnx, cr2._cnx)
            first, second = self._partner(cr1, self.uid1), self._partner(cr2, self.uid2)
            self.assertEqual(second.pool_state, "pool")  # both see it in the pool
            first.action_pool_claim()
            cr1.flush()
            with self.assertRaisesRegex(UserError, "Someone else is claiming"):
                second.action_pool_claim()
            cr2.rollback()
            cr1.commit()
        self.assertEqual(self._state(), (self.uid1, "owned", 1))

    def test_claim_on_stale_snapshot(self):
        """The second transaction read the customer before the first committed its claim."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            first, second = self._partner(cr1, self.uid1), self._partner(cr2, self.uid2)
            self.assertEqual(second.pool_state, "pool")  # snapshot taken here
            first.action_pool_claim()
            cr1.commit()
            with self.assertRaises(UserError):
                second.action_pool_claim()
            cr2.rollback()
        self.assertEqual(self._state(), (self.uid1, "owned", 1))
        # a fresh attempt is refused without a word of the customer or its owner
        with self.registry.cursor() as cr2:
            with self.assertRaisesRegex(UserError, "not available to you"):
                self._partner(cr2, self.uid2).action_pool_claim()
        self.assertEqual(self._state(), (self.uid1, "owned", 1))

    def test_cap_holds_for_parallel_claims_of_different_customers(self):
        """One salesperson claims two customers at once on two connections, with a cap
        of one: the later claim fails with a serialization error (which the RPC layer
        retries) and its retry is refused by the cap."""
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["logistics.customer.pool"].browse(
                self.pool_id
            ).max_owned_per_user = 1
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            first = self._partner(cr1, self.uid1)
            second = api.Environment(cr2, self.uid1, {})["res.partner"].browse(self.other_id)
            self.assertEqual(second.pool_state, "pool")  # snapshot taken here
            first.action_pool_claim()
            cr1.commit()
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                second.action_pool_claim()
            cr2.rollback()
        with self.registry.cursor() as cr2:
            retry = api.Environment(cr2, self.uid1, {})["res.partner"].browse(self.other_id)
            with self.assertRaisesRegex(UserError, "its limit is 1"):
                retry.action_pool_claim()
        with self.registry.cursor() as cr:
            other = api.Environment(cr, SUPERUSER_ID, {})["res.partner"].browse(self.other_id)
            self.assertEqual(other.pool_state, "pool")
