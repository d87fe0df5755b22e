from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from .logistics_gated_mixin import Gate

_lt = LazyTranslate(__name__)

# where a follow-up comes from: what a pool may or may not count (a hand-logged one
# always counts)
FOLLOWUP_SOURCES = [
    ("manual", "Logged"),
    ("activity", "Activity done"),
    ("message", "Message sent"),
    ("note", "Internal note"),
    ("meeting", "Meeting held"),
]
FOLLOWUP_CHANNELS = [
    ("visit", "Visit"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("social", "WeChat / Social"),
    ("meeting", "Meeting"),
    ("other", "Other"),
]


class LogisticsFollowup(models.Model):
    """A contact record (联系记录): any touch point with a customer, over any channel.

    Creating one restarts the customer's follow-up clock in its pool.
    """

    _name = "logistics.followup"
    _description = "Customer Follow-up"
    _inherit = ["logistics.gated.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # where a follow-up comes from is the suite's to say (a pool counts by it)
    _logistics_gates = (
        Gate(
            frozenset({"source"}),
            _lt("%(fields)s of a follow-up is set by the work it records."),
        ),
    )

    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("parent_id", "=", False)],
    )
    contact_id = fields.Many2one(
        "res.partner",
        "Contact",
        domain="[('parent_id', '=', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users", "Salesperson", required=True, index=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    channel = fields.Selection(FOLLOWUP_CHANNELS, required=True, default="phone")
    summary = fields.Char(required=True)
    note = fields.Html()
    next_action = fields.Char("Next Step")
    next_date = fields.Date("Next Step On")
    source = fields.Selection(FOLLOWUP_SOURCES, required=True, default="manual", readonly=True)
    lead_id = fields.Many2one(
        "crm.lead", "Opportunity", check_company=True, domain="[('partner_id', '=', partner_id)]"
    )

    @api.constrains("summary", "date")
    def _check_summary_date(self):
        today = fields.Date.context_today(self)
        for followup in self:
            if not (followup.summary or "").strip():
                raise ValidationError(self.env._("Say in a few words what the follow-up was."))
            if followup.date > today:
                raise ValidationError(
                    self.env._(
                        "A follow-up is logged when it happened, not ahead (%s).", followup.date
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["res.partner"]._logistics_check_readable(vals_list)
        followups = super().create(vals_list)
        followups._logistics_touch()
        return followups

    def _logistics_touch(self):
        """Restart the follow-up clock of the customers in the follow-ups' companies
        (where their pool counts follow-ups of that kind)."""
        for (date, company, source), records in self.grouped(
            lambda f: (f.date, f.company_id, f.source)
        ).items():
            records.partner_id._logistics_touch_followup(date, company=company, kind=source)

    def write(self, vals):
        self.env["res.partner"]._logistics_check_readable([vals])
        res = super().write(vals)
        if {"date", "partner_id", "company_id"} & vals.keys():
            self._logistics_touch()
        return res
