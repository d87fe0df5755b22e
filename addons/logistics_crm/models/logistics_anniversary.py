from datetime import date as Date
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ANNIVERSARY_KINDS = [
    ("founding", "Company Founding Day"),
    ("contract", "Contract Anniversary"),
    ("birthday", "Contact Birthday"),
    ("other", "Other"),
]


class LogisticsAnniversary(models.Model):
    """A yearly date worth a greeting; the owner is reminded before it comes round."""

    _name = "logistics.anniversary"
    _inherit = ["logistics.gated.mixin"]
    _description = "Customer Anniversary"
    _order = "next_date, id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    contact_id = fields.Many2one(
        "res.partner", "Contact", domain="[('parent_id', '=', partner_id)]"
    )
    kind = fields.Selection(ANNIVERSARY_KINDS, required=True, default="founding")
    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    date = fields.Date(required=True, help="The original date (founding, signature, birth).")
    remind_days = fields.Integer("Remind (days before)", default=7)
    next_date = fields.Date(compute="_compute_next_date", store=True, index=True)
    remind_date = fields.Date(compute="_compute_remind_date", store=True, index=True)
    reminder_done = fields.Boolean(compute="_compute_remind_date", store=True, copy=False)
    user_id = fields.Many2one(related="partner_id.user_id", string="Owner")

    @api.constrains("remind_days")
    def _check_remind_days(self):
        if any(a.remind_days < 0 or a.remind_days > 365 for a in self):
            raise ValidationError(self.env._("Reminders are sent 0 to 365 days in advance."))

    @api.depends("kind", "contact_id", "partner_id")
    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for anniversary in self:
            who = anniversary.contact_id or anniversary.partner_id
            anniversary.name = f"{labels.get(anniversary.kind, '')} – {who.name or ''}"

    @api.depends("date")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for anniversary in self:
            anniversary.next_date = anniversary._next_occurrence(today)

    @api.depends("next_date", "remind_days")
    def _compute_remind_date(self):
        for anniversary in self:
            anniversary.remind_date = anniversary.next_date and (
                anniversary.next_date - timedelta(days=anniversary.remind_days)
            )
            anniversary.reminder_done = False

    def _next_occurrence(self, today):
        if not self.date:
            return False
        for year in (today.year, today.year + 1):
            try:
                candidate = self.date.replace(year=year)
            except ValueError:  # 29 February
                candidate = Date(year, 3, 1)
            if candidate >= today:
                return candidate
        return False

    @api.model
    def _cron_remind(self, batch_size=1000):
        """Remind owners of coming anniversaries, one bounded batch per call; once the
        day has passed, the anniversary rolls over to next year."""
        today = fields.Date.context_today(self)
        past_domain = [("next_date", "<", today)]
        past = self.search(past_domain, limit=batch_size)
        for anniversary in past:
            anniversary.next_date = anniversary._next_occurrence(today)
        domain = [("remind_date", "<=", today), ("reminder_done", "=", False)]
        due = self.search(domain, limit=batch_size)
        activity_type = self.env.ref("logistics_crm.mail_activity_type_anniversary")
        model_id = self.env["ir.model"]._get_id("res.partner")
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": a.partner_id.id,
                    "activity_type_id": activity_type.id,
                    "user_id": a.user_id.id or a.partner_id.create_uid.id,
                    "date_deadline": a.next_date,
                    "summary": a.name,
                }
                for a in due
            ]
        )
        due.write({"reminder_done": True})
        return self.env["ir.cron"]._logistics_report_progress(
            len(past) + len(due),
            batch_size,
            lambda: self.search_count(domain, limit=batch_size)
            + self.search_count(past_domain, limit=batch_size),
        )
