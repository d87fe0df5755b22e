from odoo import fields, models


class SaleReport(models.Model):
    """Sales analysis by service line (customs, trucking, warehousing…)."""

    _inherit = "sale.report"

    service_line_id = fields.Many2one("logistics.service.line", "Service Line", readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["service_line_id"] = "t.service_line_id"
        return res

    def _group_by_sale(self):
        return f"{super()._group_by_sale()},\n            t.service_line_id"
