from odoo import fields, models


class LogisticsQuoteReject(models.TransientModel):
    _name = "logistics.quote.reject"
    _inherit = ["logistics.gated.mixin"]
    _description = "Reject a Quotation"

    order_ids = fields.Many2many("sale.order", string="Quotations", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self._logistics_ensure_one()
        self.order_ids.action_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
