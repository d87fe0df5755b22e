from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class LogisticsSolution(models.Model):
    """A logistics product (解决方案): a bundle of service items with default quantities,
    e.g. "Import VMI: customs clearance + trucking + warehousing + labelling"."""

    _name = "logistics.solution"
    _description = "Logistics Solution"
    _inherit = ["logistics.gated.mixin", "mail.thread"]
    _order = "name"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    service_line_id = fields.Many2one("logistics.service.line", "Main Service Line")
    description = fields.Html(translate=True)
    line_ids = fields.One2many("logistics.solution.line", "solution_id", "Service Items", copy=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_total = fields.Monetary("Expected Revenue", compute="_compute_amounts")
    cost_total = fields.Monetary("Expected Cost", compute="_compute_amounts")
    margin_total = fields.Monetary("Expected Margin", compute="_compute_amounts")
    # a ratio (0.471 = 47.1 %), shown with the percentage widget, as sale_margin does
    margin_percent = fields.Float("Expected Margin (%)", compute="_compute_amounts")
    quote_template_id = fields.Many2one("sale.order.template", "Quotation Template", copy=False)

    @api.depends("line_ids.subtotal", "line_ids.cost_subtotal")
    def _compute_amounts(self):
        for solution in self:
            solution.amount_total = sum(solution.line_ids.mapped("subtotal"))
            solution.cost_total = sum(solution.line_ids.mapped("cost_subtotal"))
            solution.margin_total = solution.amount_total - solution.cost_total
            solution.margin_percent = (
                solution.margin_total / solution.amount_total if solution.amount_total else 0.0
            )

    def action_create_quote_template(self):
        """Create (or refresh) the quotation template of this solution and open it."""
        self._logistics_ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("Add service items to %s first.", self.name))
        lines = [Command.clear()] + [
            Command.create(
                {
                    "product_id": line.product_id.id,
                    "name": line.product_id.get_product_multiline_description_sale(),
                    "product_uom_qty": line.quantity,
                    "product_uom_id": line.uom_id.id,
                }
            )
            for line in self.line_ids
        ]
        vals = {"name": self.name, "sale_order_template_line_ids": lines}
        if self.quote_template_id:
            self.quote_template_id.write(vals)
        else:
            self.quote_template_id = self.env["sale.order.template"].create(
                dict(vals, company_id=self.company_id.id)
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order.template",
            "res_id": self.quote_template_id.id,
            "view_mode": "form",
        }


class LogisticsSolutionLine(models.Model):
    _name = "logistics.solution.line"
    _description = "Logistics Solution Item"
    _order = "solution_id, sequence, id"

    solution_id = fields.Many2one(
        "logistics.solution", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        "Service Item",
        required=True,
        domain=[("is_service_item", "=", True)],
    )
    service_line_id = fields.Many2one(related="product_id.service_line_id")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    uom_id = fields.Many2one(
        "uom.uom",
        "Unit",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    currency_id = fields.Many2one(related="solution_id.currency_id")
    price_unit = fields.Float("List Rate", compute="_compute_rates", digits="Product Price")
    cost_unit = fields.Float("Cost Rate", compute="_compute_rates", digits="Product Price")
    subtotal = fields.Monetary(compute="_compute_rates")
    cost_subtotal = fields.Monetary("Cost", compute="_compute_rates")
    margin = fields.Monetary(compute="_compute_rates")
    margin_percent = fields.Float("Margin (%)", compute="_compute_rates")  # a ratio

    @api.constrains("quantity")
    def _check_quantity(self):
        if any(line.quantity <= 0 for line in self):
            raise ValidationError(self.env._("Quantities of a solution must be positive."))

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            line.uom_id = line.product_id.uom_id

    @api.depends("product_id", "quantity", "uom_id")
    def _compute_rates(self):
        for line in self:
            product = line.product_id
            uom = line.uom_id or product.uom_id
            line.price_unit = (
                product.uom_id._compute_price(product.lst_price, uom) if product else 0.0
            )
            line.cost_unit = product._logistics_cost_rate(uom) if product else 0.0
            line.subtotal = line.price_unit * line.quantity
            line.cost_subtotal = line.cost_unit * line.quantity
            line.margin = line.subtotal - line.cost_subtotal
            line.margin_percent = line.margin / line.subtotal if line.subtotal else 0.0
