from odoo import models

# activity type category / xml id -> follow-up channel
ACTIVITY_CHANNELS = {"phonecall": "phone", "meeting": "meeting"}


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """An activity done on a customer is a follow-up: record it."""
        done = self.filtered(lambda a: a.res_model == "res.partner")
        vals_list = []
        if done:
            partners = self.env["res.partner"].sudo().browse(done.mapped("res_id")).exists()
            customers = partners.filtered("customer_stage").commercial_partner_id
            for activity in done:
                partner = (
                    self.env["res.partner"].sudo().browse(activity.res_id).commercial_partner_id
                )
                if partner not in customers:
                    continue
                category = activity.activity_type_id.category
                channel = ACTIVITY_CHANNELS.get(category)
                if not channel and activity.activity_type_id == self.env.ref(
                    "mail.mail_activity_data_email", raise_if_not_found=False
                ):
                    channel = "email"
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "user_id": activity.user_id.id or self.env.uid,
                        "company_id": self.env.company.id,
                        "channel": channel or "other",
                        "summary": activity.summary or activity.activity_type_id.name,
                        "note": feedback or activity.note,
                    }
                )
        res = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if vals_list:
            self.env["logistics.followup"].sudo().create(vals_list)
        return res
