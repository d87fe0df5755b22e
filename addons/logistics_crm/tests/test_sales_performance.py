from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger
from psycopg2 import IntegrityError

from .common import LogisticsCrmCommon, LogisticsRpcCase, logistics_user
from .test_branches import LogisticsBranchCommon

SPEC = [
    "revenue:sum",
    "target_revenue:sum",
    "revenue_achievement:avg",
    "new_customers:sum",
    "followups:sum",
    "followup_achievement:avg",
    "claims:sum",
    "releases:sum",
]


@tagged("post_install", "-at_install")
class TestSalesPerformance(LogisticsCrmCommon):
    """Targets per salesperson and team, and what each achieved against them, read as
    each role may: a salesperson their own, a team leader the team's, managers all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = logistics_user(cls.env, "lc_leader", "salesman", name="Team Leader")
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Customs Sales",
                "user_id": cls.leader.id,
                "member_ids": [Command.set((cls.salesman | cls.salesman2).ids)],
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Customs clearance", "list_price": 1000.0, "standard_price": 600.0}
        )
        cls.month = cls.today.replace(day=1)
        Target = cls.env["logistics.sales.target"]
        Target.create(
            [
                {"user_id": cls.salesman.id, "date": cls.today, "revenue": 4000, "followups": 4},
                {"user_id": cls.salesman2.id, "date": cls.month, "revenue": 1000},
                {"team_id": cls.team.id, "date": cls.month, "revenue": 10000},
            ]
        )

    def _order(self, user, partner, quantity=1):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "team_id": self.team.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": quantity})
                ],
            }
        )
        order.action_confirm()
        return order

    def _figures(self, user=None, groupby="user_id"):
        """This month's figures per ``groupby``, as ``user`` reads them."""
        Report = self.env["logistics.sales.performance"]
        if user:
            Report = Report.with_user(user)
        rows = Report._read_group([("date", ">=", self.month)], [groupby], SPEC)
        return {key: dict(zip(SPEC, values, strict=True)) for key, *values in rows}

    def _activity(self):
        mine = self._owned_customer("Mine Ltd", self.salesman)
        self._order(self.salesman, mine, quantity=2)  # 2,000: a new customer
        self._order(self.salesman, mine)  # 1,000 more, not new
        self._order(self.salesman2, self.customer2)  # in the pool: new for salesman2
        self.env["logistics.followup"].with_user(self.salesman).create(
            {"partner_id": mine.id, "summary": "Quarterly review"}
        )
        lost = self._owned_customer("Lost Ltd", self.salesman2)
        lost.with_user(self.salesman2).action_pool_release("Not a fit")
        self.env.flush_all()

    def test_achievement_against_targets(self):
        self._activity()
        figures = self._figures()
        mine = figures[self.salesman]
        self.assertEqual((mine["revenue:sum"], mine["target_revenue:sum"]), (3000.0, 4000.0))
        self.assertAlmostEqual(mine["revenue_achievement:avg"], 75.0)
        self.assertEqual(mine["new_customers:sum"], 1, "one customer's first order")
        self.assertEqual((mine["followups:sum"], mine["followup_achievement:avg"]), (1, 25.0))
        self.assertEqual(mine["claims:sum"], 1)
        theirs = figures[self.salesman2]
        self.assertAlmostEqual(theirs["revenue_achievement:avg"], 100.0)
        self.assertEqual((theirs["claims:sum"], theirs["releases:sum"]), (1, 1))
        # the team is measured against the team's target: 4,000 of 10,000
        team = self._figures(groupby="team_id")[self.team]
        self.assertEqual(team["target_revenue:sum"], 10000.0)
        self.assertAlmostEqual(team["revenue_achievement:avg"], 40.0)

    def test_retention_of_last_years_customers(self):
        """Of last year's customers, those with business this year too are retained:
        counted on the first day of this year for their latest order's salesperson."""
        last_year = fields.Datetime.now().replace(month=1, day=1) - timedelta(days=100)
        kept, lost, new = (
            self.env["res.partner"].create({"name": name, "is_company": True})
            for name in ("Kept Ltd", "Lost Ltd", "New Ltd")
        )
        for partner in (kept, lost):
            self._order(self.salesman, partner).date_order = last_year
        self._order(self.salesman2, kept)  # this year, by another salesperson
        self._order(self.salesman, new)
        self.env.flush_all()
        rows = self.env["logistics.sales.performance"]._read_group(
            [("kind", "=", "retention"), ("partner_id", "in", (kept | lost | new).ids)],
            ["user_id"],
            ["last_year_customers:sum", "retained_customers:sum", "retention_rate:avg"],
        )
        self.assertEqual(
            rows,
            [(self.salesman, 1, 0, 0.0), (self.salesman2, 1, 1, 100.0)],
            "the lost customer is the last salesperson's, the kept one the new one's",
        )
        [(total,)] = self.env["logistics.sales.performance"]._read_group(
            [("kind", "=", "retention"), ("partner_id", "in", (kept | lost | new).ids)],
            [],
            ["retention_rate:avg"],
        )
        self.assertAlmostEqual(total, 50.0)

    def test_each_role_sees_what_it_should(self):
        self._activity()
        other = logistics_user(self.env, "lc_other_team", "salesman")
        self.env["logistics.sales.target"].create(
            {"user_id": other.id, "date": self.month, "revenue": 500}
        )
        self.assertEqual(set(self._figures(self.salesman)), {self.salesman})
        self.assertEqual(
            set(self._figures(self.leader)),
            {self.salesman, self.salesman2, self.env["res.users"]},
            "the team leader sees the team's members and the team's own target",
        )
        self.assertIn(other, self._figures(self.manager))
        self.assertNotIn(other, self._figures(self.leader))
        Target = self.env["logistics.sales.target"]
        self.assertEqual(
            Target.with_user(self.salesman).search([]).mapped("user_id"), self.salesman
        )
        self.assertEqual(
            len(Target.with_user(self.salesman).search([("team_id", "=", self.team.id)])),
            1,
            "a member sees the team's target",
        )
        self.assertEqual(
            Target.with_user(self.leader).search([("user_id", "!=", False)]).mapped("user_id"),
            self.salesman | self.salesman2,
        )
        # targets are set by sales managers only
        own = Target.search([("user_id", "=", self.salesman.id)])
        for user in (self.salesman, self.leader):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Target.with_user(user).create({"user_id": user.id, "date": "2030-01-01"})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                own.with_user(user).write({"revenue": 1})
        self.assertEqual(own.revenue, 4000)
        Target.with_user(self.manager).create({"user_id": other.id, "date": "2030-01-01"})

    def test_bad_targets_are_refused(self):
        Target = self.env["logistics.sales.target"]
        for vals, error in (
            ({"revenue": 1}, "salesperson's or a sales team's"),
            ({"user_id": self.outsider.id, "team_id": self.team.id}, "salesperson's or"),
            ({"user_id": self.outsider.id, "revenue": -5}, "negative"),
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as caught:
                Target.create({"date": "2030-01-15", **vals})
            self.assertIn(error, str(caught.exception))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                Target.create({"user_id": self.salesman.id, "date": self.today})
                self.env.flush_all()
        self.assertEqual(
            Target.search([("user_id", "=", self.salesman.id)]).date, self.month, "the month's"
        )


@tagged("post_install", "-at_install")
class TestSalesPerformanceBranches(LogisticsBranchCommon, TransactionCase):
    """Each company's figures in its own currency, its targets for its own people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_group()

    def test_figures_per_company_and_currency(self):
        product = self.env["product.product"].create({"name": "Customs", "list_price": 100.0})
        self._in_branch(self.branch_sales).action_pool_serve()
        for company, user in ((self.head, self.head_sales), (self.branch, self.branch_sales)):
            order = (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": self.customer.id,
                        "user_id": user.id,
                        "company_id": company.id,
                        "order_line": [Command.create({"product_id": product.id})],
                    }
                )
            )
            order.action_confirm()
        self.env.flush_all()
        rows = self.env["logistics.sales.performance"]._read_group(
            [("kind", "=", "new_customer")], ["company_id", "user_id"], ["new_customers:sum"]
        )
        self.assertEqual(
            set(rows),
            {(self.head, self.head_sales, 1), (self.branch, self.branch_sales, 1)},
            "the customer is new to each company that serves it",
        )
        branch_rows = self.env["logistics.sales.performance"].with_user(self.branch_sales)
        self.assertEqual(branch_rows.with_company(self.branch).search([]).company_id, self.branch)
        with self.assertRaises(ValidationError):
            self.env["logistics.sales.target"].create(
                {"user_id": self.head_sales.id, "company_id": self.branch.id, "revenue": 1}
            )


@tagged("post_install", "-at_install")
class TestSalesTargetsOverRpc(LogisticsRpcCase):
    """A salesperson neither sets their own target nor reads a colleague's figures over
    JSON-RPC."""

    def test_salesperson_cannot_move_targets_or_read_others(self):
        salesman = logistics_user(self.env, "lc_rpc_target", "salesman")
        colleague = logistics_user(self.env, "lc_rpc_colleague", "salesman")
        Target = self.env["logistics.sales.target"]
        mine = Target.create({"user_id": salesman.id, "revenue": 5000})
        Target.create({"user_id": colleague.id, "revenue": 7000})
        self.login(salesman)
        self.assertRpcRefused(
            "logistics.sales.target", "write", [mine.id], {"revenue": 1}, error="AccessError"
        )
        self.assertRpcRefused(
            "logistics.sales.target",
            "create",
            {"user_id": salesman.id, "date": "2030-01-01", "revenue": 1},
            error="AccessError",
        )
        self.assertEqual(mine.revenue, 5000)
        groups = self.rpc(
            "logistics.sales.performance",
            "web_read_group",
            [],
            ["target_revenue:sum"],
            ["user_id"],
        )["groups"]
        self.assertEqual([g["user_id"][0] for g in groups], [salesman.id])
