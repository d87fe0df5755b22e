from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_days_critical = fields.Integer(
        related="company_id.complaint_days_critical", readonly=False
    )
    complaint_days_high = fields.Integer(related="company_id.complaint_days_high", readonly=False)
    complaint_days_medium = fields.Integer(
        related="company_id.complaint_days_medium", readonly=False
    )
    complaint_days_low = fields.Integer(related="company_id.complaint_days_low", readonly=False)
    complaint_dissatisfied_action = fields.Selection(
        related="company_id.complaint_dissatisfied_action", readonly=False
    )
    complaint_survey_id = fields.Many2one(related="company_id.complaint_survey_id", readonly=False)
