from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

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
    service_line_id = fields.Many2one(
        "logistics.service.line",
        "Service Line",
        compute="_compute_service_line_id",
        store=True,
        index="btree_not_null",
        help="The service line of the order's largest service item: what the order counts "
        "for in the service quality figures (complaints per 100 orders).",
    )

    def _auto_init(self):
        # on an existing database: every order's service line in one statement, not an
        # ORM computation over millions of orders
        if not column_exists(self.env.cr, "sale_order", "service_line_id"):
            create_column(self.env.cr, "sale_order", "service_line_id", "int4")
            self._logistics_init_service_lines()
        return super()._auto_init()

    def _logistics_init_service_lines(self):
        """Set the service line of every order without one, as the compute would: the
        line of its largest service item (the first one on a tie)."""
        self.env.cr.execute(
            SQL(
                """
            UPDATE sale_order so SET service_line_id = top.service_line_id
              FROM (SELECT DISTINCT ON (l.order_id) l.order_id, pt.service_line_id
                      FROM sale_order_line l
                      JOIN product_product pp ON pp.id = l.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE pt.service_line_id IS NOT NULL
                  ORDER BY l.order_id, l.price_subtotal DESC, l.id) top
             WHERE so.id = top.order_id AND so.service_line_id IS NULL
                """
            )
        )

    @api.depends("order_line.product_id", "order_line.price_subtotal")
    def _compute_service_line_id(self):
        for order in self:
            lines = order.order_line.filtered("product_id.service_line_id")
            top = min(lines, key=lambda line: (-line.price_subtotal, line.id), default=None)
            order.service_line_id = top.product_id.service_line_id if top else False

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
