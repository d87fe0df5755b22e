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
    logistics_margin_percent = fields.Float(
        "Line Margin (%)", compute="_compute_logistics_discount", groups="base.group_user"
    )

    @api.depends(
        "price_unit", "discount", "product_id", "product_uom", "purchase_price", "product_uom_qty"
    )
    def _compute_logistics_discount(self):
        for line in self:
            list_price = (
                line.product_id.uom_id._compute_price(line.product_id.lst_price, line.product_uom)
                if line.product_id
                else 0.0
            )
            net = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            line.logistics_discount = (
                max(0.0, 100.0 * (1 - net / list_price)) if list_price > 0 else 0.0
            )
            line.logistics_margin_percent = (
                100.0 * (net - line.purchase_price) / net
                if net
                else (-100.0 if line.purchase_price else 0.0)
            )

    @api.depends("product_id", "company_id", "currency_id", "product_uom")
    def _compute_purchase_price(self):
        """Service items cost their cost rate (supplier rate cards when installed)."""
        items = self.filtered(lambda line: line.product_id.is_service_item)
        res = super(SaleOrderLine, self - items)._compute_purchase_price()
        for line in items:
            line = line.with_company(line.company_id)
            cost = line.product_id._logistics_cost_rate(line.product_uom, line.order_id.date_order)
            line.purchase_price = line._convert_to_sol_currency(
                cost, line.product_id.cost_currency_id
            )
        return res

    def _logistics_priced_lines(self):
        return self.filtered(
            lambda line: not line.display_type and line.product_id and not line.is_downpayment
        )

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
