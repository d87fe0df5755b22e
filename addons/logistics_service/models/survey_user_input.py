from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    logistics_complaint_id = fields.Many2one(
        "logistics.complaint", "Complaint", index=True, ondelete="set null"
    )
    logistics_customer_id = fields.Many2one(
        "res.partner",
        "Customer",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
