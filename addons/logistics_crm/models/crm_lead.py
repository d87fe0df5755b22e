from odoo import models


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
