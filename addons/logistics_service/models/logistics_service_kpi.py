from odoo import fields, models, tools
from odoo.tools import SQL


class LogisticsServiceKpi(models.Model):
    """Service quality figures (服务品质): one row per complaint, confirmed order and
    satisfaction measurement, so that pivots and graphs can count and average them per
    customer, department, service line and month.

    An order counts for its service line (its largest service item's) and for the
    department answering for that line (of its company, else of the group); a
    complaint for its own department and service line. The complaint rate of any group
    of rows is its complaints per 100 of its orders (``logistics.ratio.mixin``)."""

    _name = "logistics.service.kpi"
    _inherit = ["logistics.ratio.mixin"]
    _description = "Service Quality KPI"
    _auto = False
    _order = "date desc"
    _logistics_ratios = {"complaint_rate": ("complaint_count", "order_count")}

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    department_id = fields.Many2one("logistics.department", "Department", readonly=True)
    service_line_id = fields.Many2one("logistics.service.line", "Service Line", readonly=True)
    kind = fields.Selection(
        [("complaint", "Complaint"), ("order", "Order"), ("satisfaction", "Satisfaction")],
        readonly=True,
    )
    complaint_count = fields.Integer("Complaints", readonly=True)
    order_count = fields.Integer("Orders", readonly=True)
    complaint_rate = fields.Float(
        "Complaints per 100 Orders",
        readonly=True,
        aggregator="avg",
        help="Complaints per 100 confirmed orders of the same rows (customer, department, "
        "service line, month…).",
    )
    on_time_rate = fields.Float("On-time Resolution (%)", readonly=True, aggregator="avg")
    resolution_days = fields.Float("Days to Resolve", readonly=True, aggregator="avg")
    satisfaction = fields.Float("Satisfaction (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT c.id * 4 AS id, c.date::date AS date, c.company_id,
                       c.partner_id, c.department_id, c.service_line_id, 'complaint' AS kind,
                       1 AS complaint_count, 0 AS order_count, NULL::float AS complaint_rate,
                       CASE WHEN c.resolved_date IS NULL THEN NULL
                            WHEN c.on_time THEN 100.0 ELSE 0.0 END AS on_time_rate,
                       CASE WHEN c.resolved_date IS NULL THEN NULL
                            ELSE c.resolution_days END AS resolution_days,
                       NULL::float AS satisfaction
                  FROM logistics_complaint c
                UNION ALL
                SELECT so.id * 4 + 1, so.date_order::date, so.company_id,
                       p.commercial_partner_id, dept.id, so.service_line_id, 'order', 0, 1,
                       NULL, NULL, NULL, NULL
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                  -- the department answering for the order's line: its company's first
                  LEFT JOIN LATERAL (
                        SELECT d.id
                          FROM logistics_department d
                          JOIN logistics_department_service_line_rel r
                            ON r.department_id = d.id
                         WHERE r.service_line_id = so.service_line_id
                           AND d.active
                           AND (d.company_id = so.company_id OR d.company_id IS NULL)
                      ORDER BY d.company_id IS NULL, d.id
                         LIMIT 1
                       ) dept ON TRUE
                 WHERE so.state = 'sale'
                UNION ALL
                SELECT v.id * 4 + 2, v.date, c.company_id, v.partner_id, c.department_id,
                       c.service_line_id, 'satisfaction', 0, 0, NULL, NULL, NULL, v.score
                  FROM logistics_return_visit v
                  LEFT JOIN logistics_complaint c ON c.id = v.complaint_id
                UNION ALL
                SELECT ui.id * 4 + 3, ui.create_date::date, NULL, ui.logistics_customer_id,
                       c.department_id, c.service_line_id, 'satisfaction', 0, 0, NULL, NULL,
                       NULL, ui.scoring_percentage
                  FROM survey_user_input ui
                  JOIN survey_survey s ON s.id = ui.survey_id
                  LEFT JOIN logistics_complaint c ON c.id = ui.logistics_complaint_id
                 WHERE ui.state = 'done' AND s.scoring_type != 'no_scoring'
                   AND ui.logistics_customer_id IS NOT NULL
            )
            """,
                SQL.identifier(self._table),
            )
        )

    def _figures(self, domain):
        """Complaint rate, on-time %, mean days to resolve and satisfaction for ``domain``."""
        [(complaints, orders, rate, on_time, days, satisfaction)] = self._read_group(
            domain,
            [],
            [
                "complaint_count:sum",
                "order_count:sum",
                "complaint_rate:avg",
                "on_time_rate:avg",
                "resolution_days:avg",
                "satisfaction:avg",
            ],
        )
        return {
            "complaints": complaints or 0,
            "orders": orders or 0,
            "complaint_rate": rate or 0.0,
            "on_time_rate": on_time or 0.0,
            "resolution_days": days or 0.0,
            "satisfaction": satisfaction or 0.0,
        }
