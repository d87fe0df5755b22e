from odoo import models

from .logistics_gated_mixin import COMPUTED_MESSAGE, Gate


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["logistics.gated.mixin", "sale.order.line"]
    _logistics_gates = (
        Gate(
            frozenset(
                {
                    "price_subtotal",
                    "price_tax",
                    "price_total",
                    "price_reduce_taxexcl",
                    "price_reduce_taxinc",
                    "margin",
                    "margin_percent",
                }
            ),
            COMPUTED_MESSAGE,
        ),
    )
