from dateutil.relativedelta import relativedelta
from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_customer_account import CUSTOMER_TIERS
from odoo.exceptions import ValidationError


class LogisticsVisitPlan(models.Model):
    """Return-visit plan (回访计划) per customer tier: every N months the owner of each
    customer of the tier gets a return-visit activity, and the customer a survey."""

    _name = "logistics.visit.plan"
    _inherit = ["logistics.gated.mixin"]
    _description = "Return Visit Plan"
    _order = "tier"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    active = fields.Boolean(default=True)
    tier = fields.Selection(CUSTOMER_TIERS, required=True)
    interval_months = fields.Integer("Every (months)", required=True, default=12)
    survey_id = fields.Many2one(
        "survey.survey",
        "Satisfaction Survey",
        default=lambda self: self.env.ref(
            "logistics_service.survey_periodic_satisfaction", raise_if_not_found=False
        ),
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    _sql_constraints = [
        ("tier_uniq", "unique(tier, company_id)", "One return-visit plan per tier and company."),
    ]

    @api.depends("tier", "interval_months")
    def _compute_name(self):
        labels = dict(self._fields["tier"]._description_selection(self.env))
        for plan in self:
            plan.name = self.env._(
                "%(tier)s customers every %(months)s month(s)",
                tier=labels.get(plan.tier, ""),
                months=plan.interval_months,
            )

    @api.constrains("interval_months")
    def _check_interval(self):
        if any(not 1 <= plan.interval_months <= 60 for plan in self):
            raise ValidationError(self.env._("Return visits are planned every 1 to 60 months."))

    @api.model
    def _cron_plan_visits(self, batch_size=500):
        """For each plan, the owned customers of its tier (in the plan's company: tiers and
        owners are per company) not visited within the interval get one return-visit
        activity for their owner there (and the plan's survey), in bounded batches. Pool
        prospects have nobody to visit them."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("logistics_service.mail_activity_type_return_visit")
        Partner = self.env["res.partner"]
        done, domain = 0, []
        for plan in self.search([]):
            Partner = self.env["res.partner"].with_company(plan.company_id or self.env.company)
            since = today - relativedelta(months=plan.interval_months)
            domain = [
                ("customer_tier", "=", plan.tier),
                ("pool_user_id", "!=", False),
                ("parent_id", "=", False),
                ("customer_stage", "in", ("intent", "formal")),
                # a company's plan: its customers and those shared by all companies
                *([("company_id", "in", [plan.company_id.id, False])] if plan.company_id else []),
                "|",
                ("logistics_last_visit_plan_date", "=", False),
                ("logistics_last_visit_plan_date", "<=", since),
            ]
            customers = Partner.search(domain, limit=batch_size - done)
            for customer in customers:
                customer.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=customer.pool_user_id.id,
                    summary=self.env._("Planned return visit (%s)", plan.name),
                )
                if plan.survey_id:
                    customer._logistics_send_survey(plan.survey_id)
            customers.write({"logistics_last_visit_plan_date": today})
            done += len(customers)
            if done >= batch_size:
                break
        return self.env["ir.cron"]._logistics_report_batch(Partner, domain, done, batch_size)
