from odoo import fields, models


class LogisticsCustomerCodeAlias(models.Model):
    """A customer code that lives on after its customer was merged into another one:
    old documents and people quoting the old code still find the customer."""

    _name = "logistics.customer.code.alias"
    _description = "Former Customer Code"
    _order = "code"
    _rec_name = "code"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    code = fields.Char(required=True, index=True)
    merged_on = fields.Date(default=fields.Date.context_today)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "This code is already a former code of a customer."),
    ]
