from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LogisticsDunningLevel(models.Model):
    """A stage of the escalation of overdue invoices, by days overdue.

    A level applies from its number of days overdue until the next level's. The daily
    cron applies to each overdue invoice the highest level it has reached, once.
    """

    _name = "logistics.dunning.level"
    _inherit = ["logistics.gated.mixin"]
    _description = "Dunning Level"
    _order = "company_id, days_overdue"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    days_overdue = fields.Integer(
        "From days overdue", required=True, help="Applies once an invoice is this many days late."
    )
    notify_salesperson = fields.Boolean("Salesperson", default=True)
    notify_sales_manager = fields.Boolean(
        "Sales team leader", help="The leader of the invoice's sales team gets an activity."
    )
    notify_credit_controller = fields.Boolean(
        "Credit controller", help="The company's credit controller gets an activity."
    )
    credit_hold = fields.Boolean(
        "Put the customer on credit hold",
        help="No new order of the customer can be confirmed until a credit manager lifts the "
        "hold.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        "Dunning e-mail",
        domain=[("model", "=", "account.move")],
        help="Sent to the customer when the level applies. Empty: no e-mail.",
    )

    @api.constrains("days_overdue", "company_id", "active")
    def _check_days_overdue(self):
        for level in self:
            if level.days_overdue <= 0:
                raise ValidationError(
                    self.env._("A dunning level starts at least one day after the due date.")
                )
            same = self.search(
                [
                    ("company_id", "=", level.company_id.id),
                    ("days_overdue", "=", level.days_overdue),
                    ("id", "!=", level.id),
                ]
            )
            if same and level.active:
                raise ValidationError(
                    self.env._(
                        "Dunning levels %(level)s and %(other)s both start at %(days)s days "
                        "overdue: each level needs its own number of days.",
                        level=level.name,
                        other=same[0].name,
                        days=level.days_overdue,
                    )
                )


class LogisticsDunningLog(models.Model):
    """One dunning level applied to one invoice: the customer's dunning history."""

    _name = "logistics.dunning.log"
    _description = "Dunning History"
    _order = "date desc, id desc"

    move_id = fields.Many2one(
        "account.move", "Invoice", required=True, ondelete="cascade", index=True
    )
    level_id = fields.Many2one(
        "logistics.dunning.level", "Level", required=True, ondelete="restrict"
    )
    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    days_overdue = fields.Integer()
    amount_residual = fields.Monetary("Amount Due", currency_field="currency_id")
    user_ids = fields.Many2many("res.users", string="Notified")
    mail_sent = fields.Boolean("E-mail sent")
    credit_hold = fields.Boolean("Credit hold set")

    _sql_constraints = [
        (
            "move_level_unique",
            "UNIQUE(move_id, level_id)",
            "A dunning level is applied only once to an invoice.",
        ),
    ]
