from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_block_enabled = fields.Boolean(
        "Block confirmation over credit limit",
        help="Orders that would take the customer's exposure (open receivables + confirmed "
        "but uninvoiced orders + this order) above its credit limit cannot be confirmed "
        "without a credit manager's override. Off: Odoo's standard warning only.",
    )
    credit_overdue_days = fields.Integer(
        "Block with debt overdue more than (days)",
        help="Orders of customers with receivables overdue longer than this cannot be "
        "confirmed without a credit manager's override. 0 = no such check.",
    )
    credit_group_company_id = fields.Many2one(
        "res.company",
        "Group Credit Limit of",
        help="One credit limit per customer for several companies of the group: the "
        "customer's credit limit in this company (the head office, which names itself here) "
        "caps its exposure in every company naming it, converted to its currency. Empty: "
        "each company checks its own credit limit.",
    )
    credit_controller_id = fields.Many2one(
        "res.users",
        "Credit Controller",
        domain=[("share", "=", False)],
        help="Receives the dunning levels that involve the credit controller.",
    )
    credit_hold_release = fields.Selection(
        [("propose", "Propose to the credit controller"), ("auto", "Lift it automatically")],
        "Credit hold paid off",
        default="propose",
        required=True,
        help="When a customer put on credit hold by a dunning level has paid its overdue "
        "debt: the credit controller gets an activity to lift the hold, or the hold is "
        "lifted at once. Holds set by hand are always lifted by hand.",
    )
    margin_low_percent = fields.Float(
        "Low margin below (%)",
        default=10.0,
        help="Orders confirmed below this margin get a diagnosis activity for the salesperson. "
        "Customer tiers may have their own threshold.",
    )
    margin_threshold_ids = fields.One2many(
        "logistics.margin.threshold", "company_id", "Margin Thresholds per Tier"
    )
    receivable_reminder_days = fields.Integer(
        "Remind before due (days)",
        default=3,
        help="The salesperson gets an activity this many days before an invoice or a "
        "payment-plan instalment falls due. 0 = no reminder.",
    )
    dunning_level_ids = fields.One2many("logistics.dunning.level", "company_id", "Dunning Levels")
    anomaly_period = fields.Selection(
        [("week", "Week"), ("month", "Month")],
        "Order anomaly period",
        default="month",
        help="Each customer's orders of the period that just ended are compared with its "
        "12 periods before. Empty: no order anomaly alerts.",
    )
    anomaly_sensitivity = fields.Float(
        "Anomaly sensitivity (standard deviations)",
        default=3.0,
        help="A swing counts as an anomaly when the period's order count or amount is further "
        "from the customer's mean than this many standard deviations.",
    )
    anomaly_min_periods = fields.Integer(
        "Anomaly history (periods with orders)",
        default=3,
        help="Only customers with orders in at least this many of the 12 baseline periods "
        "are watched.",
    )

    _sql_constraints = [
        (
            "credit_overdue_days_positive",
            "CHECK(credit_overdue_days >= 0)",
            "The overdue tolerance cannot be negative.",
        ),
    ]

    @api.constrains("anomaly_sensitivity", "anomaly_min_periods", "receivable_reminder_days")
    def _check_receivable_settings(self):
        for company in self:
            if company.receivable_reminder_days < 0:
                raise ValidationError(self.env._("The reminder delay cannot be negative."))
            if company.anomaly_sensitivity <= 0:
                raise ValidationError(self.env._("The anomaly sensitivity must be positive."))
            if not 1 <= company.anomaly_min_periods <= 12:
                raise ValidationError(
                    self.env._("The anomaly history must be between 1 and 12 periods.")
                )

    @api.constrains("credit_group_company_id")
    def _check_credit_group_company(self):
        for company in self:
            holder = company.credit_group_company_id
            if holder and holder.credit_group_company_id != holder:
                raise ValidationError(
                    self.env._(
                        "%(company)s cannot share the group credit limit of %(holder)s: "
                        "%(holder)s does not hold one. Name %(holder)s in its own setting first.",
                        company=company.name,
                        holder=holder.name,
                    )
                )
            members = self.sudo().search(
                [("credit_group_company_id", "=", company.id), ("id", "!=", company.id)]
            )
            if members and holder != company:
                raise ValidationError(
                    self.env._(
                        "%(company)s holds the group credit limit of %(members)s: they must "
                        "leave it before %(company)s does.",
                        company=company.name,
                        members=", ".join(members.mapped("name")),
                    )
                )

    def _logistics_credit_group(self):
        """The companies whose exposure counts against this company's credit limits:
        this one and, when it holds a group credit limit, every company sharing it."""
        self.ensure_one()
        if self.credit_group_company_id != self:
            return self
        return self.sudo().search([("credit_group_company_id", "=", self.id)])

    @api.model
    def _logistics_reminder_window(self, date_field="due_date"):
        """Domain of receivables falling due within each company's reminder delay."""
        today = fields.Date.context_today(self)
        companies = self.sudo().search([("receivable_reminder_days", ">", 0)])
        return expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    (date_field, ">=", today),
                    (date_field, "<=", today + timedelta(days=company.receivable_reminder_days)),
                ]
                for company in companies
            ]
            or [expression.FALSE_DOMAIN]
        )

    def _logistics_margin_threshold(self, tier):
        """The low-margin threshold (%) of a customer tier in this company."""
        self.ensure_one()
        threshold = self.margin_threshold_ids.filtered(lambda t: t.customer_tier == tier)[:1]
        return threshold.low_percent if threshold else self.margin_low_percent
