from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        # business renews the pool protection and makes the customer formal
        self.partner_id._logistics_touch_deal()
        return res
