from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_ids = fields.One2many("logistics.complaint", "partner_id", "Complaints")
    complaint_count = fields.Integer(compute="_compute_complaint_count")
    return_visit_ids = fields.One2many("logistics.return.visit", "partner_id", "Return Visits")
    logistics_survey_input_ids = fields.One2many(
        "survey.user_input", "logistics_customer_id", "Survey Answers"
    )
    satisfaction_score = fields.Float(
        "Satisfaction (%)",
        compute="_compute_satisfaction_score",
        store=True,
        aggregator="avg",
        help="Average of return-visit satisfaction and completed satisfaction surveys, 0–100.",
    )
    logistics_last_visit_plan_date = fields.Date("Last Planned Return Visit", copy=False)

    def _compute_complaint_count(self):
        counts = dict(
            self.env["logistics.complaint"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.complaint_count = counts.get(partner.commercial_partner_id, 0)

    @api.depends(
        "return_visit_ids.score",
        "logistics_survey_input_ids.state",
        "logistics_survey_input_ids.scoring_percentage",
    )
    def _compute_satisfaction_score(self):
        for partner in self:
            scores = partner.return_visit_ids.mapped("score") + [
                answer.scoring_percentage
                for answer in partner.logistics_survey_input_ids
                if answer.state == "done" and answer.scoring_type != "no_scoring"
            ]
            partner.satisfaction_score = sum(scores) / len(scores) if scores else 0.0

    def action_view_complaints(self):
        self._logistics_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_service.logistics_complaint_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _logistics_send_survey(self, survey):
        """Invite the customer (its e-mail, or its first contact's) to ``survey``."""
        self.ensure_one()
        recipient = self if self.email else self.child_ids.filtered("email")[:1]
        if not recipient:
            return self.env["survey.user_input"]
        invite = (
            self.env["survey.invite"]
            .sudo()
            .create(
                {
                    "survey_id": survey.id,
                    "partner_ids": [(6, 0, recipient.ids)],
                    "template_id": self.env.ref("survey.mail_template_user_input_invite").id,
                }
            )
        )
        answers = invite._prepare_answers(recipient, [])
        for answer in answers:
            invite._send_mail(answer)
        return answers
