from odoo import fields, models


class LogisticsPoolRelease(models.TransientModel):
    _name = "logistics.pool.release"
    _inherit = ["logistics.gated.mixin"]
    _description = "Release Customers to the Pool"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self._logistics_ensure_one()
        self.partner_ids.action_pool_release(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
