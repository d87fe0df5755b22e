from odoo import fields, models

from ..models.logistics_customer_account import CUSTOMER_TIERS


class SaleReport(models.Model):
    """Sales analysis by the customer's value tier in the order's company (the tier
    that company ranked it in, not another branch's)."""

    _inherit = "sale.report"

    customer_tier = fields.Selection(CUSTOMER_TIERS, "Value Tier", readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["customer_tier"] = """(
            SELECT a.customer_tier FROM logistics_customer_account a
             WHERE a.partner_id = partner.commercial_partner_id AND a.company_id = s.company_id
        )"""
        return res
