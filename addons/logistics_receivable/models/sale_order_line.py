from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import COMPUTED_MESSAGE, Gate
from odoo.tools import SQL, float_compare
from odoo.tools.sql import column_exists, create_column

COST_STATES = [
    ("estimated", "Estimated"),
    ("partial", "Partly billed"),
    ("actual", "Actual"),
]
# what the job costing computes from the vendor bills, never typed in
JOB_FIELDS = frozenset({"logistics_actual_cost", "logistics_cost_state", "logistics_job_margin"})


def init_job_columns(cr):
    """Installed on a database with millions of orders: every order and item starts at
    its estimate, in one statement per table, instead of being computed one by one
    (account.move.line's ``_auto_init`` then recomputes those with vendor bills).
    Called by each model's ``_auto_init``, whichever comes first."""
    for table, columns, fill in (
        (
            "sale_order_line",
            {"logistics_job_margin": "numeric", "logistics_actual_cost": "numeric"},
            "logistics_job_margin = margin",
        ),
        (
            "sale_order",
            {
                "logistics_job_margin": "numeric",
                "logistics_actual_cost": "numeric",
                "logistics_job_margin_percent": "float8",
            },
            "logistics_job_margin = margin, logistics_job_margin_percent = margin_percent",
        ),
    ):
        if column_exists(cr, table, "logistics_job_margin"):
            continue
        for column, kind in {**columns, "logistics_cost_state": "varchar"}.items():
            create_column(cr, table, column, kind)
        cr.execute(
            SQL(
                "UPDATE %s SET logistics_actual_cost = 0, logistics_cost_state = 'estimated', "
                "%s",
                SQL.identifier(table),
                SQL(fill),
            )
        )


class SaleOrderLine(models.Model):
    """The actual cost of a job item: the posted vendor bills of its carriers, warehouses
    and brokers - through the purchase orders it generated (sale_purchase) or a vendor
    bill line pointing to it."""

    _inherit = "sale.order.line"
    _logistics_gates = (Gate(JOB_FIELDS, COMPUTED_MESSAGE),)

    logistics_cost_line_ids = fields.One2many(
        "account.move.line", "logistics_sale_line_id", "Vendor Bill Lines", readonly=True
    )
    logistics_actual_cost = fields.Monetary(
        "Actual Cost",
        compute="_compute_logistics_job_margin",
        store=True,
        help="Posted vendor bills (net of refunds) of this item, in the order's currency "
        "at the order's rate.",
    )
    logistics_cost_state = fields.Selection(
        COST_STATES,
        "Cost Status",
        compute="_compute_logistics_job_margin",
        store=True,
        help="Estimated: no vendor bill yet, the margin is sale_margin's estimate. Partly "
        "billed: some purchase lines still wait for their bill. Actual: every purchase "
        "line is billed.",
    )
    logistics_job_margin = fields.Monetary(
        "Job Margin",
        compute="_compute_logistics_job_margin",
        store=True,
        help="The actual margin (subtotal - actual cost) once the item's costs are all "
        "billed, the estimated margin until then.",
    )

    def _auto_init(self):
        init_job_columns(self.env.cr)
        return super()._auto_init()

    def _logistics_purchase_lines(self):
        """The purchase lines bought for this item that will cost it (not cancelled)."""
        self.ensure_one()
        return self.purchase_line_ids.filtered(
            lambda pol: not pol.display_type and pol.state != "cancel"
        )

    @api.depends(
        "margin",
        "price_subtotal",
        "order_id.currency_rate",
        "logistics_cost_line_ids.balance",
        "logistics_cost_line_ids.parent_state",
        "purchase_line_ids.state",
        "purchase_line_ids.qty_invoiced",
        "purchase_line_ids.product_qty",
    )
    def _compute_logistics_job_margin(self):
        for line in self:
            billed = line.logistics_cost_line_ids.filtered(lambda aml: aml.parent_state == "posted")
            # company currency -> the order's, as sale_margin converts the product costs
            cost = sum(billed.mapped("balance")) * (line.order_id.currency_rate or 1.0)
            waiting = line._logistics_purchase_lines().filtered(
                lambda pol: float_compare(
                    pol.qty_invoiced, pol.product_qty, precision_rounding=pol.product_uom.rounding
                )
                < 0
            )
            line.logistics_actual_cost = line.currency_id.round(cost) if line.currency_id else cost
            line.logistics_cost_state = (
                "estimated" if not billed else "partial" if waiting else "actual"
            )
            line.logistics_job_margin = (
                line.price_subtotal - line.logistics_actual_cost
                if line.logistics_cost_state == "actual"
                else line.margin
            )
