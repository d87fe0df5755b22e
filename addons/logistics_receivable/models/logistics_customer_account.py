from odoo import api, models
from odoo.tools import SQL


class LogisticsCustomerAccount(models.Model):
    _inherit = "logistics.customer.account"

    @api.model
    def _logistics_order_margin_sql(self):
        # the trailing margin counts each order's job margin: actual once its vendor
        # bills are all posted, estimated until then
        return SQL("COALESCE(so.logistics_job_margin, so.margin)")
