from odoo import fields, models


class SaleReport(models.Model):
    """Estimated (sale_margin's ``margin``) next to actual job costs and margins."""

    _inherit = "sale.report"

    logistics_actual_cost = fields.Float("Actual Cost", readonly=True)
    logistics_job_margin = fields.Float("Job Margin", readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        for field in ("logistics_actual_cost", "logistics_job_margin"):
            # in the report's currency, as sale_margin converts its margin
            res[field] = f"""SUM(l.{field}
                / {self._case_value_or_one("s.currency_rate")}
                * {self._case_value_or_one("account_currency_table.rate")})
            """
        return res
