from odoo import models


class LogisticsFollowupSource(models.AbstractModel):
    """A record whose work is work on a customer: activities done and messages sent on it
    (not internal notes) are follow-ups of its commercial customer, in its company, and
    restart that customer's follow-up clock there. The customer itself, its contacts, its
    opportunities and its quotations and orders are such records."""

    _name = "logistics.followup.source"
    _description = "Follow-up Source"

    def _logistics_followup_customer(self):
        """The commercial customer and the company the work on this record counts for."""
        self.ensure_one()
        company = self["company_id"] if "company_id" in self._fields else False
        return self.partner_id.commercial_partner_id, company or self.env.company

    def _message_post_after_hook(self, message, msg_vals):
        if (
            msg_vals.get("message_type") in ("comment", "email")
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.env.user._is_internal()
        ):
            for record in self:
                partner, company = record._logistics_followup_customer()
                if partner:
                    partner._logistics_touch_followup(company=company)
        return super()._message_post_after_hook(message, msg_vals)
