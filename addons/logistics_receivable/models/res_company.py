from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_block_enabled = fields.Boolean(
        "Block confirmation over credit limit",
        help="Orders that would take the customer's exposure (open receivables + confirmed "
        "but uninvoiced orders + this order) above its credit limit cannot be confirmed "
        "without a credit manager's override. Off: Odoo's standard warning only.",
    )
    credit_overdue_days = fields.Integer(
        "Block with debt overdue more than (days)",
        help="Orders of customers with receivables overdue longer than this cannot be "
        "confirmed without a credit manager's override. 0 = no such check.",
    )
    margin_low_percent = fields.Float(
        "Low margin below (%)",
        default=10.0,
        help="Orders confirmed below this margin get a diagnosis activity for the salesperson.",
    )

    _sql_constraints = [
        (
            "credit_overdue_days_positive",
            "CHECK(credit_overdue_days >= 0)",
            "The overdue tolerance cannot be negative.",
        ),
    ]
