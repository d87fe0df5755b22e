from odoo import models
from odoo.tools import SQL


class LogisticsRatioMixin(models.AbstractModel):
    """Report measures that are ratios, declared per report: ``_logistics_ratios`` maps
    a measure to the (numerator, denominator) fields it is 100 × the ratio of. The value
    of any group of rows - a pivot cell, a dashboard's total - is the ratio of its sums,
    not an average of the rows' ratios (as purchase.report computes its average price)."""

    _name = "logistics.ratio.mixin"
    _description = "Ratio Measures of a Report"

    _logistics_ratios = {}

    def _read_group_select(self, aggregate_spec, query):
        fname = aggregate_spec.split(":")[0]
        if fname not in self._logistics_ratios:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator = self._logistics_ratios[fname]
        return SQL(
            "100.0 * SUM(%s) / NULLIF(SUM(%s), 0)",
            self._field_to_sql(self._table, numerator, query),
            self._field_to_sql(self._table, denominator, query),
        )
