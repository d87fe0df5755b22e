from odoo import models

from .logistics_gated_mixin import COMPUTED_MESSAGE, Gate, Transition


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["logistics.gated.mixin", "logistics.followup.source", "sale.order"]
    # However the state is written (the Confirm button, write, create, import), an order
    # is confirmed only through the suite's confirmation gates.
    _logistics_transitions = (Transition("state", ("sale",), "_logistics_confirm_gate_error"),)
    # what the gates judge an order by is computed, never typed in
    _logistics_gates = (
        Gate(
            frozenset(
                {
                    "amount_untaxed",
                    "amount_tax",
                    "amount_total",
                    "margin",
                    "margin_percent",
                    "currency_rate",
                }
            ),
            COMPUTED_MESSAGE,
        ),
    )

    def _logistics_confirm_gate_error(self):
        """Why the suite forbids confirming this order now (a message), or False.
        Extended by each module that gates confirmation (approval, credit)."""
        self.ensure_one()
        return False

    def _confirmation_error_message(self):
        return super()._confirmation_error_message() or self._logistics_confirm_gate_error()

    def action_confirm(self):
        # confirmation checks every order's gates (_confirmation_error_message) first
        with self._logistics_open_gates():
            res = super().action_confirm()
        # business renews the pool protection and makes the customer formal: a deal needs
        # a positive amount (orders of nothing would lift a salesperson's cap)
        deals = self.filtered(lambda o: o.currency_id.compare_amounts(o.amount_total, 0.0) > 0)
        for company, orders in deals.grouped("company_id").items():
            orders.partner_id._logistics_touch_deal(company=company)
        return res
