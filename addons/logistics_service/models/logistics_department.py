from odoo import fields, models


class LogisticsDepartment(models.Model):
    """A department responsible for complaints (operations, customs, warehouse…)."""

    _name = "logistics.department"
    _description = "Service Department"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    manager_id = fields.Many2one(
        "res.users",
        "Manager",
        domain=[("share", "=", False)],
        help="The handlers' manager: told when a complaint of the department is at risk.",
    )
    member_ids = fields.Many2many(
        "res.users",
        string="Handlers",
        domain=[("share", "=", False)],
        help="Whom complaint routing chooses the handler from.",
    )
    service_line_ids = fields.Many2many(
        "logistics.service.line",
        "logistics_department_service_line_rel",
        "department_id",
        "service_line_id",
        string="Service Lines",
        help="The orders of these service lines count for the department's complaint rate "
        "(complaints per 100 orders).",
    )
