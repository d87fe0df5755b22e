from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_block_enabled = fields.Boolean(related="company_id.credit_block_enabled", readonly=False)
    credit_overdue_days = fields.Integer(related="company_id.credit_overdue_days", readonly=False)
    credit_controller_id = fields.Many2one(
        related="company_id.credit_controller_id", readonly=False
    )
    margin_low_percent = fields.Float(related="company_id.margin_low_percent", readonly=False)
    receivable_reminder_days = fields.Integer(
        related="company_id.receivable_reminder_days", readonly=False
    )
    anomaly_period = fields.Selection(related="company_id.anomaly_period", readonly=False)
    anomaly_sensitivity = fields.Float(related="company_id.anomaly_sensitivity", readonly=False)
    anomaly_min_periods = fields.Integer(related="company_id.anomaly_min_periods", readonly=False)
