from datetime import date

from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import float_compare, float_is_zero
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# filled from the invoices' payments (and by the reminder cron): never written by users
COMPUTED_FIELDS = frozenset({"paid_amount", "residual", "payment_state", "reminder_sent"})
PAYMENT_STATES = [("planned", "Planned"), ("partial", "Partly Paid"), ("paid", "Paid")]


class LogisticsPaymentInstalment(models.Model):
    """One instalment of an order's payment plan (回款计划).

    The plan is generated from the order's payment terms at confirmation and can be
    edited. What the customer has paid on the order's invoices is allocated to the
    instalments by due date, so each one shows planned against collected.
    """

    _name = "logistics.payment.instalment"
    _inherit = ["logistics.gated.mixin"]
    _description = "Payment Plan Instalment"
    _logistics_gates = (
        Gate(COMPUTED_FIELDS, _lt("What was collected comes from the invoices' payments.")),
    )
    _order = "order_id, due_date, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", "Order", required=True, ondelete="cascade", index=True, check_company=True
    )
    name = fields.Char("Description", required=True, default=lambda self: self.env._("Instalment"))
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Salesperson")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    due_date = fields.Date(required=True, index=True)
    amount = fields.Monetary("Planned", required=True, currency_field="currency_id")
    paid_amount = fields.Monetary(
        "Collected", compute="_compute_paid_amount", store=True, currency_field="currency_id"
    )
    residual = fields.Monetary(
        "To Collect", compute="_compute_paid_amount", store=True, currency_field="currency_id"
    )
    payment_state = fields.Selection(
        PAYMENT_STATES, compute="_compute_paid_amount", store=True, index=True
    )
    state = fields.Selection(
        PAYMENT_STATES + [("overdue", "Overdue")],
        compute="_compute_state",
        search="_search_state",
        help="Overdue: not fully collected after its due date.",
    )
    reminder_sent = fields.Boolean(copy=False, readonly=True)

    @api.depends(
        "amount",
        "due_date",
        "order_id.payment_instalment_ids.amount",
        "order_id.payment_instalment_ids.due_date",
        "order_id.order_line.invoice_lines.move_id.state",
        "order_id.order_line.invoice_lines.move_id.amount_residual",
    )
    def _compute_paid_amount(self):
        """Allocate the order's collected amount to its instalments, earliest due first."""
        for order in self.order_id:
            collected = order._logistics_collected_amount()
            # (new lines of a form being edited have no id and maybe no date yet)
            for instalment in order.payment_instalment_ids.sorted(
                lambda i: (i.due_date or date.max, i._origin.id or 0)
            ):
                paid = max(min(instalment.amount, collected), 0.0)
                collected -= paid
                if instalment not in self:
                    continue
                instalment.paid_amount = paid
                instalment.residual = instalment.amount - paid
                rounding = instalment.currency_id.rounding
                if float_is_zero(paid, precision_rounding=rounding):
                    instalment.payment_state = "planned"
                elif float_compare(paid, instalment.amount, precision_rounding=rounding) < 0:
                    instalment.payment_state = "partial"
                else:
                    instalment.payment_state = "paid"
        for instalment in self.filtered(lambda i: not i.order_id):
            instalment.update({"paid_amount": 0.0, "residual": 0.0, "payment_state": "planned"})

    @api.depends("payment_state", "due_date")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for instalment in self:
            overdue = (
                instalment.payment_state != "paid"
                and instalment.due_date
                and instalment.due_date < today
            )
            instalment.state = "overdue" if overdue else instalment.payment_state

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(self.env._("Unsupported search on the instalment state."))
        values = {value} if isinstance(value, str) else set(value or ())
        today = fields.Date.context_today(self)
        domains = []
        for state in values:
            if state == "overdue":
                domains.append([("payment_state", "!=", "paid"), ("due_date", "<", today)])
            elif state == "paid":
                domains.append([("payment_state", "=", "paid")])
            else:
                domains.append([("payment_state", "=", state), ("due_date", ">=", today)])
        domain = expression.OR(domains)
        return domain if operator in ("=", "in") else ["!", *domain]

    @api.constrains("amount", "order_id")
    def _check_plan_total(self):
        if any(instalment.amount <= 0 for instalment in self):
            raise ValidationError(self.env._("An instalment's amount must be positive."))
        for order in self.order_id:
            planned = sum(order.payment_instalment_ids.mapped("amount"))
            if (
                float_compare(
                    planned, order.amount_total, precision_rounding=order.currency_id.rounding
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The payment plan of %(order)s (%(planned).2f) exceeds the order's "
                        "total (%(total).2f).",
                        order=order.name,
                        planned=planned,
                        total=order.amount_total,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if "due_date" in vals:
            # a new due date is reminded again
            self.filtered("reminder_sent").sudo().write({"reminder_sent": False})
        return res

    @api.model
    def _cron_due_reminders(self, batch_size=500):
        """An activity on the order for its salesperson before an instalment falls due."""
        domain = [
            ("reminder_sent", "=", False),
            ("payment_state", "!=", "paid"),
            ("order_id.state", "=", "sale"),
            ("user_id", "!=", False),
            *self.env["res.company"]._logistics_reminder_window(),
        ]
        due = self.search(domain, limit=batch_size)
        for instalment in due:
            instalment.order_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=instalment.due_date,
                user_id=instalment.user_id.id,
                summary=self.with_context(lang=instalment.user_id.lang).env._(
                    "%(order)s: %(amount)s due on %(date)s (%(name)s)",
                    order=instalment.order_id.name,
                    amount=instalment.currency_id.format(instalment.residual),
                    date=instalment.due_date,
                    name=instalment.name,
                ),
            )
        due.sudo().write({"reminder_sent": True})
        return self.env["ir.cron"]._logistics_report_batch(self, domain, len(due), batch_size)
