from odoo import fields, models, tools
from odoo.tools import SQL


class LogisticsSupplierCost(models.Model):
    """Supplier spend next to revenue, per supplier, service item, lane and month: one row
    per confirmed purchase line (cost) and per confirmed sale line of a service item
    (revenue)."""

    _name = "logistics.supplier.cost"
    _description = "Supplier Cost Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", "Supplier", readonly=True)
    product_id = fields.Many2one("product.product", "Service Item", readonly=True)
    service_line_id = fields.Many2one("logistics.service.line", "Service Line", readonly=True)
    lane_id = fields.Many2one("logistics.lane", "Lane", readonly=True)
    quantity = fields.Float(readonly=True)
    cost = fields.Float("Supplier Cost", readonly=True)
    revenue = fields.Float(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT pol.id * 2 AS id, po.date_approve::date AS date, po.company_id,
                       p.commercial_partner_id AS partner_id, pol.product_id,
                       pt.service_line_id, si.lane_id,
                       pol.product_qty AS quantity,
                       pol.price_subtotal / COALESCE(NULLIF(po.currency_rate, 0), 1) AS cost,
                       0.0 AS revenue
                  FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN res_partner p ON p.id = po.partner_id
                  JOIN product_product pp ON pp.id = pol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN LATERAL (
                      SELECT s.lane_id FROM product_supplierinfo s
                       WHERE s.partner_id = po.partner_id AND s.product_tmpl_id = pt.id
                         AND s.lane_id IS NOT NULL
                       ORDER BY s.is_preferred DESC NULLS LAST, s.sequence, s.id LIMIT 1
                  ) si ON TRUE
                 WHERE po.state IN ('purchase', 'done') AND pol.display_type IS NULL
                UNION ALL
                SELECT sol.id * 2 + 1, so.date_order::date, so.company_id, NULL,
                       sol.product_id, pt.service_line_id, NULL, sol.product_uom_qty, 0.0,
                       sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1)
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE so.state = 'sale' AND pt.is_service_item AND sol.display_type IS NULL
            )
            """,
                SQL.identifier(self._table),
            )
        )
