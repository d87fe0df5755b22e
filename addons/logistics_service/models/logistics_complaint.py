from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date
from odoo.tools.translate import LazyTranslate
from pytz import timezone, utc

_lt = LazyTranslate(__name__)

SEVERITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("critical", "Critical")]
CATEGORIES = [
    ("delay", "Delay"),
    ("damage", "Damage"),
    ("loss", "Loss"),
    ("billing", "Billing"),
    ("attitude", "Service Attitude"),
    ("documents", "Documents / Customs"),
    ("other", "Other"),
]
STATES = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
]


class LogisticsComplaint(models.Model):
    """A customer complaint (客诉), from filing to the return visit that closes it."""

    _name = "logistics.complaint"
    _description = "Customer Complaint"
    _inherit = ["logistics.gated.mixin", "portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # the workflow and its dates (which make the on-time KPI) move through the actions only
    _logistics_gates = (
        Gate(
            frozenset(
                {
                    "name",
                    "state",
                    "date",
                    "resolved_date",
                    "closed_date",
                    "escalated",
                    "reopen_count",
                    "deadline",
                    "on_time",
                    "resolution_days",
                }
            ),
            _lt(
                "%(fields)s of a complaint change through its actions (Start, Resolve, "
                "Close, Reopen) only."
            ),
        ),
        # what a resolved complaint is measured by (its deadline) stays as it was
        Gate(
            frozenset({"severity", "company_id"}),
            _lt("Reopen the complaint to change %(fields)s."),
            applies="_logistics_resolved",
        ),
    )

    name = fields.Char("Reference", readonly=True, copy=False, default="/")
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("parent_id", "=", False)],
    )
    contact_id = fields.Many2one(
        "res.partner", "Contact", domain="[('parent_id', '=', partner_id)]"
    )
    order_id = fields.Many2one(
        "sale.order", "Order", check_company=True, domain="[('partner_id', 'child_of', partner_id)]"
    )
    shipment_ref = fields.Char("Shipment Reference", help="B/L, waybill, declaration number…")
    category = fields.Selection(CATEGORIES, required=True, default="delay", tracking=True)
    severity = fields.Selection(SEVERITIES, required=True, default="medium", tracking=True)
    department_id = fields.Many2one(
        "logistics.department", "Responsible Department", tracking=True, check_company=True
    )
    handler_id = fields.Many2one(
        "res.users", "Handler", tracking=True, index=True, domain=[("share", "=", False)]
    )
    supplier_id = fields.Many2one(
        "res.partner",
        "Responsible Supplier",
        groups="base.group_user",
        help="Carrier, warehouse or broker the complaint is attributed to.",
    )
    state = fields.Selection(
        STATES,
        default="new",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    date = fields.Datetime("Filed on", default=fields.Datetime.now, required=True, readonly=True)
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        index=True,
        help="Filing date plus the working days allowed for its severity.",
    )
    resolved_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    on_time = fields.Boolean(
        compute="_compute_on_time", store=True, help="Resolved on or before its deadline."
    )
    resolution_days = fields.Float(
        "Days to Resolve", compute="_compute_on_time", store=True, aggregator="avg"
    )
    escalated = fields.Boolean(readonly=True, copy=False)
    root_cause = fields.Text(groups="base.group_user")
    corrective_action = fields.Text(groups="base.group_user")
    resolution = fields.Text()
    reopen_count = fields.Integer(readonly=True, copy=False)
    return_visit_ids = fields.One2many("logistics.return.visit", "complaint_id", "Return Visits")
    survey_input_ids = fields.One2many(
        "survey.user_input",
        "logistics_complaint_id",
        "Satisfaction Answers",
        groups="survey.group_survey_user",  # who may read survey answers
    )

    def _logistics_resolved(self):
        return self.filtered(lambda c: c.state in ("resolved", "closed"))

    @api.constrains("subject")
    def _check_subject(self):
        if any(not (complaint.subject or "").strip() for complaint in self):
            raise ValidationError(self.env._("Say in a few words what the complaint is about."))

    # ------------------------------------------------------------ COMPUTES

    @api.depends("date", "severity", "company_id")
    def _compute_deadline(self):
        for complaint in self:
            if not complaint.date:
                complaint.deadline = False
                continue
            company = complaint.company_id or self.env.company
            days = company[f"complaint_days_{complaint.severity}"] or 1
            calendar = company.resource_calendar_id
            if not calendar:
                complaint.deadline = (complaint.date + timedelta(days=days)).date()
                continue
            # N working days counted from the day after filing, in the calendar's time
            # zone: filed Monday morning in Beijing is still Sunday in UTC
            tz = timezone(calendar.tz or company.partner_id.tz or "UTC")
            filed = utc.localize(complaint.date).astimezone(tz).date()
            start = tz.localize(datetime.combine(filed + timedelta(days=1), time.min))
            end = calendar.plan_days(days, start, compute_leaves=True)
            complaint.deadline = end.astimezone(tz).date() if end else filed + timedelta(days=days)

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for complaint in self:
            complaint.is_overdue = (
                complaint.state not in ("resolved", "closed")
                and bool(complaint.deadline)
                and complaint.deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Overdue."))
        domain = [
            ("state", "not in", ("resolved", "closed")),
            ("deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("resolved_date", "deadline", "date")
    def _compute_on_time(self):
        for complaint in self:
            resolved = complaint.resolved_date
            complaint.on_time = bool(resolved) and resolved.date() <= complaint.deadline
            complaint.resolution_days = (
                (resolved - complaint.date).total_seconds() / 86400.0 if resolved else 0.0
            )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        # whoever files a complaint on a customer must be able to see that customer
        self.env["res.partner"]._logistics_check_readable(vals_list)
        complaints = super().create(vals_list)
        sequence = self.env["ir.sequence"].sudo()
        for complaint in complaints:
            with complaint._logistics_open_gates():
                complaint.name = sequence.next_by_code("logistics.complaint") or "/"
        complaints.filtered("handler_id")._logistics_assign()
        complaints._logistics_tell_customer("logistics_service.mail_template_complaint_received")
        return complaints

    def write(self, vals):
        self.env["res.partner"]._logistics_check_readable([vals])
        res = super().write(vals)
        if vals.get("handler_id"):
            self._logistics_assign()
        return res

    # ------------------------------------------------------------ ACTIONS

    def action_start(self):
        for complaint in self:
            if complaint.state not in ("new", "assigned"):
                raise UserError(
                    self.env._("Complaint %s is already being handled.", complaint.name)
                )
            if not complaint.handler_id:
                complaint.handler_id = self.env.user
        with self._logistics_open_gates():
            self.write({"state": "in_progress"})
        return True

    def action_resolve(self):
        for complaint in self:
            if complaint.state not in ("assigned", "in_progress"):
                raise UserError(
                    self.env._("Complaint %s cannot be resolved from its state.", complaint.name)
                )
            if not (complaint.root_cause and complaint.corrective_action):
                raise ValidationError(
                    self.env._(
                        "Record the root cause and the corrective action of %s before resolving it.",
                        complaint.name,
                    )
                )
        with self._logistics_open_gates():
            self.write({"state": "resolved", "resolved_date": fields.Datetime.now()})
        self._logistics_tell_customer("logistics_service.mail_template_complaint_resolved")
        return True

    def action_close(self):
        """Close after the return visit (回访); the customer receives the satisfaction
        survey of the company."""
        for complaint in self:
            if complaint.state != "resolved":
                raise UserError(
                    self.env._("Only resolved complaints can be closed (%s).", complaint.name)
                )
            if not complaint.return_visit_ids:
                raise ValidationError(
                    self.env._(
                        "Record the return visit to the customer before closing %s.", complaint.name
                    )
                )
            last_visit = max(complaint.return_visit_ids, key=lambda v: (v.date, v.id))
            if last_visit._logistics_dissatisfied():
                raise ValidationError(
                    self.env._(
                        "The customer is dissatisfied with the resolution of %s: reopen it, "
                        "or record a new return visit once the customer is satisfied.",
                        complaint.name,
                    )
                )
        with self._logistics_open_gates():
            self.write({"state": "closed", "closed_date": fields.Datetime.now()})
        self._logistics_tell_customer("logistics_service.mail_template_complaint_closed")
        for complaint in self:
            complaint._logistics_send_satisfaction_survey()
        return True

    def action_reopen(self):
        for complaint in self:
            if complaint.state not in ("resolved", "closed"):
                raise UserError(self.env._("Only resolved or closed complaints can be reopened."))
            with complaint._logistics_open_gates():
                complaint.write(
                    {
                        "state": "in_progress",
                        "resolved_date": False,
                        "closed_date": False,
                        "escalated": False,
                        "reopen_count": complaint.reopen_count + 1,
                    }
                )
        return True

    def action_add_return_visit(self):
        self._logistics_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Visit"),
            "res_model": "logistics.return.visit",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_complaint_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_contact_id": self.contact_id.id,
            },
        }

    # ------------------------------------------------------------ BUSINESS

    def _logistics_assign(self):
        """A handler was given: new complaints become assigned, the handler is told."""
        new = self.filtered(lambda c: c.state == "new")
        with new._logistics_open_gates():
            new.write({"state": "assigned"})
        for complaint in self:
            complaint._logistics_notify_handler()

    def _logistics_tell_customer(self, template_xmlid):
        """E-mail each complaint's customer (its contact, else the customer) where the
        complaint stands, with the template ``template_xmlid``: archive the template and
        nobody is told."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template or not template.active:
            return
        self.filtered(lambda c: c._logistics_customer_recipient().email).message_post_with_source(
            template,
            email_layout_xmlid="mail.mail_notification_light",
            subtype_xmlid="mail.mt_comment",
        )

    def _logistics_customer_recipient(self):
        """Whom the customer is told through: the complaint's contact if it has an
        e-mail, else the customer (the status e-mails' templates say the same)."""
        self.ensure_one()
        return self.contact_id if self.contact_id.email else self.partner_id

    def _logistics_notify_handler(self):
        self.ensure_one()
        if self.handler_id and self.handler_id != self.env.user:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.handler_id.id,
                date_deadline=self.deadline,
                summary=self.env._("Handle complaint %s", self.name),
            )

    def _logistics_send_satisfaction_survey(self):
        self.ensure_one()
        survey = self.company_id.complaint_survey_id
        if not survey:
            return self.env["survey.user_input"]
        answers = self._logistics_customer_recipient()._logistics_send_survey(survey)
        answers.write({"logistics_complaint_id": self.id})
        if answers:
            self.message_post(
                body=self.env._(
                    "Satisfaction survey %(survey)s sent to %(who)s.",
                    survey=survey.title,
                    who=answers.partner_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return answers

    def _logistics_escalate(self, summary):
        """A to-do (``summary``) for whom the complaint escalates to: its department's
        manager, else its handler. Returns that user (none: nobody to escalate to)."""
        self.ensure_one()
        manager = self.department_id.manager_id or self.handler_id
        if manager:
            self.activity_schedule(
                "mail.mail_activity_data_todo", user_id=manager.id, summary=summary
            )
        return manager

    def _logistics_customer_dissatisfied(self, visit):
        """The return ``visit`` rated the resolution of this complaint Dissatisfied or
        worse: as the company says, the complaint reopens for its handler, or goes to the
        manager, who decides (it cannot be closed on that visit either way)."""
        self.ensure_one()
        if self.state not in ("resolved", "closed"):
            return
        said = self.env._(
            "The customer is dissatisfied (%(satisfaction)s, return visit of %(date)s by "
            "%(user)s).",
            satisfaction=dict(visit._fields["satisfaction"]._description_selection(self.env))[
                visit.satisfaction
            ],
            date=format_date(self.env, visit.date),
            user=visit.user_id.name,
        )
        if self.company_id.complaint_dissatisfied_action == "reopen":
            self.action_reopen()
            self.message_post(
                body=self.env._("%(said)s Complaint reopened.", said=said),
                subtype_xmlid="mail.mt_note",
            )
            self._logistics_notify_handler()
            return
        manager = self._logistics_escalate(
            self.env._(
                "Dissatisfied customer: decide on complaint %s (reopen it, or call again)",
                self.name,
            )
        )
        self.message_post(
            body=self.env._("%(said)s Escalated to %(manager)s.", said=said, manager=manager.name)
            if manager
            else said,
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _cron_escalate_overdue(self, batch_size=500):
        """One activity to the department manager (or the handler's) per overdue complaint."""
        domain = [("is_overdue", "=", True), ("escalated", "=", False)]
        complaints = self.search(domain, limit=batch_size)
        for complaint in complaints:
            complaint._logistics_escalate(
                self.env._(
                    "Overdue complaint %(name)s (deadline %(deadline)s)",
                    name=complaint.name,
                    deadline=complaint.deadline,
                )
            )
        complaints.write({"escalated": True})
        return self.env["ir.cron"]._logistics_report_batch(
            self, domain, len(complaints), batch_size
        )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res
