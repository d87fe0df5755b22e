import importlib.util
import json
from datetime import timedelta
from pathlib import Path

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..models.logistics_customer_account import update_access_keys
from .common import LogisticsRpcCase, logistics_user


class LogisticsBranchCommon:
    """A group: the head office (the test company) and a member company in another
    currency, each with its default pool and its own salespeople."""

    @classmethod
    def _setup_group(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.head = cls.env.company
        eur = cls.env.ref("base.EUR")
        eur.active = True
        if cls.head.currency_id == eur:
            eur = cls.env.ref("base.USD")
            eur.active = True
        # (an Odoo branch - a child company - shares its parent's currency: a member of
        # the group in another currency is a company of its own; the suite treats both
        # alike)
        cls.branch = cls.env["res.company"].create(
            {"name": "Hong Kong Customs", "currency_id": eur.id}
        )
        head_only = {"company_id": cls.head.id, "company_ids": [Command.set(cls.head.ids)]}
        branch_only = {"company_id": cls.branch.id, "company_ids": [Command.set(cls.branch.ids)]}
        cls.head_sales = logistics_user(cls.env, "lb_head1", "salesman", **head_only)
        cls.head_sales2 = logistics_user(cls.env, "lb_head2", "salesman", **head_only)
        cls.branch_sales = logistics_user(
            cls.env, "lb_branch", "salesman", name="Branch Seller", **branch_only
        )
        cls.head_pool = cls.env["logistics.customer.pool"].create(
            {
                "name": "Head Office Pool",
                "company_id": cls.head.id,
                "is_default": True,
                "protect_days": 90,
                "followup_days": 30,
                "deal_days": 60,
                "member_user_ids": [Command.set((cls.head_sales | cls.head_sales2).ids)],
            }
        )
        cls.branch_pool = cls.env["logistics.customer.pool"].create(
            {
                "name": "Branch Pool",
                "company_id": cls.branch.id,
                "is_default": True,
                "protect_days": 90,
                "followup_days": 30,
                "deal_days": 60,
                "member_user_ids": [Command.set(cls.branch_sales.ids)],
            }
        )
        # a customer of the group, owned at the head office
        cls.customer = (
            cls.env["res.partner"]
            .with_user(cls.head_sales)
            .create(
                {
                    "name": "Group Shipper Co., Ltd.",
                    "is_company": True,
                    "customer_stage": "intent",
                    "vat": "91310000 MA1K GRP",
                }
            )
        )
        cls.customer = cls.customer.with_env(cls.env)
        cls.today = fields.Date.context_today(cls.head_pool)

    def _in_branch(self, user):
        return self.customer.with_user(user).with_company(self.branch)

    def _account(self, company):
        return self.customer.logistics_account_ids.filtered(lambda a: a.company_id == company)


@tagged("post_install", "-at_install")
class TestBranches(LogisticsBranchCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_group()

    def test_branch_finds_the_group_customer_and_serves_it(self):
        self.assertEqual(self.customer.pool_user_id, self.head_sales)
        Partner = self.env["res.partner"].with_user(self.branch_sales).with_company(self.branch)
        found = Partner.search([("name", "ilike", "group shipper")])
        self.assertEqual(found, self.customer, "a branch sees the group's customer")
        self.assertEqual(Partner.name_search(self.customer.customer_code)[0][0], self.customer.id)
        # ... not what the head office decided about it
        self.assertFalse(found.pool_state)
        self.assertFalse(found.customer_stage)
        found.action_pool_serve()
        head, branch = self._account(self.head), self._account(self.branch)
        self.assertEqual((branch.user_id, branch.pool_id), (self.branch_sales, self.branch_pool))
        self.assertEqual((branch.pool_state, branch.customer_stage), ("owned", "intent"))
        self.assertEqual(head.user_id, self.head_sales, "the head office keeps its owner")
        self.assertTrue(head.is_home)
        self.assertFalse(branch.is_home)
        self.assertEqual(self.customer.user_id, self.head_sales, "salesperson: key account")
        self.assertEqual(self._in_branch(self.branch_sales).pool_user_id, self.branch_sales)
        logs = self.env["logistics.pool.log"].search(
            [("partner_id", "=", self.customer.id), ("company_id", "=", self.branch.id)]
        )
        self.assertEqual(set(logs.mapped("action")), {"enroll", "claim"})
        self.assertEqual(len(self.customer.logistics_account_ids), 2, "one customer, no copy")
        with self.assertRaisesRegex(UserError, "already serves"):
            self._in_branch(self.branch_sales).action_pool_serve()

    def test_ownership_stays_protected_inside_a_company(self):
        """Another head-office salesperson still cannot see the protected customer, the
        branch - which does not serve it - can."""
        Partner = self.env["res.partner"]
        self.assertFalse(
            Partner.with_user(self.head_sales2).search([("id", "=", self.customer.id)])
        )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.head_sales2).action_pool_serve()
        self.assertTrue(self._in_branch(self.branch_sales).search([("id", "=", self.customer.id)]))
        # once the branch serves it, another branch salesperson of that pool cannot see it
        self._in_branch(self.branch_sales).action_pool_serve()
        rival = logistics_user(
            self.env,
            "lb_branch2",
            "salesman",
            company_id=self.branch.id,
            company_ids=[Command.set(self.branch.ids)],
        )
        self.branch_pool.member_user_ids = [Command.link(rival.id)]
        self.assertFalse(
            Partner.with_user(rival)
            .with_company(self.branch)
            .search([("id", "=", self.customer.id)])
        )

    def test_user_of_two_companies_sees_what_they_own_in_either(self):
        both = logistics_user(
            self.env,
            "lb_both",
            "salesman",
            company_id=self.branch.id,
            company_ids=[Command.set((self.head | self.branch).ids)],
        )
        self.branch_pool.member_user_ids = [Command.link(both.id)]
        self.customer.with_user(both).with_company(self.branch).action_pool_serve()
        Partner = self.env["res.partner"].with_user(both)
        working_in_both = Partner.with_context(allowed_company_ids=(self.head | self.branch).ids)
        self.assertTrue(working_in_both.search([("id", "=", self.customer.id)]))
        # at the head office alone it is someone else's protected customer
        head_only = Partner.with_context(allowed_company_ids=self.head.ids)
        self.assertFalse(head_only.search([("id", "=", self.customer.id)]))

    def test_pool_clocks_run_per_branch(self):
        self._in_branch(self.branch_sales).action_pool_serve()
        head, branch = self._account(self.head), self._account(self.branch)
        self.env["logistics.followup"].with_user(self.branch_sales).with_company(
            self.branch
        ).create(
            {
                "partner_id": self.customer.id,
                "summary": "Customs docs",
                "company_id": self.branch.id,
            }
        )
        self.assertEqual(branch.last_followup_date, self.today)
        self.assertFalse(head.last_followup_date, "the head office's clock does not move")
        # the branch's protection expires: only the branch's account goes back to its pool
        branch.pool_claim_date = head.pool_claim_date = self.today - timedelta(days=200)
        head.pool_locked = True
        while self.env["logistics.customer.pool"]._cron_release_expired(batch_size=10):
            pass
        self.assertEqual((branch.pool_state, branch.user_id.id), ("pool", False))
        self.assertEqual((head.pool_state, head.user_id), ("owned", self.head_sales))
        self.assertEqual(self.customer.user_id, self.head_sales)
        # the head office releasing its key account clears the salesperson
        head.pool_locked = False
        while self.env["logistics.customer.pool"]._cron_release_expired(batch_size=10):
            pass
        self.assertEqual(head.pool_state, "pool")
        self.assertFalse(self.customer.user_id)

    def test_release_by_branch_owner_leaves_head_office_alone(self):
        self._in_branch(self.branch_sales).action_pool_serve()
        self._in_branch(self.branch_sales).action_pool_release(reason="Not our lane")
        self.assertEqual(self._account(self.branch).pool_state, "pool")
        self.assertEqual(self._account(self.head).user_id, self.head_sales)
        with self.assertRaisesRegex(AccessError, "Only the owner"):
            self._in_branch(self.branch_sales).action_pool_release(reason="again")

    def test_distribution_hands_out_its_own_companys_accounts_only(self):
        """The branch's pool hands its waiting account to a branch member; the head
        office's account, owned there, keeps its owner, and the head office's
        distribution does not reach into the branch's pool."""
        self._in_branch(self.branch_sales).action_pool_serve()
        self._in_branch(self.branch_sales).action_pool_release(reason="Not our lane")
        branch_only = {"company_id": self.branch.id, "company_ids": [Command.set(self.branch.ids)]}
        heir = logistics_user(self.env, "lb_branch_heir", "salesman", **branch_only)
        manager = logistics_user(self.env, "lb_branch_manager", "manager", **branch_only)
        head_manager = logistics_user(
            self.env,
            "lb_head_manager",
            "manager",
            company_id=self.head.id,
            company_ids=[Command.set(self.head.ids)],
        )
        self.branch_pool.member_user_ids = [Command.link(heir.id)]
        Member = self.env["logistics.customer.pool.member"]
        for pool, user in ((self.head_pool, self.head_sales2), (self.branch_pool, heir)):
            pool.distribution_method = "round_robin"
            Member.create({"pool_id": pool.id, "user_id": user.id})
        head, branch = self._account(self.head), self._account(self.branch)
        self.head_pool.with_user(head_manager).action_distribute()
        self.assertEqual(branch.pool_state, "pool", "not the head office's to hand out")
        self.assertEqual(head.user_id, self.head_sales)
        self.branch_pool.with_user(manager).action_distribute()
        self.assertEqual((branch.pool_state, branch.user_id), ("owned", heir))
        self.assertEqual(head.user_id, self.head_sales, "the head office keeps its owner")
        log = self.env["logistics.pool.log"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("company_id", "=", self.branch.id),
                ("action", "=", "assign"),
            ]
        )
        self.assertEqual(log.user_id, manager)
        with self.assertRaises(AccessError):
            self.branch_pool.with_user(head_manager).action_distribute()

    def test_meeting_held_by_the_branch_moves_the_branchs_clock(self):
        self._in_branch(self.branch_sales).action_pool_serve()
        head, branch = self._account(self.head), self._account(self.branch)
        stop = fields.Datetime.now() - timedelta(hours=2)
        self.env["calendar.event"].with_user(self.branch_sales).create(
            {
                "name": "Customs clearance review",
                "start": stop - timedelta(hours=1),
                "stop": stop,
                "user_id": self.branch_sales.id,
                "partner_ids": [Command.set((self.customer | self.branch_sales.partner_id).ids)],
            }
        )
        self.env["calendar.event"]._cron_logistics_meetings_held()
        followup = self.env["logistics.followup"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(
            (followup.company_id, followup.user_id, followup.source),
            (self.branch, self.branch_sales, "meeting"),
        )
        # the day the meeting ended where its organiser is (yesterday, just after midnight)
        held_on = fields.Date.context_today(self.branch_sales, timestamp=stop)
        self.assertEqual(branch.last_followup_date, held_on)
        self.assertFalse(head.last_followup_date, "the head office's clock does not move")

    def test_deal_in_branch_is_the_branchs(self):
        self._in_branch(self.branch_sales).action_pool_serve()
        product = self.env["product.product"].create(
            {"name": "Customs clearance", "list_price": 10}
        )
        order = (
            self.env["sale.order"]
            .with_company(self.branch)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.branch.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
        )
        order.action_confirm()
        branch, head = self._account(self.branch), self._account(self.head)
        self.assertEqual((branch.customer_stage, branch.last_deal_date), ("formal", self.today))
        self.assertEqual(head.customer_stage, "intent")
        self.assertFalse(head.last_deal_date)

    def test_tiers_per_company_in_its_currency(self):
        """Each company ranks the customers it serves by its own orders, in its own
        currency: a small head-office customer can be the branch's biggest."""
        self._in_branch(self.branch_sales).action_pool_serve()
        other = self.env["res.partner"].create(
            {"name": "Big Head Office Buyer", "is_company": True, "customer_stage": "intent"}
        )
        product = self.env["product.product"].create({"name": "Trucking", "standard_price": 10})

        def confirm(company, partner, amount):
            order = (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "price_unit": amount,
                                    "purchase_price": 0,
                                }
                            )
                        ],
                    }
                )
            )
            order.action_confirm()
            return order

        confirm(self.head, other, 9000)
        confirm(self.head, self.customer, 100)
        confirm(self.branch, self.customer, 700)
        while self.env["logistics.customer.account"]._cron_compute_tiers():
            pass
        head, branch = self._account(self.head), self._account(self.branch)
        self.assertEqual(branch.customer_tier, "strategic", "the branch's biggest customer")
        self.assertAlmostEqual(branch.logistics_revenue_12m, 700)
        self.assertEqual(branch.currency_id, self.branch.currency_id)
        self.assertAlmostEqual(head.logistics_revenue_12m, 100)
        self.assertNotEqual(head.customer_tier, "strategic")
        self.assertEqual(other.with_company(self.head).customer_tier, "strategic")
        self.assertEqual(self.customer.with_company(self.branch).customer_tier, "strategic")

    def test_serve_needs_a_default_pool_and_an_internal_user(self):
        self.branch_pool.is_default = False
        with self.assertRaisesRegex(UserError, "default customer pool"):
            self._in_branch(self.branch_sales).action_pool_serve()
        self.assertFalse(self._account(self.branch))
        self.branch_pool.is_default = True
        # not a member of the branch's pool: refused, nothing created
        outsider = logistics_user(
            self.env,
            "lb_outsider",
            "salesman",
            company_id=self.branch.id,
            company_ids=[Command.set(self.branch.ids)],
        )
        with self.assertRaisesRegex(UserError, "not a member"):
            self._in_branch(outsider).action_pool_serve()
        portal = logistics_user(self.env, "lb_portal", "portal")
        with self.assertRaises(AccessError):
            self.customer.with_user(portal).action_pool_serve()

    def test_claim_in_a_branch_that_does_not_serve_the_customer(self):
        with self.assertRaisesRegex(UserError, "Serve from my Branch"):
            self._in_branch(self.branch_sales).action_pool_claim()


