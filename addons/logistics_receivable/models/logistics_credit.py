from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_customer_account import CUSTOMER_TIERS
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .res_partner import CREDIT_GRADES

# Scorecard: points per criterion (100 in all) and the grade thresholds
PAYMENT_POINTS, HISTORY_POINTS, AGE_POINTS, INVESTIGATION_POINTS, GUARANTEE_POINTS = (
    40,
    20,
    15,
    15,
    10,
)
LATE_DAYS_ZERO = 60  # average days beyond terms that score no payment point
LATE_COUNTS_AFTER = 30  # an item paid (or still open) this late counts in the overdue history
AGE_FULL_YEARS = 5
GRADE_FLOORS = [("A", 80), ("B", 60), ("C", 40), ("D", 0)]


class LogisticsCreditGuarantee(models.Model):
    """Debt protection: deposits, guarantees and insurance held for a customer."""

    _name = "logistics.credit.guarantee"
    _inherit = ["logistics.gated.mixin"]
    _description = "Credit Guarantee or Deposit"
    _order = "date_end desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    guarantee_type = fields.Selection(
        [
            ("deposit", "Cash deposit"),
            ("bank_guarantee", "Bank guarantee"),
            ("letter_of_credit", "Standby letter of credit"),
            ("credit_insurance", "Credit insurance"),
            ("personal_guarantee", "Personal / parent guarantee"),
            ("collateral", "Collateral"),
        ],
        "Type",
        required=True,
        default="deposit",
    )
    reference = fields.Char()
    amount = fields.Monetary(required=True, currency_field="currency_id")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    date_start = fields.Date("Valid from", required=True, default=fields.Date.context_today)
    date_end = fields.Date("Valid until", help="Empty: until further notice.")
    note = fields.Text()
    active = fields.Boolean(default=True)
    is_valid = fields.Boolean(compute="_compute_is_valid")

    @api.constrains("amount", "date_start", "date_end")
    def _check_amount_dates(self):
        for guarantee in self:
            if guarantee.amount <= 0:
                raise ValidationError(self.env._("A guarantee's amount must be positive."))
            if guarantee.date_end and guarantee.date_end < guarantee.date_start:
                raise ValidationError(self.env._("A guarantee cannot end before it starts."))

    @api.depends("date_start", "date_end", "active")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for guarantee in self:
            guarantee.is_valid = (
                guarantee.active
                and guarantee.date_start <= today
                and (not guarantee.date_end or guarantee.date_end >= today)
            )


