from odoo import models


class LogisticsFollowupSource(models.AbstractModel):
    """A record whose work is work on a customer: activities done and messages sent on it
    (internal notes too if the pool says so) and meetings held about it are follow-ups of
    its commercial customer, in its company, and restart that customer's follow-up clock
    there. The customer itself, its contacts, its
    opportunities and its quotations and orders are such records."""

    _name = "logistics.followup.source"
    _description = "Follow-up Source"

    def _logistics_followup_customer(self):
        """The commercial customer and the company the work on this record counts for."""
        self.ensure_one()
        company = self["company_id"] if "company_id" in self._fields else False
        return self.partner_id.commercial_partner_id, company or self.env.company

    def _message_post_after_hook(self, message, msg_vals):
        kind = self._logistics_message_kind(message, msg_vals)
        if kind:
            for record in self:
                partner, company = record._logistics_followup_customer()
                if partner:
                    partner._logistics_touch_followup(company=company, kind=kind)
        return super()._message_post_after_hook(message, msg_vals)

    def _logistics_message_kind(self, message, msg_vals):
        """The follow-up kind of a message posted by an internal user: "message" for a
        message or e-mail sent, "note" for an internal note (whether it counts is the
        pool's choice), else False (notifications, tracking, the customer's replies)."""
        if msg_vals.get("message_type") not in ("comment", "email"):
            return False
        if not self.env.user._is_internal():
            return False
        if message.subtype_id == self.env.ref("mail.mt_comment"):
            return "message"
        if message.subtype_id == self.env.ref("mail.mt_note"):
            return "note"
        return False
