from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """A quotation paid online that the confirmation gates refuse (credit, approval)
        is not confirmed, but the payment is not refused either (an error here would roll
        back and retry the payment's post-processing forever): the order waits for the
        credit manager, who gets an activity."""
        held = self.env["sale.order"]
        for tx in self:
            if len(tx.sale_order_ids) != 1:
                continue
            order = tx.sale_order_ids.filtered(lambda so: so.state in ("draft", "sent"))
            if (
                order
                and order._is_confirmation_amount_reached()
                and order._logistics_confirm_gate_error()
            ):
                held |= order
        held._logistics_hold_paid_order()
        return super(
            PaymentTransaction, self - held.transaction_ids
        )._check_amount_and_confirm_order()
