from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_manager_id = fields.Many2one(
        related="company_id.complaint_manager_id", readonly=False
    )
    logistics_branch_manager_id = fields.Many2one(
        related="company_id.logistics_branch_manager_id", readonly=False
    )
    complaint_dissatisfied_action = fields.Selection(
        related="company_id.complaint_dissatisfied_action", readonly=False
    )
    complaint_survey_id = fields.Many2one(related="company_id.complaint_survey_id", readonly=False)
