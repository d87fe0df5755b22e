from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import LogisticsCrmCommon


@tagged("post_install", "-at_install")
class TestPoolAccess(LogisticsCrmCommon):
    def test_salesperson_sees_pool_and_own_not_others_protected(self):
        mine = self._owned_customer("Mine", self.salesman)
        theirs = self._owned_customer("Theirs", self.salesman2)
        theirs_contact = self.env["res.partner"].create(
            {"name": "Their buyer", "parent_id": theirs.id}
        )
        vendor = self.env["res.partner"].create({"name": "Unpooled vendor"})
        Partner = self.env["res.partner"].with_user(self.salesman)
        visible = Partner.search(
            [("id", "in", (mine | theirs | theirs_contact | vendor | self.customer).ids)]
        )
        self.assertEqual(visible, mine | vendor | self.customer)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).read(["name"])
        # outside the pool: pool customers are not visible either
        visible = (
            self.env["res.partner"].with_user(self.outsider).search([("id", "=", self.customer.id)])
        )
        self.assertFalse(visible)

    def test_has_access_is_per_user(self):
        """has_access() evaluates the rule on the computed pool_visible: a value computed
        for one user (here the superuser's, then the owner's) is never another's."""
        mine = self._owned_customer("Mine only", self.salesman)
        mine.mapped("pool_visible")  # computed for the superuser first
        self.assertTrue(mine.with_user(self.salesman).has_access("read"))
        self.assertFalse(mine.with_user(self.salesman2).has_access("read"))
        self.assertEqual(mine.with_user(self.salesman)._filtered_access("read"), mine)
        self.assertFalse(mine.with_user(self.outsider)._filtered_access("read"))

    def test_pool_team_opens_the_pool(self):
        team = self.env["crm.team"].create(
            {"name": "Pool Team", "member_ids": [(6, 0, self.outsider.ids)]}
        )
        Partner = self.env["res.partner"].with_user(self.outsider)
        self.assertFalse(Partner.search([("id", "=", self.customer.id)]))
        self.pool.member_team_ids = team
        self.assertEqual(Partner.search([("id", "=", self.customer.id)]), self.customer)

    def test_manager_sees_all(self):
        theirs = self._owned_customer("Theirs", self.salesman2)
        self.assertEqual(
            self.env["res.partner"].with_user(self.manager).search([("id", "=", theirs.id)]), theirs
        )

    def test_pool_fields_not_writable_over_rpc(self):
        """A salesperson cannot take a customer by writing the owner or state directly."""
        mine = self._owned_customer("Mine", self.salesman)
        for vals in (
            {"user_id": self.salesman.id},
            {"pool_state": "owned"},
            {"pool_claim_date": "2030-01-01"},
            {"customer_code": "HACK"},
            {"last_followup_date": "2030-01-01"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.customer.with_user(self.salesman).write(vals)
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).write({"pool_locked": True})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).create(
                {"name": "Sneaky", "pool_state": "owned", "pool_id": self.pool.id}
            )
        self.assertEqual(self.customer.pool_state, "pool")
        self.assertFalse(self.customer.user_id)
        # ordinary fields stay editable by the owner
        mine.with_user(self.salesman).write({"phone": "+86 10 1234 5678"})

    def test_pool_fields_not_settable_through_context_defaults(self):
        self.pool.is_default = True
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesman).with_context(
                default_pool_locked=True
            ).create({"name": "Locked forever", "is_company": True, "customer_stage": "intent"})
        mine = self._owned_customer("Mine", self.salesman)
        for vals in ({"pool_release_date": "2099-12-31"}, {"customer_tier_override": "strategic"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                mine.with_user(self.salesman).write(vals)

    def test_details_of_others_protected_customers_hidden(self):
        theirs = self._owned_customer("Theirs", self.salesman2)
        mine = self._owned_customer("Mine", self.salesman)
        anniversary = self.env["logistics.anniversary"].create(
            {"partner_id": theirs.id, "kind": "founding", "date": "2001-05-05"}
        )
        relation = self.env["logistics.partner.relation"].create(
            {"partner_id": theirs.id, "related_partner_id": mine.id}
        )
        self.assertFalse(
            self.env["logistics.anniversary"]
            .with_user(self.salesman)
            .search([("id", "=", anniversary.id)])
        )
        self.assertFalse(
            self.env["logistics.partner.relation"]
            .with_user(self.salesman)
            .search([("id", "=", relation.id)])
        )
        with self.assertRaises(AccessError):
            anniversary.with_user(self.salesman).unlink()
        self.assertTrue(
            self.env["logistics.anniversary"]
            .with_user(self.salesman2)
            .search([("id", "=", anniversary.id)])
        )

    def test_pool_configuration_is_manager_only(self):
        with self.assertRaises(AccessError):
            self.pool.with_user(self.salesman).write({"followup_days": 999})
        with self.assertRaises(AccessError):
            self.env["logistics.customer.pool"].with_user(self.salesman).create({"name": "Mine"})
        self.pool.with_user(self.manager).write({"followup_days": 20})
        self.assertEqual(self.pool.followup_days, 20)

    def test_history_is_read_only(self):
        self.customer.with_user(self.salesman).action_pool_claim()
        log = self.customer.pool_log_ids[:1]
        with self.assertRaises(AccessError):
            log.with_user(self.salesman).write({"reason": "rewritten"})
        with self.assertRaises(AccessError):
            log.with_user(self.manager).unlink()

    def test_employee_without_role_cannot_claim_or_log(self):
        with self.assertRaises(AccessError):
            self.env["logistics.followup"].with_user(self.employee).create(
                {"partner_id": self.customer.id, "summary": "x"}
            )
        with self.assertRaises(AccessError):
            self.env["logistics.customer.pool"].with_user(self.employee).search([])

    def test_followups_of_others_hidden(self):
        theirs = self._owned_customer("Theirs", self.salesman2)
        followup = (
            self.env["logistics.followup"]
            .with_user(self.salesman2)
            .create({"partner_id": theirs.id, "summary": "Secret visit"})
        )
        self.assertFalse(
            self.env["logistics.followup"]
            .with_user(self.salesman)
            .search([("id", "=", followup.id)])
        )
        self.assertTrue(
            self.env["logistics.followup"]
            .with_user(self.manager)
            .search([("id", "=", followup.id)])
        )
