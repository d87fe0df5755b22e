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
        help="Gets an activity when a complaint of the department is overdue.",
    )
    member_ids = fields.Many2many("res.users", string="Handlers", domain=[("share", "=", False)])
