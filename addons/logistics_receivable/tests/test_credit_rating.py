from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import LogisticsReceivableCommon


@tagged("post_install", "-at_install")
class TestCreditRating(LogisticsReceivableCommon):
    def test_new_customer_without_history(self):
        self.customer.with_user(self.controller).action_credit_rate()
        rating = self.customer.credit_rating_ids
        # 40 payment + 20 history + 0 relationship + 7.5 neutral investigation + 0 guarantee,
        # but nothing to judge by: unrated, not a B on the benefit of the doubt
        self.assertEqual((rating.score, rating.grade), (67.5, "U"))
        self.assertEqual(self.customer.credit_grade, "U")
        self.assertEqual(self.customer.credit_rating_date, self.today)
        self.assertEqual(rating.user_id, self.controller)

    def test_late_payer_is_downgraded_and_history_kept(self):
        self.customer.action_credit_rate()
        self._invoice(1000.0, due_in_days=-50)
        self._invoice(1000.0, due_in_days=-50)
        self.customer.action_credit_rate()
        latest, first = self.customer.credit_rating_ids
        self.assertEqual(first.grade, "U")
        self.assertAlmostEqual(latest.avg_days_late, 50.0)
        self.assertEqual(latest.overdue_count, 2)
        # 40 * (1 - 50/60) + (20 - 2 * 5) + 7.5
        self.assertAlmostEqual(latest.score, 24.2, places=1)
        self.assertEqual(self.customer.credit_grade, "D")

    def test_paid_late_counts_days_beyond_terms(self):
        invoice = self._invoice(1000.0, due_in_days=-20)
        self._pay(invoice, date=self.today - timedelta(days=10))  # paid 10 days late
        self.customer.action_credit_rate()
        rating = self.customer.credit_rating_ids
        self.assertAlmostEqual(rating.avg_days_late, 10.0)
        self.assertEqual(rating.overdue_count, 0)

    def test_guarantees_and_investigation_count(self):
        self.customer.with_user(self.credit_manager).write(
            {"credit_limit": 10000.0, "credit_investigation_score": 100}
        )
        Guarantee = self.env["logistics.credit.guarantee"]
        Guarantee.with_user(self.controller).create(
            {"partner_id": self.customer.id, "guarantee_type": "deposit", "amount": 5000.0}
        )
        Guarantee.create(
            {
                "partner_id": self.customer.id,
                "guarantee_type": "bank_guarantee",
                "amount": 50000.0,
                "date_start": self.today - timedelta(days=400),
                "date_end": self.today - timedelta(days=35),  # expired: not counted
            }
        )
        self.customer.action_credit_rate()
        rating = self.customer.credit_rating_ids
        self.assertEqual(rating.guarantee_amount, 5000.0)
        self.assertEqual(rating.guarantee_coverage, 50.0)
        # 40 + 20 + 15 (investigation 100) + 5 (half covered)
        self.assertEqual((rating.score, rating.grade), (80.0, "A"))

    def test_ratings_per_company(self):
        """Each company rates a shared customer with its own ledger."""
        branch = self.env["res.company"].create({"name": "Shenzhen Branch"})
        self.customer.with_company(branch).customer_stage = "formal"  # served there too
        self.customer.action_credit_rate()
        self.assertEqual(self.customer.credit_grade, "U")
        self.assertFalse(self.customer.with_company(branch).credit_grade)
        self._invoice(1000.0, due_in_days=-50)  # late in the main company only
        self.customer.action_credit_rate()
        self.assertEqual(self.customer.credit_grade, "D")
        Rating = self.env["logistics.credit.rating"]
        while Rating._cron_rate_customers(batch_size=500):
            pass
        # the branch has no history of it: unrated there
        self.assertEqual(self.customer.with_company(branch).credit_grade, "U")
        self.assertEqual(self.customer.credit_grade, "D")
        self.assertEqual(
            self.customer.credit_rating_ids.filtered(lambda r: r.company_id == branch).grade, "U"
        )

    def test_bad_input(self):
        Guarantee = self.env["logistics.credit.guarantee"]
        with self.assertRefused(ValidationError, "must be positive"):
            Guarantee.create({"partner_id": self.customer.id, "amount": -1.0})
        with self.assertRefused(ValidationError, "end before it starts"):
            Guarantee.create(
                {
                    "partner_id": self.customer.id,
                    "amount": 1.0,
                    "date_end": self.today - timedelta(days=1),
                }
            )
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.customer.with_user(self.credit_manager).credit_limit = -100.0
        with self.assertRefused(ValidationError, "between 0 and 100"):
            self.customer.with_user(self.credit_manager).credit_investigation_score = 120
        self.assertEqual(self.customer.credit_limit, 0.0)
        self.assertEqual(self.customer.credit_investigation_score, 50)

    def test_salesperson_cannot_rate_or_write_rating_fields(self):
        partner = self.customer.with_user(self.salesman)
        with self.assertRaises(AccessError):
            partner.action_credit_rate()
        for vals in (
            {"credit_grade": "A"},
            {"credit_score": 99.0},
            {"credit_investigation_score": 100},
            {"credit_investigation_note": "Great"},
            {"credit_limit": 1e6},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                partner.write(vals)
        with self.assertRaises(AccessError):
            self.env["logistics.credit.rating"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "company_id": self.company.id, "grade": "A"}
            )
        with self.assertRaises(AccessError):
            self.env["logistics.credit.guarantee"].with_user(self.salesman).create(
                {"partner_id": self.customer.id, "amount": 1.0}
            )
        # a controller rates and records guarantees, but investigation is the manager's
        with self.assertRaises(AccessError):
            self.customer.with_user(self.controller).credit_investigation_score = 90
        self.customer.with_user(self.credit_manager).credit_investigation_score = 90
        self.assertFalse(self.customer.credit_grade)

    def test_rating_cron_in_bounded_batches_with_constant_queries(self):
        Partner = self.env["res.partner"]
        customers = Partner.create(
            [
                {"name": f"Rated {i}", "is_company": True, "customer_stage": "intent"}
                for i in range(6)
            ]
        )
        Rating = self.env["logistics.credit.rating"]
        # rate whatever else is stale first, so that only ours are left
        while Rating._cron_rate_customers(batch_size=500):
            pass
        customers.sudo().write({"credit_rating_date": False})
        for customer in customers[:2]:
            self._invoice(100.0, due_in_days=-5, partner=customer)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=17):
            remaining = Rating._cron_rate_customers(batch_size=3)
        self.assertEqual(remaining, 3)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=17):
            self.assertEqual(Rating._cron_rate_customers(batch_size=3), 0)
        self.assertEqual(
            customers.mapped("credit_grade"), ["B", "B", "U", "U", "U", "U"], "history or none"
        )


