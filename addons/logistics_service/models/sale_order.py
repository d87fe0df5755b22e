from odoo import api, fields, models

# What the customer pays, or when: any change voids an approval (with the lines).
APPROVED_TERMS = (
    "partner_id",
    "partner_invoice_id",
    "user_id",
    "company_id",
    "currency_id",
    "pricelist_id",
    "payment_term_id",
    "fiscal_position_id",
)


class SaleOrder(models.Model):
    """Quote authorisation: a quotation outside its salesperson's authority (discount,
    margin, amount) is approved along the authority matrix before it is sent or
    confirmed (``logistics.approval.mixin``)."""

    _name = "sale.order"
    _inherit = ["logistics.approval.mixin", "sale.order"]

    approval_state = fields.Selection(
        help="Quotations outside the salesperson's authority must be approved before they "
        "are sent or confirmed."
    )
    approval_user_ids = fields.Many2many(
        relation="sale_order_logistics_approver_rel", column1="order_id", column2="user_id"
    )

    # ------------------------------------------------------------ CRUD

    def write(self, vals):
        res = super().write(vals)
        if set(APPROVED_TERMS) & vals.keys():
            self._logistics_refresh_approval()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._logistics_refresh_approval()
        return orders

    # ------------------------------------------------------------ GATES

    def _logistics_confirm_gate_error(self):
        return super()._logistics_confirm_gate_error() or self._logistics_approval_error()

    def action_quotation_send(self):
        self._logistics_check_approved()
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._logistics_check_approved()
        return super().action_quotation_sent()

    # ------------------------------------------------------------ APPROVAL HOOKS

    def _logistics_needs_approval(self):
        self.ensure_one()
        if not self.env["logistics.quote.authority"]._company_rule_ids(self.company_id.id):
            return False  # no authority matrix for this company: feature off
        if not self.order_line._logistics_priced_lines():
            return False
        return not self._logistics_covered_by(self.user_id or self.env.user)

    def _logistics_fingerprint_parts(self):
        """Products, quantities, units, prices, discounts, costs, and who pays, how and
        when (customer, invoice address, salesperson, currency, pricelist, payment terms,
        fiscal position)."""
        self.ensure_one()
        parts = [str(self[fname].id) for fname in APPROVED_TERMS]
        for line in self.order_line._logistics_priced_lines().sorted("id"):
            parts.append(
                f"{line.product_id.id}:{line.product_uom_qty}:{line.product_uom.id}:"
                f"{line.price_unit}:{line.discount}:{line.purchase_price}"
            )
        return parts

    def _logistics_authority_error(self):
        """The authority is checked again at the gate: the matrix may have changed since,
        and whoever sends or confirms a quotation must cover it too (handing a quotation
        over to a higher salesperson is no way round)."""
        self.ensure_one()
        if self.env.su:
            return False
        if not self.env["logistics.quote.authority"]._company_rule_ids(self.company_id.id):
            return False
        if not self.order_line._logistics_priced_lines():
            return False
        user = self.env.user
        if not self._logistics_covered_by(self.user_id or user) or (
            user != self.user_id and not self._logistics_covered_by(user)
        ):
            return self.env._(
                "Quotation %s is outside your authority: request an approval first.", self.name
            )
        return False
