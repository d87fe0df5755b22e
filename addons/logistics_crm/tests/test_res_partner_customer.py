from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger
from psycopg2 import IntegrityError

from ..models.res_partner_duplicate import normalize_name
from .common import LogisticsCrmCommon


@tagged("post_install", "-at_install")
class TestCustomerIdentity(LogisticsCrmCommon):
    def test_one_code_per_customer(self):
        first = self.env["res.partner"].create({"name": "Alpha", "customer_stage": "intent"})
        second = self.env["res.partner"].create({"name": "Beta", "customer_stage": "intent"})
        self.assertTrue(first.customer_code)
        self.assertNotEqual(first.customer_code, second.customer_code)
        contact = self.env["res.partner"].create({"name": "Person", "parent_id": first.id})
        self.assertFalse(contact.customer_code, "contacts share their company's code")
        vendor = self.env["res.partner"].create({"name": "Just a vendor"})
        self.assertFalse(vendor.customer_code)
        vendor.customer_stage = "intent"
        self.assertTrue(vendor.customer_code, "a partner becoming a customer gets a code")
        self.assertFalse(first.copy().customer_code)

    def test_duplicate_code_refused(self):
        first = self.env["res.partner"].create({"name": "Alpha", "customer_stage": "intent"})
        second = self.env["res.partner"].create({"name": "Beta", "customer_stage": "intent"})
        code = second.customer_code
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                second.write({"customer_code": first.customer_code})
        second.invalidate_recordset()
        self.assertEqual(second.customer_code, code)

    def test_normalize_name(self):
        self.assertEqual(
            normalize_name("ACME Logistics Co., Ltd."), normalize_name("acme  logistics")
        )
        self.assertEqual(normalize_name("华运物流有限公司"), normalize_name("华运物流"))
        self.assertEqual(normalize_name("ＡＣＭＥ"), "acme")
        self.assertNotEqual(normalize_name("ACME Freight"), normalize_name("ACME Logistics"))

    def test_duplicates_found_across_owners_before_creation(self):
        owned = self._owned_customer(
            "Sinotrans Link Co., Ltd",
            self.salesman2,
            vat="91310000 MA1K",
            phone="+86 21 5555 0101",
            email="Ops@Link.example.com",
        )
        checks = [
            {"name": "SINOTRANS LINK"},
            {"name": "Other name", "vat": "91310000MA1K"},
            {"name": "Other name", "email": "ops@link.example.com"},
        ]
        for vals in checks:
            with self.subTest(vals=vals):
                form = Form(self.env["res.partner"].with_user(self.salesman))
                for key, value in vals.items():
                    setattr(form, key, value)
                self.assertEqual(form.duplicate_count, 1)
                self.assertIn(owned.customer_code, form.duplicate_info)
                self.assertIn("Salesperson Two", form.duplicate_info)
        form = Form(self.env["res.partner"].with_user(self.salesman))
        form.name = "Completely different"
        self.assertEqual(form.duplicate_count, 0)
        # a phone typed another way, and the lookup is one statement whatever is typed
        new = self.env["res.partner"].new({"name": "Phone only", "phone": "+86 21 5555 0101"})
        self.assertTrue(new.phone_sanitized)  # (computed from the company's country)
        with self.assertQueryCount(1):
            self.assertEqual(new._logistics_find_duplicates(), owned)
        contact = self.env["res.partner"].create(
            {"name": "SINOTRANS LINK", "parent_id": owned.id, "email": "ops@link.example.com"}
        )
        self.assertFalse(contact.duplicate_partner_ids, "a contact is no duplicate")
        self.assertEqual(owned.duplicate_partner_ids, self.env["res.partner"], "nor itself")

    def test_merge_keeps_one_code(self):
        keep = self.env["res.partner"].create(
            {"name": "Keep Ltd", "is_company": True, "customer_stage": "intent"}
        )
        dupe = self.env["res.partner"].create(
            {"name": "Keep Limited", "is_company": True, "customer_stage": "intent"}
        )
        followup = self.env["logistics.followup"].create({"partner_id": dupe.id, "summary": "x"})
        self.assertEqual(keep.duplicate_count, 1)
        action = keep.with_user(self.manager).action_merge_duplicates()
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({})
        )
        wizard.dst_partner_id = keep
        code = keep.customer_code
        wizard.action_merge()
        self.assertFalse(dupe.exists())
        self.assertEqual(keep.customer_code, code)
        self.assertEqual(followup.partner_id, keep)


