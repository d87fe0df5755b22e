from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LogisticsDunningLevel(models.Model):
    """A stage of the escalation of overdue invoices, by days overdue.

    A level applies from its number of days overdue until the next level's. The daily
    cron applies to each overdue invoice the highest level it has reached, once, and
    tells each customer once per run: one statement, one activity per person notified.
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
        domain=[("model", "=", "res.partner")],
        help="Sent to the customer when the level applies: one message listing all its "
        "overdue invoices and instalments (its statement). Empty: no e-mail.",
    )

    recipient_warning = fields.Char(
        "Missing Recipients",
        compute="_compute_recipient_warning",
        help="Whom this level should notify but cannot: it notifies nobody in their place.",
    )

    @api.depends(
        "notify_sales_manager", "notify_credit_controller", "company_id.credit_controller_id"
    )
    def _compute_recipient_warning(self):
        for level in self:
            problems = []
            if level.notify_credit_controller and not level.company_id.credit_controller_id:
                problems.append(self.env._("no credit controller is set"))
            teams = self._leaderless_teams(level.company_id)
            if level.notify_sales_manager and teams:
                problems.append(
                    self.env._("sales teams without a leader: %s", ", ".join(teams.mapped("name")))
                )
            level.recipient_warning = "; ".join(problems) or False

    @api.model
    def _leaderless_teams(self, company):
        """Sales teams of ``company`` whose invoices' dunning would reach no leader."""
        return self.env["crm.team"].search(
            [("user_id", "=", False), ("company_id", "in", [company.id, False])]
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
