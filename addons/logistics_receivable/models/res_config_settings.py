from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_block_enabled = fields.Boolean(related="company_id.credit_block_enabled", readonly=False)
    credit_overdue_days = fields.Integer(related="company_id.credit_overdue_days", readonly=False)
    margin_low_percent = fields.Float(related="company_id.margin_low_percent", readonly=False)
