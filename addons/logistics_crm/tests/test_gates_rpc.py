from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import LogisticsRpcCase, logistics_user


@tagged("post_install", "-at_install")
class TestPoolGatesOverRpc(LogisticsRpcCase):
    """What a salesperson cannot do in the web client, JSON-RPC does not let them do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = logistics_user(cls.env, "lcg_sales", "salesman")
        cls.rival = logistics_user(cls.env, "lcg_rival", "salesman", name="Rival Seller")
        cls.pool = cls.env["logistics.customer.pool"].create(
            {
                "name": "Gate Pool",
                "protect_days": 90,
                "followup_days": 30,
                "max_owned_per_user": 1,
                "member_user_ids": [Command.set((cls.salesman | cls.rival).ids)],
            }
        )
        Partner = cls.env["res.partner"]
        cls.mine = Partner.create({"name": "Mine Ltd", "is_company": True})
        cls.free = Partner.create({"name": "Free Ltd", "is_company": True})
        cls.secret = Partner.create({"name": "Secret Account Ltd", "is_company": True})
        (cls.mine | cls.free | cls.secret).action_pool_enroll(cls.pool)
        cls.mine.with_user(cls.salesman).action_pool_claim()
        cls.secret.with_user(cls.rival).action_pool_claim()
        cls.nothing = cls.env["product.product"].create(
            {"name": "Courtesy call", "type": "service", "list_price": 0.0}
        )

    def setUp(self):
        super().setUp()
        self.login(self.salesman)

    def test_zero_amount_order_is_no_deal(self):
        """Orders of nothing do not count as business: they cannot lift the cap."""
        order_id = self.rpc(
            "sale.order",
            "create",
            {
                "partner_id": self.mine.id,
                "order_line": [Command.create({"product_id": self.nothing.id})],
            },
        )
        self.rpc("sale.order", "action_confirm", [order_id])
        self.assertEqual(self.env["sale.order"].browse(order_id).state, "sale")
        self.assertFalse(self.mine.last_deal_date)
        self.assertRpcRefused("res.partner", "action_pool_claim", [self.free.id], error="UserError")
        self.assertEqual(self.free.pool_state, "pool")

    def test_no_losing_another_owners_customer(self):
        """Marking a customer lost ends its protection: never on another owner's."""
        self.assertRpcRefused(
            "res.partner",
            "action_customer_lost",
            [self.secret.id],
            reason="Gone",
            error="AccessError",
        )
        self.assertEqual(self.secret.pool_state, "owned")
        self.assertRpcRefused(
            "res.partner",
            "action_customer_lost",
            [self.free.id],
            reason="Gone",
            error="AccessError",
        )
        self.assertEqual(self.free.pool_state, "pool")
        self.assertRpcNotRaw(
            "res.partner", "action_customer_lost", [self.mine.id], reason="Gone", lost_reason="x"
        )
        self.assertRpcRefused(
            "res.partner", "write", [self.mine.id], {"customer_stage": "lost", "pool_state": False}
        )
        self.assertEqual(self.mine.pool_state, "owned")

    def test_no_follow_up_on_another_owners_customer(self):
        release = self.secret.pool_release_date
        self.assertRpcRefused(
            "logistics.followup",
            "create",
            {"partner_id": self.secret.id, "summary": "Called", "channel": "phone"},
            error="AccessError",
        )
        self.assertFalse(self.secret.last_followup_date)
        self.assertEqual(self.secret.pool_release_date, release)
        self.assertFalse(
            self.env["logistics.followup"].search([("partner_id", "=", self.secret.id)])
        )

    def test_errors_name_no_hidden_customer_nor_owner(self):
        for method, args in (
            ("action_pool_claim", [[self.secret.id]]),
            ("action_pool_release", [[self.secret.id], "Mine now"]),
        ):
            with self.subTest(method=method):
                error = self.assertRpcRefused("res.partner", method, *args)
                self.assertNotIn("Secret", error.message)
                self.assertNotIn("Rival", error.message)
        self.assertEqual(self.secret.user_id, self.rival)

    def test_owner_and_pool_fields_refused(self):
        for vals in ({"user_id": self.salesman.id}, {"pool_state": "owned"}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "res.partner", "write", [self.free.id], vals, error="AccessError"
                )
        self.assertRpcRefused(
            "res.partner",
            "create",
            {"name": "Sneaky"},
            context={"default_pool_id": self.pool.id, "default_pool_state": "owned"},
            error="AccessError",
        )
        self.assertEqual(self.free.pool_state, "pool")
        self.assertFalse(self.free.user_id)

    def test_creating_customers_is_no_way_round_the_cap(self):
        """Customers a member creates are owned by them: within the default pool's cap."""
        self.pool.is_default = True  # its cap: 1 customer, and the salesperson owns one
        self.assertRpcRefused(
            "res.partner",
            "create",
            {"name": "Brand New Ltd", "is_company": True, "customer_stage": "intent"},
            error="UserError",
        )
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Brand New Ltd")]))

    def test_no_way_round_by_computed_fields_defaults_or_parents(self):
        other = self.env["res.partner"].create({"name": "Shell Ltd", "is_company": True})
        for vals in (
            {"commercial_partner_id": other.id},  # hides the customer under another
            {"pool_deal_since_claim": True},  # a fake deal lifts the cap
            {"parent_id": other.id},
            {"is_company": False},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "res.partner", "write", [self.free.id], vals, error="AccessError"
                )
        self.assertEqual(self.free.commercial_partner_id, self.free)
        # a personal default is a value written into every new record
        self.assertRpcRefused(
            "ir.default",
            "set",
            "res.partner",
            "pool_locked",
            True,
            user_id=True,
            error="AccessError",
        )
        self.assertFalse(self.env["ir.default"].search([("field_id.name", "=", "pool_locked")]))

    def test_history_dates_are_the_servers(self):
        self.rpc(
            "res.partner",
            "action_pool_release",
            [self.mine.id],
            "Not a fit",
            context={"default_date": "2000-01-01 00:00:00"},
        )
        log = self.mine.pool_log_ids[:1]
        self.assertEqual(log.action, "release")
        self.assertEqual(log.date.date(), fields.Date.today())

    def test_reason_wizard_runs_declared_actions_only(self):
        def wizard(**vals):
            return self.rpc(
                "logistics.reason.wizard",
                "create",
                {"res_model": "res.partner", "res_ids": [self.mine.id], "reason": "x", **vals},
            )

        for action in ("unlink", "_pool_release", "write"):
            with self.subTest(action=action):
                self.assertRpcRefused(
                    "logistics.reason.wizard",
                    "action_confirm",
                    [wizard(action=action)],
                    error="AccessError",
                )
        # a declared action still checks who calls it
        self.assertRpcRefused(
            "logistics.reason.wizard",
            "action_confirm",
            [wizard(action="action_pool_assign", ask_user=True, user_id=self.salesman.id)],
            error="AccessError",
        )
        self.assertTrue(self.mine.exists())
        self.assertEqual(self.mine.user_id, self.salesman)
        # and does what it should for whoever may
        self.rpc(
            "logistics.reason.wizard", "action_confirm", [wizard(action="action_pool_release")]
        )
        self.assertEqual(self.mine.pool_state, "pool")

    def test_bad_input_gets_clear_errors(self):
        """Odd ids and values get a clear message, never a raw database error."""
        calls = [
            ("res.partner", "action_pool_claim", [["abc"]], {}),
            ("res.partner", "action_pool_claim", [[2**40]], {}),
            ("res.partner", "action_pool_claim", [[]], {}),
            ("res.partner", "action_pool_release", [[], "why"], {}),
            ("logistics.followup", "create", [{"partner_id": "abc", "summary": "x"}], {}),
            ("logistics.followup", "create", [{"partner_id": 2**40, "summary": "x"}], {}),
            (
                "logistics.followup",
                "create",
                [{"partner_id": self.mine.id, "summary": {"a": 1}}],
                {},
            ),
            (
                "logistics.followup",
                "create",
                [{"partner_id": self.mine.id, "summary": "x\x00y"}],
                {},
            ),
            (
                "logistics.followup",
                "create",
                [{"partner_id": self.mine.id, "summary": "x", "date": "10000-01-01"}],
                {},
            ),
            (
                "logistics.followup",
                "create",
                [{"partner_id": self.mine.id, "summary": "x", "date": "9999-12-31"}],
                {},
            ),
            ("logistics.followup", "create", [{"partner_id": self.mine.id, "summary": "  "}], {}),
        ]
        for model, method, args, kwargs in calls:
            with self.subTest(model=model, method=method, args=args):
                self.assertRpcRefused(model, method, *args, **kwargs)
        self.assertFalse(self.env["logistics.followup"].search([("partner_id", "=", self.mine.id)]))
        self.assertEqual(self.free.pool_state, "pool")


