import logging
from datetime import timedelta

from odoo import api, fields, models

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

    def _logistics_followup_vals(self, accounts):
        """The follow-ups this ended meeting stands for: one per customer served in
        the meeting's company (``accounts``: (customer, company) -> account) among the
        commercial customers of its external attendees (who did not decline), of its
        opportunity and of the record it was scheduled on."""
        self.ensure_one()
        company = self.opportunity_id.company_id or self.user_id.company_id or self.env.company
        attendees = self.attendee_ids.filtered(lambda a: a.state != "declined").partner_id
        customers = attendees.filtered(
            lambda p: not p.user_ids.filtered(lambda u: not u.share)
        ).commercial_partner_id
        customers |= self.opportunity_id.partner_id.commercial_partner_id
        Model = self.env.get(self.res_model or "")
        if isinstance(Model, self.pool["logistics.followup.source"]) and self.res_id:
            record = Model.browse(self.res_id).exists()
            if record:
                customers |= record._logistics_followup_customer()[0]
        user = self.user_id or self.env.user
        date = fields.Date.context_today(self.with_context(tz=user.tz), timestamp=self.stop)
        return [
            {
                "partner_id": customer.id,
                "user_id": user.id,
                "company_id": company.id,
                "channel": "meeting",
                "source": "meeting",
                "date": date,
                "summary": self.name,
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
        the suite's other jobs."""
        batch_size = batch_size or self.env["logistics.customer.pool"]._batch_size()
        now = fields.Datetime.now()
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
                    customers |= records.partner_id.commercial_partner_id
            accounts = {
                (a.partner_id.id, a.company_id.id): a
                for a in self.env["logistics.customer.account"]
                .sudo()
                .search([("partner_id", "in", customers.ids)])
            }
            vals_list = [
                vals for event in batch for vals in event._logistics_followup_vals(accounts)
            ]
            self.env["logistics.followup"].sudo().create(vals_list)
            batch.write({"logistics_followup_done": True})
            return batch

        batch = Cron._logistics_run_batch(count_batch)
        remaining = Cron._logistics_report_batch(events, domain, len(batch), batch_size)
        _logger.info("Meetings held: %s counted, %s+ remaining", len(batch), remaining)
        return remaining
