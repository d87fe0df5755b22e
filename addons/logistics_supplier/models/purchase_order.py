from odoo import models
from odoo.exceptions import UserError


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def button_confirm(self):
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            reason = order.partner_id._logistics_purchase_block_reason()
            if reason:
                raise UserError(reason)
        return super().button_confirm()
