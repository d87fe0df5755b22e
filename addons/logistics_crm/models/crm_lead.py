from odoo import models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def action_set_won(self):
        res = super().action_set_won()
        self.partner_id._logistics_touch_deal()
        return res