@tagged("post_install", "-at_install")
class TestReceivableForms(LogisticsReceivableCommon):
    """The forms this module extends still open for every role that can read them."""

    def test_forms_open_for_every_role(self):
        auditor = new_test_user(
            self.env, login="lrc_auditor", groups="account.group_account_readonly"
        )
        order = self._order()
        order.action_confirm()
        invoice = self._invoice(100.0, due_in_days=-10)
        self.env["account.move"]._cron_dunning()
        self.assertTrue(invoice.dunning_log_ids)
        self.customer.action_credit_rate()
        for user, record in (
            (self.salesman, order),
            (self.salesman, invoice),
            (self.salesman, self.customer),
            (self.controller, self.customer),
            (self.controller, invoice),
            (self.credit_manager, order),
            (auditor, order),
            (auditor, invoice),
        ):
            with self.subTest(user=user.login, record=record._name):
                form = Form(record.with_user(user))
                self.assertEqual(form.id, record.id)


@tagged("post_install", "-at_install")
class TestCreditPolicies(LogisticsReceivableCommon):
    """The grade decides: per grade a policy applied when an order is confirmed."""

    def setUp(self):
        super().setUp()
        Policy = self.env["logistics.credit.grade.policy"]
        self.immediate = self.env["account.payment.term"].create({"name": "Immediate"})
        self.net30 = self.env["account.payment.term"].create({"name": "Net 30"})
        self.policies = {
            "U": Policy.create({"grade": "U", "decision": "approval"}),
            "C": Policy.create(
                {"grade": "C", "payment_term_ids": [(6, 0, self.immediate.ids)], "limit_months": 1}
            ),
            "D": Policy.create({"grade": "D", "decision": "stop"}),
        }

    def _grade(self, grade):
        self.customer.with_company(self.company).sudo().credit_grade = grade

    def test_a_customer_without_history_is_unrated(self):
        self.env["logistics.credit.rating"]._logistics_rate(self.customer)
        self.assertEqual(self.customer.credit_grade, "U")
        order = self._order()
        with self.assertRefused(UserError, "need a credit manager's approval"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_the_grade_decides_at_confirmation(self):
        self._grade("D")
        with self.assertRefused(UserError, "stopped"):
            self._order().action_confirm()
        self._grade("C")
        order = self._order(payment_term_id=self.net30.id)
        with self.assertRefused(UserError, "Immediate"):
            order.action_confirm()
        order.payment_term_id = self.immediate
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self._grade("A")  # no policy: nothing decided
        self._order(payment_term_id=self.net30.id).action_confirm()

    def test_policy_shown_on_the_customer(self):
        self._grade("C")
        account = self.env["logistics.customer.account"]._logistics_get(self.customer, create=True)
        account.logistics_revenue_12m = 120000.0
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_policy_decision, "accept")
        self.assertEqual(self.customer.credit_limit_suggested, 10000.0)

    def test_only_credit_managers_set_policies(self):
        with self.assertRaises(AccessError):
            self.env["logistics.credit.grade.policy"].with_user(self.controller).create(
                {"grade": "A", "decision": "stop"}
            )
        with self.assertRaises(AccessError):
            self.policies["D"].with_user(self.salesman).write({"decision": "accept"})


