from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_customer_account import CUSTOMER_TIERS
from odoo.exceptions import ValidationError

from .logistics_complaint import SEVERITIES


class LogisticsComplaintSla(models.Model):
    """A service level agreement for complaints: how soon, in the company's working time,
    a complaint of a severity (and optionally of a customer tier) is answered and
    resolved, when it counts as at risk, and when its breach goes to the top.

    The policy of a complaint is the most specific one: of its company before the
    group's (no company), of the customer's tier before any tier, then by sequence."""

    _name = "logistics.complaint.sla"
    _description = "Complaint SLA Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the policy of every company of the group."
    )
    severity = fields.Selection(SEVERITIES, required=True)
    customer_tier = fields.Selection(
        CUSTOMER_TIERS, help="Empty: customers of any tier (a tier's own policy comes first)."
    )
    response_hours = fields.Float(
        "First Response (working hours)",
        required=True,
        default=4.0,
        help="The handler starts on the complaint (Start) within this working time.",
    )
    resolution_hours = fields.Float("Resolution (working hours)", required=True, default=40.0)
    at_risk_percent = fields.Float(
        "At Risk after (%)",
        required=True,
        default=75.0,
        help="Share of the resolution time after which an open complaint is at risk: its "
        "department's manager is told (escalation level 1).",
    )
    final_escalation_hours = fields.Float(
        "Final Escalation after Breach (working hours)",
        required=True,
        default=8.0,
        help="Working time a complaint stays breached before the customer's owner and "
        "the branch manager are told (escalation level 3).",
    )

    _sql_constraints = [
        (
            "hours_positive",
            "CHECK(response_hours > 0 AND resolution_hours > 0 AND final_escalation_hours >= 0)",
            "Response and resolution targets are positive working times.",
        ),
        (
            "at_risk_percent_range",
            "CHECK(at_risk_percent > 0 AND at_risk_percent < 100)",
            "A complaint is at risk after a share of its resolution time between 0 and 100%.",
        ),
    ]

    @api.constrains("response_hours", "resolution_hours")
    def _check_response_before_resolution(self):
        for policy in self:
            if policy.response_hours > policy.resolution_hours:
                raise ValidationError(
                    self.env._(
                        "%(policy)s: the first response cannot come after the resolution.",
                        policy=policy.name,
                    )
                )

    # ------------------------------------------------------------ BUSINESS

    @api.model
    def _logistics_policy(self, company, severity, tier):
        """The policy for a complaint of ``severity`` in ``company`` on a customer of
        ``tier`` (may be empty): the most specific active one, or none."""
        policies = self.search(
            [
                ("severity", "=", severity),
                ("company_id", "in", [company.id, False]),
                ("customer_tier", "in", [tier or False, False]),
            ]
        )
        return policies.sorted(lambda p: (not p.company_id, not p.customer_tier, p.sequence, p.id))[
            :1
        ]

    def _logistics_plan(self, start, hours, calendar):
        """``start`` (naive UTC) plus ``hours`` of ``calendar``'s working time (in its
        time zone, public holidays excluded); plain hours without a calendar."""
        if not calendar:
            return start + timedelta(hours=hours)
        # naive UTC in, naive UTC out: the calendar works in its own time zone
        return calendar.plan_hours(hours, start, compute_leaves=True) or start + timedelta(
            hours=hours
        )

    def _logistics_dates(self, start, calendar):
        """This policy's (response, at risk, resolution, final escalation) deadlines
        for a complaint filed at ``start``."""
        self.ensure_one()
        resolution_hours = self.resolution_hours
        return (
            self._logistics_plan(start, self.response_hours, calendar),
            self._logistics_plan(start, resolution_hours * self.at_risk_percent / 100, calendar),
            self._logistics_plan(start, resolution_hours, calendar),
            self._logistics_plan(start, resolution_hours + self.final_escalation_hours, calendar),
        )
