from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Working days to resolve a complaint, per severity
    complaint_days_critical = fields.Integer("Critical complaints (working days)", default=1)
    complaint_days_high = fields.Integer("High complaints (working days)", default=2)
    complaint_days_medium = fields.Integer("Medium complaints (working days)", default=5)
    complaint_days_low = fields.Integer("Low complaints (working days)", default=10)
    complaint_dissatisfied_action = fields.Selection(
        [("reopen", "Reopen the complaint"), ("escalate", "Escalate to the service manager")],
        "When the Customer is Dissatisfied",
        default="reopen",
        required=True,
        help="A return visit rating the resolution Dissatisfied or worse reopens the "
        "complaint for its handler, or escalates it to the department's manager, who "
        "decides; either way it cannot be closed on that visit.",
    )
    complaint_survey_id = fields.Many2one(
        "survey.survey",
        "Satisfaction Survey after Complaints",
        default=lambda self: self.env.ref(
            "logistics_service.survey_complaint_satisfaction", raise_if_not_found=False
        ),
        help="Sent to the customer when a complaint is closed.",
    )

    _sql_constraints = [
        (
            "complaint_days_positive",
            "CHECK(complaint_days_critical > 0 AND complaint_days_high > 0 "
            "AND complaint_days_medium > 0 AND complaint_days_low > 0)",
            "Complaint deadlines are at least one working day.",
        ),
    ]

    @api.model
    def _logistics_default_complaint_survey(self):
        """(On install) the shipped complaint survey for the companies that have none."""
        survey = self.env.ref("logistics_service.survey_complaint_satisfaction")
        self.sudo().search([("complaint_survey_id", "=", False)]).complaint_survey_id = survey
