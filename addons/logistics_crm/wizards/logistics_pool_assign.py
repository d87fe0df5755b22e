from odoo import fields, models


class LogisticsPoolAssign(models.TransientModel):
    _name = "logistics.pool.assign"
    _inherit = ["logistics.gated.mixin"]
    _description = "Assign Customers to a Salesperson"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    user_id = fields.Many2one(
        "res.users", "Salesperson", required=True, domain=[("share", "=", False)]
    )
    reason = fields.Text()

    def action_confirm(self):
        self._logistics_ensure_one()
        self.partner_ids.action_pool_assign(user=self.user_id, reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
