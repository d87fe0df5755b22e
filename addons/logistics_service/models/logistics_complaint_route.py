from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .logistics_complaint import CATEGORIES


class LogisticsComplaintRoute(models.Model):
    """Where a complaint goes when it comes in without a department: the first rule (by
    sequence) whose company, category and service line match names the responsible
    department, and how a handler of that department is chosen."""

    _name = "logistics.complaint.route"
    _description = "Complaint Routing Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: complaints of every company of the group."
    )
    category = fields.Selection(CATEGORIES, help="Empty: any category.")
    service_line_id = fields.Many2one(
        "logistics.service.line", "Service Line", help="Empty: any service line."
    )
    # a rule of the whole group may name a department of the group (no company) or of
    # one company: it then routes only that company's complaints
    department_id = fields.Many2one(
        "logistics.department",
        "Department",
        required=True,
        domain="[('company_id', 'in', [company_id, False])] if company_id else []",
    )
    assign_method = fields.Selection(
        [
            ("none", "Department only"),
            ("round_robin", "Round robin"),
            ("least_loaded", "Least loaded"),
        ],
        "Handler",
        required=True,
        default="round_robin",
        help="How a handler is chosen among the department's handlers: in turn, or the "
        "one with the fewest open complaints. Department only: its manager assigns it.",
    )

    @api.constrains("company_id", "department_id")
    def _check_department_company(self):
        for route in self:
            department_company = route.department_id.company_id
            if route.company_id and department_company not in (route.company_id, False):
                raise ValidationError(
                    self.env._(
                        "A rule of %(company)s routes to a department of %(company)s or of "
                        "the whole group, not to %(department)s.",
                        company=route.company_id.name,
                        department=route.department_id.display_name,
                    )
                )

    @api.depends("department_id", "category", "service_line_id")
    def _compute_display_name(self):
        categories = dict(self._fields["category"]._description_selection(self.env))
        for route in self:
            route.display_name = " / ".join(
                name
                for name in (
                    categories.get(route.category),
                    route.service_line_id.name,
                    route.department_id.name,
                )
                if name
            )

    # ------------------------------------------------------------ BUSINESS

    @api.model
    def _logistics_route(self, complaint):
        """The first rule matching ``complaint`` (its company, category, service line)
        whose department may take it (of the group, or of the complaint's company)."""
        return self.search(
            [
                ("company_id", "in", [complaint.company_id.id, False]),
                ("department_id.company_id", "in", [complaint.company_id.id, False]),
                ("category", "in", [complaint.category, False]),
                ("service_line_id", "in", [complaint.service_line_id.id, False]),
            ],
            limit=1,
        )

    def _logistics_pick_handler(self, complaint):
        """A handler of the rule's department for ``complaint``: one of its handlers
        allowed in the complaint's company, in turn after the last one routed a
        complaint of the department, or the one with the fewest open complaints."""
        self.ensure_one()
        members = self.department_id.member_ids.filtered(
            lambda user: user.active and complaint.company_id in user.company_ids
        ).sorted("id")
        if self.assign_method == "none" or not members:
            return self.env["res.users"]
        # who handles which complaints is a technical read: the rule must see the whole
        # department's load, whoever files the complaint (a portal customer)
        Complaint = self.env["logistics.complaint"].sudo()
        if self.assign_method == "least_loaded":
            load = dict(
                Complaint._read_group(
                    [
                        ("handler_id", "in", members.ids),
                        ("state", "not in", ("resolved", "closed")),
                        ("id", "!=", complaint.id),
                    ],
                    ["handler_id"],
                    ["__count"],
                )
            )
            return min(members, key=lambda user: (load.get(user, 0), user.id))
        last = Complaint.search(
            [
                ("department_id", "=", self.department_id.id),
                ("handler_id", "in", members.ids),
                ("id", "!=", complaint.id),
            ],
            order="id desc",
            limit=1,
        ).handler_id
        after = members.filtered(lambda user: user.id > last.id)
        return (after or members)[:1]
