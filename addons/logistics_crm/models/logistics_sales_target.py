from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LogisticsSalesTarget(models.Model):
    """A month's targets of one salesperson, or of one sales team, in a company: revenue
    and margin (in the company's currency), new customers won and follow-ups logged.
    What was achieved is read next to them in the sales performance report."""

    _name = "logistics.sales.target"
    _description = "Sales Target"
    _order = "date desc, team_id, user_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        "Month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month: the target is the month's.",
    )
    user_id = fields.Many2one(
        "res.users", "Salesperson", index=True, domain=[("share", "=", False)]
    )
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, check_company=True)
    revenue = fields.Monetary("Revenue Target")
    margin = fields.Monetary("Margin Target")
    new_customers = fields.Integer("New Customers Target")
    followups = fields.Integer("Follow-ups Target")

    _sql_constraints = [
        (
            "user_month_uniq",
            "UNIQUE(company_id, date, user_id)",
            "A salesperson has one target per month and company.",
        ),
        (
            "team_month_uniq",
            "UNIQUE(company_id, date, team_id)",
            "A sales team has one target per month and company.",
        ),
    ]

    @api.constrains("user_id", "team_id", "revenue", "margin", "new_customers", "followups")
    def _check_target(self):
        for target in self:
            if bool(target.user_id) == bool(target.team_id):
                raise ValidationError(self.env._("A target is a salesperson's or a sales team's."))
            if min(target.revenue, target.margin, target.new_customers, target.followups) < 0:
                raise ValidationError(self.env._("Targets cannot be negative."))

    @api.depends("user_id", "team_id", "date")
    def _compute_display_name(self):
        for target in self:
            who = target.user_id.name or target.team_id.name or ""
            month = target.date.strftime("%Y-%m") if target.date else ""
            target.display_name = f"{who} {month}".strip()

    @api.constrains("user_id", "company_id")
    def _check_user_company(self):
        for target in self:
            if target.user_id and target.company_id not in target.user_id.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s does not work in %(company)s.",
                        user=target.user_id.name,
                        company=target.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._logistics_month(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._logistics_month(vals))

    def _logistics_month(self, vals):
        """A target is a month's: its date is the month's first day."""
        if vals.get("date"):
            vals = dict(vals, date=fields.Date.to_date(vals["date"]).replace(day=1))
        return vals