@tagged("post_install", "-at_install")
class TestAccessKey(LogisticsBranchCommon, TransactionCase):
    """The rules read the customers' stored access key: it follows every change of the
    accounts - through the ORM and through the release SQL - on the customer and its
    contacts, and the owner search agrees with the owner shown."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_group()
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ms Wang", "parent_id": cls.customer.id, "type": "contact"}
        )

    def _keys(self):
        self.env.flush_all()
        return self.customer.logistics_access_key, self.contact.logistics_access_key

    def _visible_to(self, user, company):
        return (
            self.env["res.partner"]
            .with_user(user)
            .with_company(company)
            .search([("id", "in", (self.customer | self.contact).ids)])
        )

    def _sql_agrees(self):
        """Recomputing every key in SQL changes nothing: both ways give one key."""
        self.env.flush_all()
        update_access_keys(self.env.cr)
        self.assertEqual(self.env.cr.rowcount, 0)

    def test_key_follows_claims_serves_and_releases(self):
        head, branch = self.head.id, self.branch.id
        owned_head = f"|{head}:u{self.head_sales.id}|"
        self.assertEqual(self._keys(), (owned_head, owned_head), "a contact carries it too")
        self.assertFalse(self._visible_to(self.head_sales2, self.head))
        self._in_branch(self.branch_sales).action_pool_serve()
        first, second = sorted(
            [(head, f"u{self.head_sales.id}"), (branch, f"u{self.branch_sales.id}")]
        )
        both = f"|{first[0]}:{first[1]}|{second[0]}:{second[1]}|"
        self.assertEqual(self._keys(), (both, both), "one token per company, sorted")
        self._sql_agrees()
        # released by hand at the head office (the release SQL): back in its pool there
        self.customer.with_user(self.head_sales).action_pool_release(reason="Lane closed")
        in_pool = f"|{head}:p{self.head_pool.id}|"
        self.assertIn(in_pool, self._keys()[0])
        self.assertIn(in_pool, self._keys()[1])
        self._sql_agrees()
        self.assertEqual(
            self._visible_to(self.head_sales2, self.head),
            self.customer | self.contact,
            "a member of the pool sees the released customer and its contact",
        )
        # expired in the branch (the release cron)
        self._account(self.branch).pool_claim_date = self.today - timedelta(days=200)
        while self.env["logistics.customer.pool"]._cron_release_expired(batch_size=10):
            pass
        self.assertIn(f"|{branch}:p{self.branch_pool.id}|", self._keys()[1])
        self._sql_agrees()
        # no pool manages it any more anywhere: no key, open to every salesperson
        self.customer.logistics_account_ids.sudo().write({"pool_state": False, "pool_id": False})
        self.assertEqual(self._keys(), (False, False))
        outsider = logistics_user(self.env, "lb_key_outsider", "salesman")
        self.assertEqual(self._visible_to(outsider, self.head), self.customer | self.contact)
        self._sql_agrees()

    def test_owner_search_agrees_with_the_owner_shown(self):
        Partner = self.env["res.partner"]
        unpooled = Partner.create(
            {"name": "No Pool Co", "is_company": True, "user_id": self.head_sales.id}
        )
        unpooled_contact = Partner.create(
            {"name": "Mr Li", "parent_id": unpooled.id, "user_id": self.head_sales.id}
        )
        # in the pool now, still carrying its former salesperson: not theirs any more
        stale = Partner.with_user(self.head_sales).create(
            {"name": "Stale Co", "is_company": True, "customer_stage": "intent"}
        )
        stale.with_user(self.head_sales).action_pool_release(reason="test")
        stale.sudo().with_context(tracking_disable=True).write({"user_id": self.head_sales.id})
        self._in_branch(self.branch_sales).action_pool_serve()
        everyone = self.customer | self.contact | unpooled | unpooled_contact | stale
        for company, user in (
            (self.head, self.head_sales),
            (self.branch, self.branch_sales),
            (self.head, self.branch_sales),
        ):
            partners = everyone.with_company(company)
            for operator, owners in (("=", [user.id]), ("in", [user.id, self.head_sales2.id])):
                value = owners[0] if operator == "=" else owners
                found = partners.search(
                    [("id", "in", everyone.ids), ("pool_user_id", operator, value)]
                )
                shown = partners.browse(p.id for p in partners if p.pool_user_id.id in owners)
                self.assertEqual(found, shown, f"{operator} {user.name} in {company.name}")
        self.assertIn(
            self.customer,
            everyone.with_company(self.head).search([("pool_user_id", "=", self.head_sales.id)]),
        )
        self.assertIn(stale, everyone.search([("pool_user_id", "=", False), ("id", "=", stale.id)]))


@tagged("post_install", "-at_install")
class TestCustomerMaster(LogisticsBranchCommon, TransactionCase):
    """One customer, one code: duplicates refused, imports consistent, merges keep codes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_group()
        cls.manager = logistics_user(cls.env, "lb_manager", "manager")

    def test_same_tax_id_is_refused_with_the_existing_code(self):
        Partner = self.env["res.partner"].with_user(self.branch_sales).with_company(self.branch)
        with self.assertRaises(ValidationError) as caught:
            Partner.create(
                {"name": "Group Shipper", "vat": "91310000-MA1K-grp", "customer_stage": "intent"}
            )
        self.assertIn(self.customer.customer_code, str(caught.exception))
        self.assertIn("Serve from my Branch", str(caught.exception))
        self.assertEqual(
            self.env["res.partner"].search_count([("vat_normalized", "=", "91310000MA1KGRP")]), 1
        )
        # the context is no way round it for a salesperson
        with self.assertRaises(ValidationError):
            Partner.with_context(logistics_duplicate_reason="I want it").create(
                {"name": "Group Shipper", "vat": "91310000MA1KGRP", "customer_stage": "intent"}
            )
        # nor is making an existing partner a customer afterwards
        vendor = self.env["res.partner"].create({"name": "Same Entity", "vat": "91310000MA1KGRP"})
        with self.assertRaises(ValidationError):
            vendor.customer_stage = "intent"
        # a sales manager may, with a reason on record
        twin = (
            self.env["res.partner"]
            .with_user(self.manager)
            .with_context(logistics_duplicate_reason="Separate legal entity after the split")
            .create(
                {
                    "name": "Group Shipper (new)",
                    "vat": "91310000MA1KGRP",
                    "customer_stage": "intent",
                }
            )
        )
        self.assertIn("Separate legal entity", twin.message_ids[:1].body)
        # a name match stays a warning listing code, company and owner
        self.assertIn(
            self.customer, Partner.new({"name": "GROUP SHIPPER"}).duplicate_partner_ids._origin
        )
        info = Partner.new({"name": "GROUP SHIPPER"}).duplicate_info
        self.assertIn(self.customer.customer_code, info)
        self.assertIn(self.head.name, info)

    def test_import_reports_the_duplicate_row_and_creates_nothing_for_it(self):
        Partner = self.env["res.partner"].with_user(self.manager)
        result = Partner.load(
            ["name", "vat", "customer_stage", "is_company"],
            [
                ["Fresh Forwarder", "FRESH-001", "intent", "1"],
                ["Group Shipper Again", "91310000MA1KGRP", "intent", "1"],
            ],
        )
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors)
        self.assertIn(self.customer.customer_code, errors[0]["message"])
        self.assertFalse(Partner.search([("name", "=", "Group Shipper Again")]))

    def test_import_into_a_pool_gives_claimable_customers(self):
        Partner = self.env["res.partner"].with_user(self.manager)
        result = Partner.load(
            ["name", "is_company", "customer_stage", "pool_id", "pool_user_id"],
            [
                ["Imported Pool Co", "1", "formal", "Head Office Pool", ""],
                ["Imported Owned Co", "1", "intent", "Head Office Pool", self.head_sales2.name],
            ],
        )
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result)
        pooled, owned = Partner.browse(result["ids"])
        self.assertEqual((pooled.pool_state, pooled.pool_id), ("pool", self.head_pool))
        self.assertEqual((owned.pool_state, owned.pool_user_id), ("owned", self.head_sales2))
        self.assertEqual(owned.pool_claim_date, self.today)
        self.assertTrue(owned.pool_release_date)
        pooled.with_user(self.head_sales).action_pool_claim()
        self.assertEqual(pooled.pool_user_id, self.head_sales)
        pooled.with_user(self.head_sales).action_pool_release(reason="Back")
        self.assertEqual(pooled.pool_state, "pool")
        # an imported formal customer without a known last deal is not dormant next night
        while self.env["logistics.customer.account"]._cron_compute_tiers():
            pass
        self.assertEqual(pooled.customer_stage, "formal")

    def test_merge_keeps_the_old_code_and_each_companys_account(self):
        self._in_branch(self.branch_sales).action_pool_serve()
        dupe = self.env["res.partner"].create(
            {"name": "Group Shipper Trading", "is_company": True, "customer_stage": "formal"}
        )
        dupe.with_company(self.branch).customer_stage = "intent"  # not served by the branch yet
        old_code = dupe.customer_code
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_model="res.partner", active_ids=(self.customer | dupe).ids)
            .create({})
        )
        wizard.dst_partner_id = self.customer
        code = self.customer.customer_code
        wizard.action_merge()
        self.assertFalse(dupe.exists())
        self.assertEqual(self.customer.customer_code, code)
        self.assertEqual(self.customer.logistics_code_alias_ids.mapped("code"), [old_code])
        Partner = self.env["res.partner"]
        self.assertEqual(Partner.name_search(old_code)[0][0], self.customer.id)
        self.assertEqual(
            Partner.search([("logistics_code_alias_ids.code", "ilike", old_code)]), self.customer
        )
        accounts = self.customer.logistics_account_ids
        self.assertEqual(len(accounts), 2, "one account per company")
        self.assertEqual(self._account(self.branch).user_id, self.branch_sales, "kept's wins")
        self.assertEqual(len(accounts.filtered("is_home")), 1)

    def test_duplicate_clusters_by_normalised_name(self):
        Partner = self.env["res.partner"]
        acme = Partner.create({"name": "ACME Logistics Co., Ltd.", "is_company": True})
        twin = Partner.create({"name": "acme  logistics", "is_company": True})
        wizard = self.env["base.partner.merge.automatic.wizard"].create(
            {"group_by_name_normalized": True}
        )
        wizard.action_start_manual_process()
        clusters = [set(json.loads(line.aggr_ids)) for line in wizard.line_ids]
        self.assertIn({acme.id, twin.id}, clusters)

    def test_migration_moves_partner_columns_into_accounts(self):
        """A database of 18.0.1.0.0 keeps pool data on res_partner: the upgrade moves it
        into the account of the pool's company, without loss, and drops the columns."""
        path = Path(__file__).parent.parent / "migrations" / "18.0.2.0.0" / "post-migrate.py"
        spec = importlib.util.spec_from_file_location("crm_2_0_post", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        cr = self.env.cr
        partner = self.env["res.partner"].create({"name": "Legacy Co", "is_company": True})
        for column in migration.MOVED:
            kind = {
                "pool_id": "int4",
                "pool_locked": "bool",
                "pool_reminder_sent": "bool",
                "pool_deal_since_claim": "bool",
                "logistics_revenue_12m": "numeric",
                "logistics_margin_12m": "numeric",
            }.get(column, "date" if "date" in column else "varchar")
            cr.execute(f"ALTER TABLE res_partner ADD COLUMN {column} {kind}")  # noqa: S608
        claim = self.today - timedelta(days=10)
        cr.execute(
            """UPDATE res_partner SET customer_stage = 'formal', pool_id = %s,
                      pool_state = 'owned', pool_claim_date = %s, user_id = %s,
                      customer_tier_override = 'partner', logistics_revenue_12m = 1234
                WHERE id = %s""",
            (self.branch_pool.id, claim, self.branch_sales.id, partner.id),
        )
        migration.migrate(cr, "18.0.1.0.0")
        self.env.invalidate_all()
        account = partner.logistics_account_ids
        self.assertEqual(account.company_id, self.branch, "the pool's company")
        self.assertEqual(
            (account.pool_state, account.user_id, account.pool_claim_date),
            ("owned", self.branch_sales, claim),
        )
        self.assertEqual(
            (account.customer_stage, account.customer_tier_override), ("formal", "partner")
        )
        self.assertAlmostEqual(account.logistics_revenue_12m, 1234)
        self.assertTrue(account.is_home)
        self.assertEqual(
            partner.logistics_access_key,
            f"|{self.branch.id}:u{self.branch_sales.id}|",
            "the rules' key is filled from the accounts made",
        )
        cr.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND column_name = 'pool_state'"
        )
        self.assertFalse(cr.fetchall(), "the old columns are gone")


