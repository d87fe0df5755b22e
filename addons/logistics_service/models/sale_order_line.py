from odoo import api, fields, models

PRICING_FIELDS = {
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "purchase_price",
    "display_type",
}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    service_line_id = fields.Many2one(related="product_id.service_line_id", string="Service Line")
    logistics_discount = fields.Float(
        "Reduction (%)",
        compute="_compute_logistics_discount",
        help="Reduction from the list rate, by discount or by a lower unit price.",
    )
    # (the line's margin is sale_margin's margin_percent)

    @api.depends("price_unit", "discount", "product_id", "product_uom")
    def _compute_logistics_discount(self):
        for line in self:
            list_price = line._logistics_list_price()
            net = line._logistics_net_price()
            line.logistics_discount = (
                max(0.0, 100.0 * (1 - net / list_price)) if list_price > 0 else 0.0
            )

    @api.depends("product_id", "company_id", "currency_id", "product_uom")
    def _compute_purchase_price(self):
        """Service items cost their cost rate (supplier rate cards when installed)."""
        items = self.filtered(lambda line: line.product_id.is_service_item)
        res = super(SaleOrderLine, self - items)._compute_purchase_price()
        for line in items:
            line.purchase_price = line._logistics_reference_cost()
        return res

    def _logistics_list_price(self):
        """The product's list price in the line's unit."""
        self.ensure_one()
        if not self.product_id:
            return 0.0
        return self.product_id.uom_id._compute_price(self.product_id.lst_price, self.product_uom)

    def _logistics_reference_cost(self):
        """The cost the catalogue gives this line, in its currency: a service item's cost
        rate (supplier rate cards when installed), another product's cost."""
        self.ensure_one()
        line = self.with_company(self.company_id)
        product = line.product_id
        if product.is_service_item:
            cost = product._logistics_cost_rate(line.product_uom, line.order_id.date_order)
        else:
            cost = product.uom_id._compute_price(product.standard_price, line.product_uom)
        return line._convert_to_sol_currency(cost, product.cost_currency_id)

    def _logistics_checked_cost(self):
        """The unit cost the quote authority judges the margin with: the line's cost, but
        never below the catalogue's (a cost typed lower on the line buys no authority)."""
        self.ensure_one()
        return max(self.purchase_price, self._logistics_reference_cost())

    def _logistics_net_price(self):
        """The unit price after the line's discount."""
        self.ensure_one()
        return self.price_unit * (1 - (self.discount or 0.0) / 100.0)

    def _logistics_checked_margin_percent(self):
        self.ensure_one()
        net = self._logistics_net_price()
        cost = self._logistics_checked_cost()
        return 100.0 * (net - cost) / net if net else (-100.0 if cost else 0.0)

    def _logistics_effective_terms(self):
        """(discount %, margin %) of these lines taken together: credits (negative
        quantities or prices) reduce what the customer pays for the rest."""
        sold = self.filtered(lambda line: line.product_uom_qty > 0 and line.price_unit >= 0)
        gross = sum(line._logistics_list_price() * line.product_uom_qty for line in sold)
        net = sum(self.mapped("price_subtotal"))
        cost = sum(line._logistics_checked_cost() * line.product_uom_qty for line in sold)
        discount = max(0.0, 100.0 * (1 - net / gross)) if gross > 0 else 0.0
        margin = 100.0 * (net - cost) / net if net > 0 else -100.0
        return discount, margin

    def _logistics_priced_lines(self):
        """What the customer is quoted: every line with a product (down payments too: a
        line flagged as one is no way round the authority)."""
        return self.filtered(lambda line: not line.display_type and line.product_id)

    # ------------------------------------------------------------ CRUD
    # Any change of what is sold, or at which price, voids a previous approval.

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._logistics_refresh_approval()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if PRICING_FIELDS & vals.keys():
            self.order_id._logistics_refresh_approval()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._logistics_refresh_approval()
        return res
