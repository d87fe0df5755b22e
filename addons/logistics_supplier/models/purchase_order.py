from odoo import models
from odoo.exceptions import UserError


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def _logistics_check_supplier(self):
        for order in self:
            reason = order.partner_id._logistics_purchase_block_reason()
            if reason:
                raise UserError(reason)

    def button_confirm(self):
        self.filtered(lambda o: o.state in ("draft", "sent"))._logistics_check_supplier()
        return super().button_confirm()

    def button_approve(self, force=False):
        # public too, and it confirms on its own: the same gate
        self._logistics_check_supplier()
        return super().button_approve(force=force)
