from odoo import fields, models


class LogisticsSupplierStatus(models.TransientModel):
    _name = "logistics.supplier.status"
    _inherit = ["logistics.gated.mixin"]
    _description = "Blacklist or Clear Suppliers"

    partner_ids = fields.Many2many("res.partner", string="Suppliers", required=True)
    decision = fields.Selection(
        [("blacklist", "Blacklist"), ("clear", "Clear (qualified again)")],
        required=True,
        default="clear",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self._logistics_ensure_one()
        if self.decision == "blacklist":
            self.partner_ids.action_supplier_blacklist(reason=self.reason)
        else:
            self.partner_ids.action_supplier_clear(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
