from odoo import models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Transition


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["logistics.gated.mixin", "purchase.order"]
    # However the state is written (Confirm, Approve, write, create, import), nothing is
    # ordered from a blacklisted or reviewed supplier, or one whose mandatory documents
    # have expired.
    _logistics_transitions = (
        Transition(
            "state",
            ("to approve", "purchase", "done"),
            "_logistics_supplier_gate_error",
            # locking and unlocking a confirmed order is no new order
            exempt_from=("purchase", "done"),
            # nor is a confirmed order handed to another supplier
            also_on=("partner_id",),
        ),
    )

    def _logistics_supplier_gate_error(self):
        self.ensure_one()
        return self.partner_id._logistics_purchase_block_reason()

    def button_confirm(self):
        # whoever is ordered from is a vendor: in the supplier master (code, gates)
        vendors = self.partner_id.commercial_partner_id.filtered(
            lambda p: not p.is_logistics_supplier
        )
        vendors.sudo().write({"is_logistics_supplier": True})
        return super().button_confirm()
