import functools
import logging

from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.misc import format_date
from odoo.tools.translate import LazyTranslate
from pytz import timezone, utc

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

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
# what a complaint's SLA policy gives it, in this order (logistics.complaint.sla._logistics_dates)
SLA_DATES = ("response_deadline", "sla_at_risk_date", "resolution_deadline", "sla_final_date")


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
                    "first_response_date",
                    "escalation_level",
                    "reopen_count",
                    "sla_policy_id",
                    "sla_start_date",
                    "response_deadline",
                    "response_late",
                    "sla_at_risk_date",
                    "resolution_deadline",
                    "sla_final_date",
                    "next_escalation_date",
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
            frozenset({"severity", "company_id", "partner_id"}),
            _lt("Reopen the complaint to change %(fields)s."),
            applies="_logistics_resolved",
        ),
        # ... and those who are measured by an open one's do not move it
        Gate(
            frozenset({"severity", "company_id", "partner_id"}),
            _lt(
                "Only a service manager changes %(fields)s of a filed complaint: its SLA "
                "deadlines move with them."
            ),
            groups="logistics_service.group_logistics_service_manager",
            applies="_logistics_existing",
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
    service_line_id = fields.Many2one(
        "logistics.service.line",
        "Service Line",
        compute="_compute_service_line_id",
        store=True,
        readonly=False,
        help="What the complaint is about (customs, trucking…): decides where it is routed.",
    )
    date = fields.Datetime("Filed on", default=fields.Datetime.now, required=True, readonly=True)
    # SLA: the policy's deadlines in the company's working time, from filing (or reopening)
    sla_start_date = fields.Datetime(
        "SLA Clock Started",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
        help="When the complaint was filed, or last reopened: its deadlines count from it.",
    )
    sla_policy_id = fields.Many2one(
        "logistics.complaint.sla",
        "SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        help="The most specific policy for the severity, the company and the customer's tier.",
    )
    response_deadline = fields.Datetime(
        "First Response by", compute="_compute_sla_dates", store=True
    )
    sla_at_risk_date = fields.Datetime("At Risk from", compute="_compute_sla_dates", store=True)
    resolution_deadline = fields.Datetime(
        "Resolve by", compute="_compute_sla_dates", store=True, index=True
    )
    sla_final_date = fields.Datetime(
        "Final Escalation on", compute="_compute_sla_dates", store=True
    )
    deadline = fields.Date(
        compute="_compute_sla_dates",
        store=True,
        index=True,
        help="The day the complaint must be resolved by, in the company's time zone.",
    )
    first_response_date = fields.Datetime("First Response on", readonly=True, copy=False)
    response_late = fields.Boolean(
        "First Response Late",
        compute="_compute_response_late",
        store=True,
        help="Started after its first-response deadline.",
    )
    sla_status = fields.Selection(
        [
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("breached", "Breached"),
            ("met", "Met"),
        ],
        "SLA Status",
        compute="_compute_sla_status",
        search="_search_sla_status",
        help="Open complaints: on track, at risk (most of the resolution time used) or "
        "breached (first response or resolution late). Resolved ones: met or breached.",
    )
    escalation_level = fields.Integer(
        readonly=True,
        copy=False,
        help="1: at risk, the department's manager was told; 2: breached, the service "
        "manager; 3: still breached, the customer's owner and the branch manager.",
    )
    next_escalation_date = fields.Datetime(
        compute="_compute_next_escalation_date", store=True, index=True
    )
    resolved_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)
    on_time = fields.Boolean(
        compute="_compute_on_time", store=True, help="Resolved by its SLA's deadline."
    )
    resolution_days = fields.Float(
        "Days to Resolve", compute="_compute_on_time", store=True, aggregator="avg"
    )
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

    @api.depends("order_id")
    def _compute_service_line_id(self):
        for complaint in self.filtered("order_id"):
            lines = complaint.order_id.order_line.product_id.service_line_id
            complaint.service_line_id = lines[:1] or complaint.service_line_id

    @api.depends("severity", "company_id", "partner_id")
    def _compute_sla_policy_id(self):
        # one lookup per (company, severity, tier): imports file many complaints at once
        policy = functools.cache(self.env["logistics.complaint.sla"].sudo()._logistics_policy)
        for complaint in self:
            company = complaint.company_id or self.env.company
            customer = complaint.partner_id.commercial_partner_id.sudo()
            tier = customer.with_company(company).customer_tier
            complaint.sla_policy_id = policy(company, complaint.severity, tier)

    @api.depends("first_response_date", "response_deadline")
    def _compute_response_late(self):
        for complaint in self:
            complaint.response_late = bool(
                complaint.first_response_date
                and complaint.response_deadline
                and complaint.first_response_date > complaint.response_deadline
            )

    @api.depends("sla_start_date", "sla_policy_id")
    def _compute_sla_dates(self):
        for complaint in self:
            policy = complaint.sla_policy_id.sudo()
            if not (complaint.sla_start_date and policy):
                complaint.update(dict.fromkeys((*SLA_DATES, "deadline"), False))
                continue
            calendar = (complaint.company_id or self.env.company).resource_calendar_id
            dates = policy._logistics_dates(complaint.sla_start_date, calendar)
            complaint.update(dict(zip(SLA_DATES, dates, strict=True)))
            # the day, where the company works (its calendar's time zone)
            tz = timezone(calendar.tz or "UTC")
            complaint.deadline = utc.localize(complaint.resolution_deadline).astimezone(tz).date()

    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.sla_status = complaint._logistics_sla_status(now)

    def _logistics_sla_status(self, now):
        self.ensure_one()
        if not self.resolution_deadline:
            return False
        if self.state in ("resolved", "closed"):
            return "met" if self.on_time and not self.response_late else "breached"
        if self._logistics_breach_date() < now:
            return "breached"
        return "at_risk" if self.sla_at_risk_date <= now else "on_track"

    def _logistics_breach_date(self):
        """When this complaint with an SLA breaches it: its resolution deadline, or its
        first-response deadline while unanswered or if answered late."""
        self.ensure_one()
        if not self.first_response_date or self.response_late:
            return min(self.resolution_deadline, self.response_deadline)
        return self.resolution_deadline

    def _search_sla_status(self, operator, value):
        statuses = [value] if not isinstance(value, list | tuple) else value
        if operator not in ("=", "!=", "in", "not in") or not all(
            status is False or isinstance(status, str) for status in statuses
        ):
            raise UserError(self.env._("Unsupported search on SLA Status."))
        now = fields.Datetime.now()
        with_sla = [("resolution_deadline", "!=", False)]
        done = [("state", "in", ("resolved", "closed")), *with_sla]
        open_ = [("state", "not in", ("resolved", "closed")), *with_sla]
        late = expression.OR(
            [
                [("response_late", "=", True)],
                [("resolution_deadline", "<", now)],
                [("first_response_date", "=", False), ("response_deadline", "<", now)],
            ]
        )
        in_time = ["!", *late]
        domains = {
            False: [("resolution_deadline", "=", False)],
            "met": expression.AND([done, [("on_time", "=", True), ("response_late", "=", False)]]),
            "breached": expression.OR(
                [
                    expression.AND(
                        [done, ["|", ("on_time", "=", False), ("response_late", "=", True)]]
                    ),
                    expression.AND([open_, late]),
                ]
            ),
            "at_risk": expression.AND([open_, in_time, [("sla_at_risk_date", "<=", now)]]),
            "on_track": expression.AND([open_, in_time, [("sla_at_risk_date", ">", now)]]),
        }
        domain = (
            expression.OR([domains[status] for status in statuses if status in domains])
            or expression.FALSE_DOMAIN
        )
        return domain if operator in ("=", "in") else ["!", *domain]

    @api.depends(
        "state",
        "escalation_level",
        "first_response_date",
        "response_late",
        "response_deadline",
        "sla_at_risk_date",
        "resolution_deadline",
        "sla_final_date",
    )
    def _compute_next_escalation_date(self):
        for complaint in self:
            complaint.next_escalation_date = complaint._logistics_escalation_dates().get(
                complaint.escalation_level + 1, False
            )

    def _logistics_escalation_dates(self):
        """When each escalation level is due, {level: date}: at risk, breached (first
        response or resolution late), still breached after the policy's final delay.
        None once resolved."""
        self.ensure_one()
        if self.state in ("resolved", "closed") or not self.resolution_deadline:
            return {}
        breach = self._logistics_breach_date()
        return {
            1: min(self.sla_at_risk_date, breach),
            2: breach,
            3: max(self.sla_final_date, breach),
        }

    @api.depends("resolved_date", "resolution_deadline", "date")
    def _compute_on_time(self):
        for complaint in self:
            resolved = complaint.resolved_date
            complaint.on_time = bool(resolved) and (
                not complaint.resolution_deadline or resolved <= complaint.resolution_deadline
            )
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
        routed = complaints.filtered(lambda c: not c.department_id)._logistics_route()
        (complaints.filtered("handler_id") - routed)._logistics_assign()
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
        self._logistics_answered(fields.Datetime.now())
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
        now = fields.Datetime.now()
        self._logistics_answered(now)
        with self._logistics_open_gates():
            self.write({"state": "resolved", "resolved_date": now})
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
            # the reopened complaint gets its SLA again from now, and its escalation
            # starts over (the first resolution stays in the chatter and the KPI history)
            with complaint._logistics_open_gates():
                complaint.write(
                    {
                        "state": "in_progress",
                        "resolved_date": False,
                        "closed_date": False,
                        "reopen_count": complaint.reopen_count + 1,
                        "sla_start_date": fields.Datetime.now(),
                        "escalation_level": 0,
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

    def _logistics_answered(self, when):
        """Starting on a complaint, or resolving it, is the first response to the
        customer: recorded once."""
        unanswered = self.filtered(lambda c: not c.first_response_date)
        with unanswered._logistics_open_gates():
            unanswered.write({"first_response_date": when})

    def _logistics_route(self):
        """Route complaints that came in without a department by the first matching
        rule: its department, and a handler chosen as the rule says (unless one was
        given); without a handler, the department's manager is asked to assign one.
        Returns the complaints given a handler (who were told)."""
        Route = self.env["logistics.complaint.route"].sudo()
        assigned = self.browse()
        for complaint in self:
            route = Route._logistics_route(complaint)
            if not route:
                continue
            handler = complaint.handler_id or route._logistics_pick_handler(complaint)
            vals = {"department_id": route.department_id.id}
            if handler != complaint.handler_id:
                vals["handler_id"] = handler.id
                assigned |= complaint
            complaint.write(vals)
            complaint.message_post(
                body=self.env._(
                    "Routed to %(department)s, handler %(handler)s (rule %(rule)s).",
                    department=route.department_id.name,
                    handler=handler.name or self.env._("to be assigned"),
                    rule=route.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
            manager = route.department_id.manager_id
            if not handler and manager:
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=self.env._("Assign a handler to complaint %s", complaint.name),
                )
        return assigned

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
    def _cron_escalate(self, batch_size=200):
        """Escalate the open complaints whose next escalation level is due, a bounded
        batch per call: each level once, in order, logged in the complaint's chatter
        (see ``_logistics_escalate_level``)."""
        now = fields.Datetime.now()
        domain = [
            ("state", "not in", ("resolved", "closed")),
            ("next_escalation_date", "<=", now),
        ]
        Cron = self.env["ir.cron"]

        def escalate_batch():
            batch = Cron._logistics_lock_batch(self, domain, batch_size, "next_escalation_date, id")
            for complaint in batch:
                complaint._logistics_escalate_due(now)
            return batch

        batch = Cron._logistics_run_batch(escalate_batch)
        return Cron._logistics_report_batch(self, domain, len(batch), batch_size)

    def _logistics_escalate_due(self, now):
        """Take every escalation level of this complaint that is due at ``now``."""
        self.ensure_one()
        due = [
            level
            for level, date in self._logistics_escalation_dates().items()
            if level > self.escalation_level and date <= now
        ]
        for level in due:
            self._logistics_escalate_level(level)
        if due:
            with self._logistics_open_gates():
                self.escalation_level = max(due)

    def _logistics_escalation_targets(self, level):
        """Who escalation ``level`` tells, and what is missing to tell them (a role
        nobody holds): at risk, the department's manager (the handler's manager);
        breached, the company's complaint manager; still breached, the customer's owner
        in the company and the company's branch manager."""
        self.ensure_one()
        company = self.company_id
        if level == 1:
            roles = [(self.department_id.manager_id, self.env._("the department's manager"))]
        elif level == 2:
            roles = [(company.complaint_manager_id, self.env._("the complaint manager"))]
        else:
            customer = self.partner_id.commercial_partner_id.sudo().with_company(company)
            roles = [
                (customer.pool_user_id, self.env._("the customer's owner")),
                (company.logistics_branch_manager_id, self.env._("the branch manager")),
            ]
        users = self.env["res.users"].union(*(user for user, _role in roles))
        return users, [role for user, role in roles if not user]

    def _logistics_escalate_level(self, level):
        """Escalation ``level`` of this complaint: an activity for each person it tells,
        a note in the chatter saying who was told, or who should have been."""
        self.ensure_one()
        what = {
            1: self.env._("at risk"),
            2: self.env._("SLA breached"),
            3: self.env._("still breached"),
        }[level]
        users, missing = self._logistics_escalation_targets(level)
        for user in users:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._(
                    "Complaint %(name)s %(what)s: see that it is resolved",
                    name=self.name,
                    what=what,
                ),
            )
        body = self.env._(
            "Escalation level %(level)s (%(what)s): %(users)s told.",
            level=level,
            what=what,
            users=", ".join(users.mapped("name")) or self.env._("nobody"),
        )
        if missing:
            body += " " + self.env._(
                "Nobody is %(roles)s in %(company)s: set them in the department or the "
                "settings.",
                roles=", ".join(missing),
                company=self.company_id.name,
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------ MAIL

    @api.model
    def _logistics_ensure_alias(self):
        """(On install) the alias ``complaints`` of the default alias domain, for known
        senders, unless that name is taken already (then name one in the settings)."""
        Alias = self.env["mail.alias"].sudo()
        model = self.env["ir.model"]._get(self._name)
        if Alias.search_count([("alias_model_id", "=", model.id)]):
            return
        domain = self.env.company.alias_domain_id
        if Alias.search_count(
            [("alias_name", "=", "complaints"), ("alias_domain_id", "=", domain.id)]
        ):
            _logger.info("Alias complaints taken: complaints get no e-mail alias")
            return
        Alias.create(
            {
                "alias_name": "complaints",
                "alias_domain_id": domain.id,
                "alias_model_id": model.id,
                "alias_contact": "partners",
            }
        )

    @api.model
    @api.private
    def message_new(self, msg_dict, custom_values=None):
        """A complaint e-mailed to the complaints alias: filed for the sender's customer
        in the company of the group that serves it, then routed like any other."""
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or []).exists()
        customer = author.commercial_partner_id
        if not customer or author.user_ids.filtered(lambda user: not user.share):
            # (the alias takes known contacts only; an employee files in the back office)
            raise UserError(
                self.env._("A complaint by e-mail comes from a contact of the customer.")
            )
        values = {
            "subject": (msg_dict.get("subject") or "").strip()[:200]
            or self.env._("Complaint from %s", author.name or msg_dict.get("email_from")),
            "description": msg_dict.get("body"),
            "partner_id": customer.id,
            "contact_id": author.id if author != customer else False,
            "company_id": customer._logistics_home_company().id,
            "category": "other",
        }
        return super().message_new(msg_dict, custom_values={**values, **(custom_values or {})})

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res
