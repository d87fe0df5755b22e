from odoo import fields, models


class LogisticsCreditOverride(models.TransientModel):
    _name = "logistics.credit.override"
    _inherit = ["logistics.gated.mixin"]
    _description = "Override the Credit Check"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self._logistics_ensure_one()
        self.order_ids.action_credit_override(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