class LogisticsCreditRating(models.Model):
    """One rating of a customer by the scorecard: the customer's rating history."""

    _name = "logistics.credit.rating"
    _description = "Credit Rating"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", "Rated by", default=lambda self: self.env.user)
    grade = fields.Selection(CREDIT_GRADES, required=True)
    score = fields.Float(aggregator="avg")
    avg_days_late = fields.Float("Average days beyond terms", aggregator="avg")
    overdue_count = fields.Integer(
        "Late items (12 months)",
        help=f"Receivables paid or still open over {LATE_COUNTS_AFTER} days late.",
    )
    relationship_years = fields.Float("Relationship (years)")
    investigation_score = fields.Integer()
    guarantee_amount = fields.Monetary("Guarantees", currency_field="currency_id")
    guarantee_coverage = fields.Float("Guarantee coverage (%)")

    @api.model
    def _logistics_rate(self, partners):
        """Rate commercial customers with the scorecard, record the history and set
        their grade. The figures come from two set-based queries for the whole batch."""
        partners = partners.filtered(lambda p: p.id == p.commercial_partner_id.id)
        if not partners:
            return self.browse()
        company = self.env.company
        today = fields.Date.context_today(self)
        figures = self._logistics_scorecard_figures(partners, company, today)
        guarantees = (
            self.env["logistics.credit.guarantee"]
            .sudo()
            .search([("partner_id", "in", partners.ids), ("company_id", "=", company.id)])
            .filtered("is_valid")
        )
        vals_list = []
        for partner in partners.with_company(company).sudo():
            late_days, late_count, first_date = figures.get(partner.id, (0.0, 0, None))
            guarantee = sum(
                g.currency_id._convert(g.amount, company.currency_id, company, today)
                for g in guarantees.filtered(lambda g, p=partner: g.partner_id == p)
            )
            values = self._logistics_scorecard(
                partner, company, today, late_days, late_count, first_date, guarantee
            )
            vals_list.append(values)
        ratings = self.sudo().create(vals_list)
        for rating in ratings:
            rating.partner_id.sudo().write(
                {
                    "credit_grade": rating.grade,
                    "credit_score": rating.score,
                    "credit_rating_date": rating.date,
                }
            )
        return ratings

    @api.model
    def _logistics_scorecard(
        self, partner, company, today, late_days, late_count, first_date, guarantee
    ):
        """The rating values of one customer: override to change the scorecard."""
        years = (today - (first_date or fields.Date.to_date(partner.create_date))).days / 365.25
        exposure = max(partner.credit_limit, partner.credit, 0.0)
        coverage = (guarantee / exposure if exposure else (1.0 if guarantee else 0.0)) * 100
        score = (
            PAYMENT_POINTS * max(0.0, 1 - late_days / LATE_DAYS_ZERO)
            + max(0.0, HISTORY_POINTS - 5 * late_count)
            + AGE_POINTS * min(years, AGE_FULL_YEARS) / AGE_FULL_YEARS
            + INVESTIGATION_POINTS * partner.credit_investigation_score / 100
            + GUARANTEE_POINTS * min(coverage, 100.0) / 100
        )
        grade = next(grade for grade, floor in GRADE_FLOORS if score >= floor)
        if not (first_date or late_days or late_count or guarantee) and (
            partner.credit_investigation_score == 50
        ):
            # no order, no receivable, no guarantee, no investigation: nothing to judge
            # by (a new customer would otherwise score a B on the benefit of the doubt)
            grade = "U"
        return {
            "partner_id": partner.id,
            "company_id": company.id,
            "date": today,
            "grade": grade,
            "score": round(score, 1),
            "avg_days_late": round(late_days, 1),
            "overdue_count": late_count,
            "relationship_years": round(max(years, 0.0), 1),
            "investigation_score": partner.credit_investigation_score,
            "guarantee_amount": guarantee,
            "guarantee_coverage": round(coverage, 1),
        }

    @api.model
    def _logistics_scorecard_figures(self, partners, company, today):
        """{partner id: (average days beyond terms, late items, first order date)} over
        the last 12 months' receivables: paid parts count the days from due date to
        reconciliation, open parts the days until today, weighted by amount."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH items AS (
                    SELECT aml.id, aml.partner_id, aml.date_maturity, aml.amount_residual
                      FROM account_move_line aml
                      JOIN account_account acc ON acc.id = aml.account_id
                     WHERE aml.partner_id = ANY(%(partners)s)
                       AND aml.company_id = %(company)s
                       AND acc.account_type = 'asset_receivable'
                       AND aml.parent_state = 'posted'
                       AND aml.balance > 0
                       -- the last 12 months, and whatever is still open however old
                       AND (aml.date_maturity >= %(today)s::date - 365 OR aml.amount_residual > 0)
                ), parts AS (
                    SELECT i.partner_id, i.id,
                           p.amount AS amount,
                           GREATEST(p.max_date - i.date_maturity, 0) AS late
                      FROM items i
                      JOIN account_partial_reconcile p ON p.debit_move_id = i.id
                     UNION ALL
                    SELECT i.partner_id, i.id, i.amount_residual,
                           GREATEST(%(today)s::date - i.date_maturity, 0)
                      FROM items i
                     WHERE i.amount_residual > 0
                )
                SELECT partner_id,
                       SUM(amount * late) / NULLIF(SUM(amount), 0),
                       COUNT(DISTINCT id) FILTER (WHERE late > %(late_after)s)
                  FROM parts
              GROUP BY partner_id
                """,
                partners=partners.ids,
                company=company.id,
                today=today,
                late_after=LATE_COUNTS_AFTER,
            )
        )
        late = {pid: (float(days or 0.0), count) for pid, days, count in self.env.cr.fetchall()}
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, MIN(so.date_order)::date
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE p.commercial_partner_id = ANY(%(partners)s)
                   AND so.company_id = %(company)s
                   AND so.state = 'sale'
              GROUP BY p.commercial_partner_id
                """,
                partners=partners.ids,
                company=company.id,
            )
        )
        first = dict(self.env.cr.fetchall())
        return {pid: (*late.get(pid, (0.0, 0)), first.get(pid)) for pid in set(late) | set(first)}

    @api.model
    def _cron_rate_customers(self, batch_size=500, interval_days=30):
        """Re-rate managed customers whose rating is older than interval_days."""
        stale = fields.Date.subtract(fields.Date.context_today(self), days=interval_days)
        done = remaining = 0
        companies = self.env["res.company"].sudo().search([])
        for index, company in enumerate(companies):
            # a company rates its own customers and those shared by all companies
            Partner = self.env["res.partner"].with_company(company)
            domain = [
                ("customer_stage", "!=", False),
                ("is_company", "=", True),
                ("company_id", "in", [company.id, False]),
                "|",
                ("credit_rating_date", "=", False),
                ("credit_rating_date", "<", stale),
            ]
            if done < batch_size:
                partners = Partner.search(domain, limit=batch_size - done, order="id")
                self.with_company(company)._logistics_rate(partners)
                done += len(partners)
                if done < batch_size:
                    continue
            # the batch is full: is anything left, here or in the next companies?
            remaining = Partner.search_count(domain, limit=batch_size)
            if remaining or index == len(companies) - 1:
                break
        return self.env["ir.cron"]._logistics_report_progress(done, batch_size, lambda: remaining)


class LogisticsMarginThreshold(models.Model):
    """A customer tier's own low-margin threshold."""

    _name = "logistics.margin.threshold"
    _description = "Margin Threshold per Tier"
    _order = "company_id, customer_tier"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    customer_tier = fields.Selection(
        CUSTOMER_TIERS,
        "Tier",
        required=True,
    )
    low_percent = fields.Float("Low margin below (%)", required=True)

    @api.constrains("low_percent", "customer_tier", "company_id")
    def _check_low_percent(self):
        for threshold in self:
            if not -100 <= threshold.low_percent <= 100:
                raise ValidationError(
                    self.env._("A margin threshold is a percentage (-100 to 100).")
                )
            if self.search_count(
                [
                    ("company_id", "=", threshold.company_id.id),
                    ("customer_tier", "=", threshold.customer_tier),
                    ("id", "!=", threshold.id),
                ]
            ):
                raise ValidationError(self.env._("A tier has one margin threshold per company."))


