from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # Escalation: who a complaint goes to at levels 2 and 3 (level 1: its department's manager)
    complaint_manager_id = fields.Many2one(
        "res.users",
        "Complaint Manager",
        domain=[("share", "=", False)],
        help="Told of each complaint that breaches its SLA (escalation level 2).",
    )
    logistics_branch_manager_id = fields.Many2one(
        "res.users",
        "Branch Manager",
        domain=[("share", "=", False)],
        help="Told, with the customer's owner, of each complaint still breached after its "
        "SLA's final delay (escalation level 3).",
    )
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

    @api.constrains("complaint_manager_id", "logistics_branch_manager_id")
    def _check_complaint_managers(self):
        for company in self:
            for user in company.complaint_manager_id | company.logistics_branch_manager_id:
                if company not in user.company_ids:
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot work in %(company)s: complaints escalated to "
                            "them there would be out of their reach.",
                            user=user.name,
                            company=company.name,
                        )
                    )

    @api.model
    def _logistics_default_complaint_survey(self):
        """(On install) the shipped complaint survey for the companies that have none."""
        survey = self.env.ref("logistics_service.survey_complaint_satisfaction")
        self.sudo().search([("complaint_survey_id", "=", False)]).complaint_survey_id = survey