@tagged("post_install", "-at_install")
class TestCustomerClassification(LogisticsCrmCommon):
    def _order(self, partner, amount, cost, days_ago=10):
        product = self.env["product.product"].create({"name": "Trucking", "standard_price": cost})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "price_unit": amount, "purchase_price": cost})
                ],
            }
        )
        order.action_confirm()
        order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
        return order

    def test_pareto_tiers_with_margin_and_override(self):
        names = ["Whale", "Big", "Medium", "Small", "Thin", "Old"]
        p = {
            n: self.env["res.partner"].create({"name": n, "customer_stage": "intent"})
            for n in names
        }
        self._order(p["Whale"], 5000, 3000)  # 50 % of revenue
        self._order(p["Big"], 3000, 2000)  # up to 80 %
        self._order(p["Medium"], 1000, 500)  # up to 90 %
        self._order(p["Small"], 500, 100)  # up to 95 %
        self._order(p["Thin"], 500, 499)  # margin 0.2 % -> one tier down
        self._order(p["Old"], 9000, 1000, days_ago=400)  # outside the 12 months
        p["Medium"].sudo().customer_tier_override = "strategic"
        # the night's job to completion, as the demo data runs it
        self.env["ir.cron"]._logistics_run_now("logistics.customer.account", "_cron_compute_tiers")
        self.assertEqual(p["Whale"].customer_tier, "strategic")
        self.assertEqual(p["Big"].customer_tier, "partner")
        self.assertEqual(p["Medium"].customer_tier_auto, "commercial")
        self.assertEqual(p["Medium"].customer_tier, "strategic", "manual override wins")
        self.assertEqual(p["Small"].customer_tier, "commercial")
        self.assertEqual(p["Thin"].customer_tier, "general")
        self.assertEqual(p["Old"].customer_tier, "general")
        self.assertAlmostEqual(p["Whale"].logistics_revenue_12m, 5000)
        self.assertAlmostEqual(p["Whale"].logistics_margin_12m, 2000)
        # the sales analysis groups revenue by the tier of the order's company
        self.env.flush_all()
        by_tier = dict(
            self.env["sale.report"]._read_group(
                [("partner_id", "in", [p[n].id for n in names]), ("state", "=", "sale")],
                ["customer_tier"],
                ["price_subtotal:sum"],
            )
        )
        self.assertAlmostEqual(by_tier["strategic"], 5000 + 1000, msg="Whale and Medium")
        self.assertAlmostEqual(by_tier["general"], 500 + 9000, msg="Thin and Old")

    def test_only_scheduled_jobs_run_now(self):
        with self.assertRaises(UserError):
            self.env["ir.cron"]._logistics_run_now("res.partner", "unlink")

    def test_tiers_are_applied_in_bounded_batches(self):
        """The night's ranking is one statement that queues the changes; they are
        applied a batch at a time, and only owned customers whose tier changed get
        their release date recomputed."""
        Account = self.env["logistics.customer.account"]
        customers = self.env["res.partner"]
        for i, amount in enumerate((5000, 3000, 1000, 500, 400)):
            customer = self._owned_customer(f"Batch Tier {i}", self.salesman)
            self._order(customer, amount, amount / 2)
            customers |= customer
        accounts = customers.logistics_account_ids
        accounts.flush_recordset()
        Change = self.env["logistics.customer.tier.change"]
        # first call: this company is ranked, nothing applied yet
        self.assertTrue(Account._cron_compute_tiers(batch_size=2))
        self.assertEqual(self.company.logistics_tier_date, self.today)
        self.assertEqual(Change.search([("account_id", "in", accounts.ids)]).account_id, accounts)
        self.assertEqual(set(accounts.mapped("customer_tier")), {False})
        # then batches of at most 2 (the ranking is not repeated tonight)
        self.assertEqual(Account._logistics_apply_tiers(2), 2)
        self.assertTrue(Account._cron_compute_tiers(batch_size=2))
        pending = Change.search([])
        Account._logistics_apply_tiers(len(pending))
        to_compute = self.env.records_to_compute(Account._fields["pool_release_date"])
        self.assertEqual(set(to_compute.mapped("pool_state")), {"owned"})
        self.assertLessEqual(accounts & pending.account_id, to_compute, "tier changed")
        while Account._cron_compute_tiers(batch_size=2):
            pass
        self.assertFalse(Change.search_count([]))
        self.assertEqual(customers[0].customer_tier, "strategic")
        # next night, same business: revenue moves (a new order), the tier does not
        self.company.logistics_tier_date = self.today - timedelta(days=1)
        self._order(customers[0], 10, 5)
        Account._cron_compute_tiers(batch_size=10)
        self.assertEqual(Change.search([]).account_id, accounts[0])
        self.env.flush_all()
        Account._logistics_apply_tiers(10)
        self.assertFalse(
            self.env.records_to_compute(Account._fields["pool_release_date"]),
            "same tier: the release date stays",
        )
        self.assertAlmostEqual(customers[0].logistics_revenue_12m, 5010)

    def test_tier_batch_queries_do_not_grow(self):
        Account = self.env["logistics.customer.account"]
        for i in range(12):
            self._order(self._owned_customer(f"Count Tier {i}", self.salesman), 100 + i, 10)
        Account._cron_compute_tiers(batch_size=2)  # ranks: queues the changes
        Account._cron_compute_tiers(batch_size=2)  # warm
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(10):
            Account._cron_compute_tiers(batch_size=2)
            self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(10):
            Account._cron_compute_tiers(batch_size=8)
            self.env.flush_all()

    def test_stage_moves_with_business(self):
        partner = self.env["res.partner"].create({"name": "Stage Co", "customer_stage": "intent"})
        self._order(partner, 100, 50)
        self.assertEqual(partner.customer_stage, "formal")
        partner.sudo().last_deal_date = self.today - timedelta(days=400)
        while self.env["logistics.customer.account"]._cron_compute_tiers():
            pass
        self.assertEqual(partner.customer_stage, "dormant")
        partner.customer_stage = "lost"  # by hand
        self.assertEqual(partner.customer_stage, "lost")

    def test_customer_lists(self):
        self.company.logistics_uncontacted_days = 20
        quiet = self._owned_customer("Quiet", self.salesman)
        quiet.sudo().last_followup_date = self.today - timedelta(days=25)
        busy = self._owned_customer("Busy", self.salesman)
        busy.sudo().last_followup_date = self.today
        Partner = self.env["res.partner"]
        uncontacted = Partner.search([("is_uncontacted", "=", True)])
        self.assertIn(quiet, uncontacted)
        self.assertNotIn(busy, uncontacted)
        self.company.logistics_release_soon_days = 10
        quiet.sudo().pool_claim_date = self.today - timedelta(days=25)
        soon = Partner.search([("is_release_soon", "=", True)])
        self.assertIn(quiet, soon)
        self.assertNotIn(busy, soon)

    def test_360_figures(self):
        partner = self._owned_customer("Figures", self.salesman)
        self.env["logistics.followup"].create({"partner_id": partner.id, "summary": "Visit"})
        other = self.env["res.partner"].create({"name": "Holding", "customer_stage": "intent"})
        self.env["logistics.partner.relation"].create(
            {"partner_id": partner.id, "related_partner_id": other.id, "relation_type": "holding"}
        )
        self.assertEqual(partner.followup_count, 1)
        self.assertEqual(partner.relation_count, 1)
        self.assertEqual(
            partner.action_view_followups()["domain"], [("partner_id", "=", partner.id)]
        )

    def test_relation_to_itself_refused(self):
        partner = self.env["res.partner"].create({"name": "Self", "customer_stage": "intent"})
        with self.assertRaises(ValidationError):
            self.env["logistics.partner.relation"].create(
                {"partner_id": partner.id, "related_partner_id": partner.id}
            )
        self.assertFalse(partner.relation_ids)

    def test_anniversary_reminder(self):
        partner = self._owned_customer("Birthday Co", self.salesman)
        anniversary = self.env["logistics.anniversary"].create(
            {
                "partner_id": partner.id,
                "kind": "founding",
                "date": (self.today + timedelta(days=3)).replace(year=2001),
                "remind_days": 7,
            }
        )
        self.assertEqual(anniversary.next_date, self.today + timedelta(days=3))
        self.env["logistics.anniversary"]._cron_remind()
        activity = partner.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("logistics_crm.mail_activity_type_anniversary")
        )
        self.assertEqual(activity.user_id, self.salesman)
        self.env["logistics.anniversary"]._cron_remind()
        self.assertEqual(len(partner.activity_ids), 1, "reminded once")
        with self.assertRaises(ValidationError):
            anniversary.remind_days = -1
