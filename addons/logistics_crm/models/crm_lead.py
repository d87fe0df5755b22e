from odoo import models

# an opportunity copies its customer's contact details: hidden like the customer's
LEAD_CONTACT_FIELDS = frozenset(
    {
        "email_from",
        "email_normalized",
        "email_cc",
        "phone",
        "mobile",
        "phone_sanitized",
        "website",
        "street",
        "street2",
        "zip",
    }
)


class CrmLead(models.Model):
    _name = "crm.lead"
    # work on an opportunity is work on its customer (its pool's follow-up clock)
    _inherit = ["logistics.followup.source", "crm.lead"]

    def action_set_won(self):
        res = super().action_set_won()
        # a deal needs a positive amount (won opportunities of nothing would lift a cap)
        deals = self.filtered(lambda lead: lead.expected_revenue > 0)
        for company, leads in deals.grouped("company_id").items():
            leads.partner_id._logistics_touch_deal(company=company or None)
        return res

    def _read_format(self, fnames, load="_classic_read"):
        """What a pool hides of its waiting customers (``res.partner``), their
        opportunities do not show either."""
        result = super()._read_format(fnames, load=load)
        hidden = LEAD_CONTACT_FIELDS.intersection(fnames)
        if hidden and self.env["res.partner"]._logistics_hiding_applies():
            # (the customers read as superuser, judged for the reader)
            partners = self.sudo().partner_id.with_env(self.env)._logistics_contact_hidden_ids()
            if partners:
                partner_of = {lead.id: lead.partner_id.id for lead in self.sudo()}
                for values in result:
                    if partner_of.get(values["id"]) in partners:
                        values.update(dict.fromkeys(hidden, False))
        return result
