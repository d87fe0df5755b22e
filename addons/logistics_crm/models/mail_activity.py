from odoo import models

# activity type category / xml id -> follow-up channel
ACTIVITY_CHANNELS = {"phonecall": "phone", "meeting": "meeting"}


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """An activity done on a customer, one of its contacts, opportunities, quotations
        or orders (logistics.followup.source) is a follow-up of the customer in that
        record's company: record it there (customers the company does not serve are left
        alone). A meeting's activity done counts its meeting too (counted once)."""
        Source = self.pool["logistics.followup.source"]
        Account = self.env["logistics.customer.account"]
        vals_list = []
        meetings = self.env["calendar.event"]
        for activity in self:
            Model = self.env.get(activity.res_model)
            if Model is None or not isinstance(Model, Source):
                continue
            if activity.calendar_event_id.logistics_followup_done:
                continue  # a meeting counts once: as this activity, or as the meeting held
            record = Model.sudo().browse(activity.res_id).exists()
            if not record:
                continue
            partner, company = record._logistics_followup_customer()
            if not partner or not Account._logistics_get(partner, company):
                continue
            category = activity.activity_type_id.category
            channel = ACTIVITY_CHANNELS.get(category)
            if not channel and activity.activity_type_id == self.env.ref(
                "mail.mail_activity_data_email", raise_if_not_found=False
            ):
                channel = "email"
            meetings |= activity.calendar_event_id
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "user_id": activity.user_id.id or self.env.uid,
                    "company_id": company.id,
                    "channel": channel or "other",
                    "summary": activity.summary or activity.activity_type_id.name,
                    "note": feedback or activity.note,
                    "lead_id": record.id if record._name == "crm.lead" else False,
                    # (a meeting's activity done: the meeting held)
                    "source": "meeting" if activity.calendar_event_id else "activity",
                }
            )
        res = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        meetings.sudo().write({"logistics_followup_done": True})
        if vals_list:
            self.env["logistics.followup"].sudo().create(vals_list)
        return res