class LogisticsCreditGradePolicy(models.Model):
    """What a credit grade decides, per company: the credit limit it suggests (months of
    the customer's revenue), the payment terms it allows and whether its orders are
    accepted, need a credit manager's approval or are stopped - applied when an order is
    confirmed and shown on the customer."""

    _name = "logistics.credit.grade.policy"
    _inherit = ["logistics.gated.mixin"]
    _description = "Credit Policy per Grade"
    _order = "company_id, grade"
    _rec_name = "grade"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    grade = fields.Selection(CREDIT_GRADES, required=True)
    decision = fields.Selection(
        [
            ("accept", "Accept orders"),
            ("approval", "Orders need a credit manager's approval"),
            ("stop", "Stop new orders"),
        ],
        required=True,
        default="accept",
    )
    limit_months = fields.Float(
        "Suggested limit (months of revenue)",
        help="The credit limit suggested for customers of this grade: this many months of "
        "their average monthly revenue (last 12 months). 0 = no suggestion.",
    )
    payment_term_ids = fields.Many2many(
        "account.payment.term",
        string="Payment Terms Allowed",
        check_company=True,
        help="Orders of customers of this grade may only have these payment terms. Empty: " "any.",
    )

    _sql_constraints = [
        ("company_grade_uniq", "unique(company_id, grade)", "A grade has one policy per company."),
        ("limit_months_positive", "CHECK(limit_months >= 0)", "Months cannot be negative."),
    ]

    def _block_reason(self, order, customer):
        """Why this policy refuses ``order`` of ``customer``, or False."""
        self.ensure_one()
        grade = dict(CREDIT_GRADES)[self.grade]
        if self.decision == "stop":
            return self.env._(
                "%(customer)s is graded %(grade)s: its new orders are stopped.",
                customer=customer.name,
                grade=grade,
            )
        if self.decision == "approval":
            return self.env._(
                "%(customer)s is graded %(grade)s: its orders need a credit manager's " "approval.",
                customer=customer.name,
                grade=grade,
            )
        if self.payment_term_ids and order.payment_term_id not in self.payment_term_ids:
            return self.env._(
                "%(customer)s is graded %(grade)s: its orders may only have the payment "
                "terms %(terms)s.",
                customer=customer.name,
                grade=grade,
                terms=", ".join(self.payment_term_ids.mapped("name")),
            )
        return False