@tagged("post_install", "-at_install")
class TestBranchesOverRpc(LogisticsBranchCommon, LogisticsRpcCase):
    """A branch salesperson over JSON-RPC: no way round the accounts' rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_group()

    def setUp(self):
        super().setUp()
        self.login(self.branch_sales)

    def test_accounts_are_not_written_directly(self):
        head = self._account(self.head)
        self.assertRpcRefused(
            "logistics.customer.account", "write", [head.id], {"user_id": self.branch_sales.id}
        )
        self.assertRpcRefused(
            "logistics.customer.account",
            "create",
            {
                "partner_id": self.customer.id,
                "company_id": self.branch.id,
                "user_id": self.branch_sales.id,
            },
            error="AccessError",
        )
        self.assertFalse(self._account(self.branch))
        # the head office's accounts are not even readable from the branch
        self.assertFalse(
            self.rpc(
                "logistics.customer.account", "search", [("partner_id", "=", self.customer.id)]
            )
        )
        self.assertRpcRefused(
            "res.partner", "write", [self.customer.id], {"pool_user_id": self.branch_sales.id}
        )
        self.assertRpcRefused(
            "res.partner", "write", [self.customer.id], {"customer_tier": "strategic"}
        )
        self.assertEqual(head.user_id, self.head_sales)

    def test_access_key_is_not_written_directly(self):
        """The key the rules read is computed: a salesperson cannot open a protected
        customer to everyone, nor hide one from their colleagues, by writing it."""
        key = self.customer.logistics_access_key
        self.assertRpcRefused(
            "res.partner", "write", [self.customer.id], {"logistics_access_key": False}
        )
        self.assertRpcRefused(
            "res.partner",
            "create",
            {"name": "Hidden Co", "is_company": True, "logistics_access_key": "|0:u0|"},
        )
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Hidden Co")]))
        self.env.invalidate_all()
        self.assertEqual(self.customer.logistics_access_key, key)
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.head_sales2)
            .search([("id", "=", self.customer.id)]),
            "still protected at the head office",
        )

    def test_tier_queue_is_not_reachable(self):
        """The nightly tier queue is the cron's: a salesperson can neither queue a tier
        for a customer nor read the queue."""
        account = self._account(self.head)
        self.assertRpcRefused(
            "logistics.customer.tier.change",
            "create",
            {"account_id": account.id, "customer_tier_auto": "strategic"},
            error="AccessError",
        )
        self.assertRpcRefused(
            "logistics.customer.tier.change", "search_read", [], error="AccessError"
        )
        self.assertFalse(self.env["logistics.customer.tier.change"].search_count([]))

    def test_serving_goes_through_the_pool_rules(self):
        self.branch_pool.max_owned_per_user = 1
        self.rpc("res.partner", "action_pool_serve", [self.customer.id])
        self.assertEqual(self._account(self.branch).user_id, self.branch_sales)
        second = self.env["res.partner"].create(
            {"name": "Second Group Shipper", "is_company": True, "customer_stage": "intent"}
        )
        self.assertRpcRefused("res.partner", "action_pool_serve", [second.id], error="UserError")
        self.assertFalse(
            second.logistics_account_ids.filtered(lambda a: a.company_id == self.branch)
        )
        self.assertRpcRefused("res.partner", "action_pool_serve", [], error="UserError")
        self.assertRpcNotRaw("res.partner", "action_pool_serve", ["x"])

    def test_same_tax_id_refused_over_rpc(self):
        """A second customer with a group customer's tax ID is refused with a clear
        error, with or without the manager's reason in the context."""
        vals = {"name": "Shipper Copy", "vat": "91310000MA1KGRP", "customer_stage": "intent"}
        self.assertRpcRefused("res.partner", "create", vals, error="ValidationError")
        self.assertRpcRefused(
            "res.partner",
            "create",
            vals,
            error="ValidationError",
            context={"logistics_duplicate_reason": "I insist"},
        )
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Shipper Copy")]))

    def test_manager_cannot_move_an_account(self):
        """Even a sales manager does not hand one company's account to another company or
        customer: a company serves a customer through the pool actions."""
        manager = logistics_user(self.env, "lb_rpc_manager", "manager")
        self.login(manager)
        head = self._account(self.head)
        for vals in (
            {"company_id": self.branch.id},
            {"partner_id": self.env["res.partner"].create({"name": "Other"}).id},
            {"is_home": False},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused("logistics.customer.account", "write", [head.id], vals)
        self.assertEqual((head.company_id, head.partner_id), (self.head, self.customer))
        self.assertTrue(head.is_home)
        self.assertRpcRefused(
            "logistics.customer.account",
            "create",
            {"partner_id": self.customer.id, "company_id": self.branch.id},
        )


@tagged("post_install", "-at_install")
class TestBranchHandOver(LogisticsBranchCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_group()

    def test_release_in_one_company_keeps_the_work_of_the_other(self):
        """A salesperson owning a customer at the head office and in the branch releases
        it at the head office: their activities on the customer are still theirs (the
        branch's work); released in the branch too, they are closed."""
        both = logistics_user(
            self.env,
            "lb_both",
            "salesman",
            company_id=self.head.id,
            company_ids=[Command.set((self.head | self.branch).ids)],
        )
        (self.head_pool | self.branch_pool).write({"member_user_ids": [Command.link(both.id)]})
        customer = (
            self.env["res.partner"]
            .with_user(both)
            .create({"name": "Two-company Shipper", "is_company": True, "customer_stage": "intent"})
        )
        customer.with_user(both).with_company(self.branch).action_pool_serve()
        call = customer.with_env(self.env).activity_schedule(
            "mail.mail_activity_data_call", user_id=both.id
        )
        customer.with_user(both).action_pool_release(reason="Head office lets go")
        self.assertEqual((call.active, call.user_id), (True, both), "still theirs in the branch")
        customer.with_user(both).with_company(self.branch).action_pool_release(reason="Done")
        self.assertFalse(call.active, "nobody owns it any more: closed")
        logs = customer.with_env(self.env).pool_log_ids.filtered(
            lambda log: log.action == "release"
        )
        self.assertEqual(sorted(logs.mapped("activity_count")), [0, 1])