@tagged("post_install", "-at_install")
class TestCreditPoliciesTwoCompanies(LogisticsReceivableCommon):
    """Head office and a branch grade a customer on their own ledgers and decide with
    their own policies: an order is judged by its company's grade and policy, whichever
    company the salesperson is working in."""

    def test_each_company_decides_with_its_own_grade_and_policy(self):
        branch = self.env["res.company"].create({"name": "Policy Branch"})
        self.env.user.company_ids |= branch
        self.salesman.company_ids |= branch
        Policy = self.env["logistics.credit.grade.policy"]
        Policy.create({"grade": "D", "decision": "stop"})  # head office
        Policy.with_company(branch).create({"grade": "D", "decision": "approval"})
        self.customer.with_company(self.company).sudo().credit_grade = "A"
        self.customer.with_company(branch).sudo().credit_grade = "D"
        self.assertEqual(self.customer.with_company(self.company).credit_policy_decision, False)
        self.assertEqual(self.customer.with_company(branch).credit_policy_decision, "approval")
        # the salesperson works in the head office (its main company) with both allowed:
        # the head office's order confirms, the branch's does not
        head_order = self._order()
        head_order.with_user(self.salesman).action_confirm()
        self.assertEqual(head_order.state, "sale")
        branch_order = self._order(company_id=branch.id)
        self.assertEqual(branch_order.company_id, branch)
        with self.assertRefused(UserError, "need a credit manager's approval"):
            branch_order.with_user(self.salesman).action_confirm()
        self.assertEqual(branch_order.state, "draft")
        # graded D at head office too: its own policy stops, the branch still asks approval
        self.customer.with_company(self.company).sudo().credit_grade = "D"
        with self.assertRefused(UserError, "stopped"):
            self._order().with_user(self.salesman).action_confirm()
        with self.assertRefused(UserError, "need a credit manager's approval"):
            branch_order.with_user(self.salesman).action_confirm()
