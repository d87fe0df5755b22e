from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    """Service items (服务项目) are ordinary service products with a service line, a
    service unit and three rates: list (the sales price), floor and cost."""

    _inherit = "product.template"

    is_service_item = fields.Boolean("Logistics Service Item")
    service_line_id = fields.Many2one("logistics.service.line", "Service Line", index=True)
    service_unit_id = fields.Many2one("logistics.service.unit", "Service Unit")
    floor_price = fields.Float(
        "Floor Rate",
        digits="Product Price",
        help="Lowest unit price a salesperson may quote without approval.",
    )
    logistics_cost_rate = fields.Float(
        "Cost Rate",
        digits="Product Price",
        compute="_compute_logistics_cost_rate",
        help="Cost per unit used for the expected margin: the product cost, or the "
        "preferred/cheapest valid supplier rate when supplier rate cards are installed.",
    )

    @api.constrains("floor_price", "list_price")
    def _check_floor_price(self):
        for template in self:
            if template.floor_price < 0:
                raise ValidationError(self.env._("The floor rate cannot be negative."))
            if template.floor_price > template.list_price:
                raise ValidationError(
                    self.env._("The floor rate of %s cannot be above its list rate.", template.name)
                )

    @api.depends("standard_price")
    @api.depends_context("company")
    def _compute_logistics_cost_rate(self):
        for template in self:
            variant = template.product_variant_id
            template.logistics_cost_rate = (
                variant._logistics_cost_rate() if variant else template.standard_price
            )

    @api.onchange("service_unit_id")
    def _onchange_service_unit_id(self):
        if self.service_unit_id:
            self.uom_id = self.service_unit_id.uom_id
            self.uom_po_id = self.service_unit_id.uom_id

    @api.onchange("is_service_item")
    def _onchange_is_service_item(self):
        if self.is_service_item:
            self.type = "service"


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _logistics_cost_rate(self, uom=None, date=None):
        """Cost of one ``uom`` (default: the product's unit) of this service item.

        Hook: ``logistics_supplier`` returns the preferred or cheapest valid supplier
        rate card price instead of the product cost when there is one.
        """
        self.ensure_one()
        cost = self.standard_price
        if uom and uom != self.uom_id:
            cost = self.uom_id._compute_price(cost, uom)
        return cost
