import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)

# meetings that ended longer ago than this are not counted any more (a new database, a
# cron that did not run): they cannot restart a clock that has long run on
MEETING_WINDOW_DAYS = 30


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    logistics_followup_done = fields.Boolean(
        "Counted as Follow-up",
        copy=False,
        readonly=True,
        help="The meeting has ended and was recorded as a follow-up of the customers "
        "who attended it (or of its opportunity's customer).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any("logistics_followup_done" in vals for vals in vals_list):
            raise AccessError(self.env._("Whether a meeting was counted is the suite's to say."))
        return super().create(vals_list)

    def write(self, vals):
        # (True would deny a colleague's follow-up, False replay one)
        if "logistics_followup_done" in vals and not self.env.su:
            raise AccessError(self.env._("Whether a meeting was counted is the suite's to say."))
        return super().write(vals)

    def _logistics_followup_vals(self, accounts, today):
        """The follow-ups this ended meeting stands for: one per customer served in
        the meeting's company (``accounts``: (customer, company) -> account) among the
        commercial customers of its external attendees (who did not decline), of its
        opportunity and of the record it was scheduled on - those its organizer may see
        (a meeting made up with anybody's customer buys nothing). Dated on the day it
        ended in the organizer's time zone (never after ``today``)."""
        self.ensure_one()
        user = self.user_id or self.env.user
        company = self.opportunity_id.company_id or user.company_id or self.env.company
        attendees = self.attendee_ids.filtered(lambda a: a.state != "declined").partner_id
        customers = attendees.filtered(
            lambda p: not p.user_ids.filtered(lambda u: not u.share)
        ).commercial_partner_id
        customers |= self.opportunity_id.partner_id.commercial_partner_id
        Model = self.env.get(self.res_model or "")
        if isinstance(Model, self.pool["logistics.followup.source"]) and self.res_id:
            record = Model.browse(self.res_id).exists()
            if record:
                customer, record_company = record._logistics_followup_customer()
                customers |= customer
                if "company_id" in record._fields and record_company:
                    company = record_company
        # (the rules as SQL: the organizer's customers and pools)
        customers = customers.with_user(user).search([("id", "in", customers.ids)]).sudo()
        if self.allday:
            date = self.stop_date
        else:
            date = fields.Date.context_today(self.with_context(tz=user.tz), timestamp=self.stop)
        date = min(date, today)
        summary = (self.name or "").strip() or self.env._("Meeting")
        return [
            {
                "partner_id": customer.id,
                "user_id": user.id,
                "company_id": company.id,
                "channel": "meeting",
                "source": "meeting",
                "date": date,
                "summary": summary,
                "lead_id": self.opportunity_id.id
                if self.opportunity_id.partner_id.commercial_partner_id == customer
                else False,
            }
            for customer in customers
            if (customer.id, company.id) in accounts
        ]

    @api.model
    def _cron_logistics_meetings_held(self, batch_size=None):
        """Record the meetings that ended (in the last ``MEETING_WINDOW_DAYS`` days) as
        follow-ups of the customers who attended them - one bounded batch per call, like
        the suite's other jobs. A meeting that cannot be recorded is logged and skipped,
        never holds up the others."""
        batch_size = batch_size or self.env["logistics.customer.pool"]._batch_size()
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        events = self.sudo()
        domain = [
            ("logistics_followup_done", "=", False),
            ("stop", "<=", now),
            ("stop", ">=", now - timedelta(days=MEETING_WINDOW_DAYS)),
        ]
        Cron = self.env["ir.cron"]

        def count_batch():
            batch = Cron._logistics_lock_batch(events, domain, batch_size, "stop, id")
            customers = batch.attendee_ids.partner_id.commercial_partner_id
            customers |= batch.opportunity_id.partner_id.commercial_partner_id
            for model, group in batch.grouped("res_model").items():
                Model = self.env.get(model or "")
                if isinstance(Model, self.pool["logistics.followup.source"]):
                    records = Model.sudo().browse(group.mapped("res_id")).exists()
                    for record in records:
                        customers |= record._logistics_followup_customer()[0]
            accounts = {
                (a.partner_id.id, a.company_id.id): a
                for a in self.env["logistics.customer.account"]
                .sudo()
                .search([("partner_id", "in", customers.ids)])
            }
            Followup = self.env["logistics.followup"].sudo()
            for event in batch:
                try:
                    with self.env.cr.savepoint():
                        Followup.create(event._logistics_followup_vals(accounts, today))
                except (UserError, ValidationError, AccessError):
                    _logger.warning(
                        "Meeting %s not counted as a follow-up", event.id, exc_info=True
                    )
            batch.write({"logistics_followup_done": True})
            return batch

        batch = Cron._logistics_run_batch(count_batch)
        remaining = Cron._logistics_report_batch(events, domain, len(batch), batch_size)
        _logger.info("Meetings held: %s counted, %s+ remaining", len(batch), remaining)
        return remaining