@tagged("post_install", "-at_install")
class TestPoolTeamMembership(LogisticsRpcCase):
    def test_leaving_the_team_hides_the_pool(self):
        seller = logistics_user(self.env, "lcg_team", "salesman")
        team = self.env["crm.team"].create(
            {"name": "Pool Team", "member_ids": [(6, 0, seller.ids)]}
        )
        pool = self.env["logistics.customer.pool"].create(
            {"name": "Team Pool", "member_team_ids": [Command.set(team.ids)]}
        )
        customer = self.env["res.partner"].create({"name": "Team Customer", "is_company": True})
        customer.action_pool_enroll(pool)
        Partner = self.env["res.partner"].with_user(seller)
        self.assertEqual(Partner.search([("id", "=", customer.id)]), customer)
        team.crm_team_member_ids.filtered(lambda m: m.user_id == seller).unlink()
        self.assertFalse(Partner.search([("id", "=", customer.id)]))

    def test_required_texts_and_dates(self):
        with self.assertRaises(ValidationError):
            self.env["logistics.customer.pool"].create({"name": "   "})
        customer = self.env["res.partner"].create({"name": "Text Customer", "is_company": True})
        Followup = self.env["logistics.followup"]
        with self.assertRaises(ValidationError):
            Followup.create({"partner_id": customer.id, "summary": " "})
        with self.assertRaises(ValidationError):
            Followup.create(
                {
                    "partner_id": customer.id,
                    "summary": "From the future",
                    "date": Followup._fields["date"].default(Followup) + timedelta(days=400),
                }
            )
