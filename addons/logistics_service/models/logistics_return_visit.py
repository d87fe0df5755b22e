from odoo import api, fields, models

SATISFACTION = [
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]


class LogisticsReturnVisit(models.Model):
    """A return visit (回访): who called the customer, when, and how satisfied they are."""

    _name = "logistics.return.visit"
    _inherit = ["logistics.gated.mixin"]
    _description = "Return Visit"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, domain=[("parent_id", "=", False)]
    )
    contact_id = fields.Many2one(
        "res.partner", "Contact", domain="[('parent_id', '=', partner_id)]"
    )
    complaint_id = fields.Many2one("logistics.complaint", index=True, ondelete="cascade")
    plan_id = fields.Many2one("logistics.visit.plan", "Plan", ondelete="set null")
    user_id = fields.Many2one(
        "res.users", "Called by", required=True, default=lambda self: self.env.user
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    satisfaction = fields.Selection(SATISFACTION, required=True, default="4")
    score = fields.Float(
        compute="_compute_score",
        store=True,
        aggregator="avg",
        help="Satisfaction on a 0–100 scale.",
    )
    comments = fields.Text()

    @api.depends("satisfaction")
    def _compute_score(self):
        for visit in self:
            visit.score = (int(visit.satisfaction) - 1) * 25.0 if visit.satisfaction else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        self.env["res.partner"]._logistics_check_readable(vals_list)
        visits = super().create(vals_list)
        # a return visit is a follow-up of the customer too
        for date, records in visits.grouped("date").items():
            records.partner_id._logistics_touch_followup(date)
        return visits

    def write(self, vals):
        self.env["res.partner"]._logistics_check_readable([vals])
        return super().write(vals)
