from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

SATISFACTION = [
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]
DISSATISFIED = ("1", "2")


class LogisticsReturnVisit(models.Model):
    """A return visit (回访): who called the customer, when, and how satisfied they are."""

    _name = "logistics.return.visit"
    _inherit = ["logistics.gated.mixin"]
    _description = "Return Visit"
    _order = "date desc, id desc"
    # what the customer said of a complaint's resolution decided what became of it
    _logistics_gates = (
        Gate(
            frozenset({"satisfaction", "complaint_id"}),
            _lt("%(fields)s of a complaint's return visit stay as recorded: record a new visit."),
            applies="_logistics_of_complaint",
        ),
    )

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

    def _logistics_of_complaint(self):
        return self.filtered("complaint_id")

    def _logistics_dissatisfied(self):
        return self.filtered(lambda visit: visit.satisfaction in DISSATISFIED)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["res.partner"]._logistics_check_readable(vals_list)
        visits = super().create(vals_list)
        # a return visit is a follow-up of the customer too
        for date, records in visits.grouped("date").items():
            records.partner_id._logistics_touch_followup(date)
        for visit in visits._logistics_dissatisfied()._logistics_of_complaint():
            # (the rule of the complaint, whoever recorded the visit)
            visit.complaint_id.sudo()._logistics_customer_dissatisfied(visit)
        return visits

    def write(self, vals):
        self.env["res.partner"]._logistics_check_readable([vals])
        return super().write(vals)
