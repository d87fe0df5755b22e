from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

CASE_STATES = [("open", "To Collect"), ("promised", "Payment Promised"), ("closed", "Closed")]


class LogisticsCollectionCase(models.Model):
    """A customer the credit controller collects from (催收工单): one open case per
    customer and company while it owes overdue money. The dunning cron opens it and
    records the level reached; the controller works it from the worklist - calls and
    notes in its chatter, the next action, a payment promise with its reminder - and it
    closes by itself once the overdue debt is paid."""

    _name = "logistics.collection.case"
    _description = "Collection Case"
    _inherit = ["logistics.gated.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "level_days desc, overdue_since, id"
    _rec_name = "partner_id"
    _check_company_auto = True
    _logistics_gates = (
        Gate(
            frozenset({"partner_id", "company_id", "level_id", "state", "overdue_since"}),
            _lt("%(fields)s of a collection case are set by the dunning and its actions."),
        ),
    )

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        "Credit Controller",
        domain=[("share", "=", False)],
        tracking=True,
        default=lambda self: self.env.company.credit_controller_id,
    )
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    state = fields.Selection(CASE_STATES, default="open", required=True, tracking=True)
    level_id = fields.Many2one("logistics.dunning.level", "Dunning Level", readonly=True)
    level_days = fields.Integer(related="level_id.days_overdue", store=True)
    overdue_since = fields.Date("Overdue since", readonly=True)
    overdue_amount = fields.Monetary("Overdue", compute="_compute_overdue")
    oldest_days = fields.Integer("Days Overdue", compute="_compute_overdue")
    next_action = fields.Char(tracking=True)
    next_action_date = fields.Date("Next Action On", tracking=True)
    promise_date = fields.Date("Promised for", tracking=True)
    promise_amount = fields.Monetary("Promised Amount", tracking=True)
    checked_date = fields.Date(readonly=True, copy=False)  # (the nightly check's)

    _sql_constraints = [
        ("promise_amount_positive", "CHECK(promise_amount >= 0)", "A promise cannot be negative."),
    ]

    def init(self):
        # one open case per customer and company
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS logistics_collection_case_open_uniq
                   ON logistics_collection_case (partner_id, company_id)
                WHERE state != 'closed'"""
        )

    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                self.env["res.partner"]._logistics_overdue_lines_domain(
                    self.partner_id, self.company_id, today
                ),
                ["partner_id", "company_id"],
                ["amount_residual:sum", "date_maturity:min"],
            )
        )
        overdue = {(p.id, c.id): (amount, due) for p, c, amount, due in groups}
        for case in self:
            amount, due = overdue.get((case.partner_id.id, case.company_id.id), (0.0, None))
            case.overdue_amount = amount
            case.oldest_days = (today - due).days if due else 0

    @api.constrains("promise_date", "promise_amount")
    def _check_promise(self):
        for case in self:
            if bool(case.promise_date) != bool(case.promise_amount):
                raise ValidationError(
                    self.env._("A payment promise needs both its date and its amount.")
                )

    # ------------------------------------------------------------ CRUD

    def write(self, vals):
        res = super().write(vals)
        if vals.get("promise_date"):
            self._logistics_promised()
        return res

    def _logistics_promised(self):
        """A promise was recorded: the case waits for it, and its controller is reminded
        on the day (the reminder of an earlier promise goes)."""
        reminder = "mail.mail_activity_data_todo"
        for case in self.filtered(lambda c: c.state != "closed"):
            case._logistics_open_gates_write({"state": "promised"})
            case.activity_unlink([reminder], user_id=case.user_id.id or self.env.uid)
            case.activity_schedule(
                reminder,
                date_deadline=case.promise_date,
                user_id=case.user_id.id or self.env.uid,
                summary=self.env._(
                    "%(customer)s promised %(amount)s for today",
                    customer=case.partner_id.name,
                    amount=case.currency_id.format(case.promise_amount),
                ),
            )

    def _logistics_open_gates_write(self, vals):
        with self._logistics_open_gates():
            self.write(vals)

    # ------------------------------------------------------------ ACTIONS

    def action_print_statement(self):
        self._logistics_ensure_one()
        return (
            self.env.ref("logistics_receivable.action_report_customer_statement")
            .with_company(self.company_id)
            .report_action(self.partner_id)
        )

    def action_send_statement(self):
        """E-mail the customer its statement again, with the template of the case's
        level (or the first reminder), in the composer."""
        self._logistics_ensure_one()
        template = self.level_id.mail_template_id or self.env.ref(
            "logistics_receivable.mail_template_dunning_reminder"
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": "res.partner",
                "default_res_ids": self.partner_id.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "allowed_company_ids": [self.company_id.id],
            },
        }

    def action_close(self):
        self._logistics_open_gates_write({"state": "closed"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_view_customer(self):
        self._logistics_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------ DUNNING

    @api.model
    def _logistics_dunned(self, plans):
        """The dunning cron dunned these customers in the current company (``plans``:
        customer -> plan with its ``level``): open their case, or move it to the level.
        Three queries for the batch."""
        company = self.env.company
        customers = self.env["res.partner"].concat(*plans)
        cases = self.sudo().search(
            [
                ("partner_id", "in", customers.ids),
                ("company_id", "=", company.id),
                ("state", "!=", "closed"),
            ]
        )
        by_customer = {case.partner_id: case for case in cases}
        today = fields.Date.context_today(self)
        new = [
            {
                "partner_id": customer.id,
                "company_id": company.id,
                "level_id": plan["level"].id,
                "overdue_since": today - timedelta(days=plan["days"]),
                "user_id": company.credit_controller_id.id,
            }
            for customer, plan in plans.items()
            if customer not in by_customer
        ]
        Case = self.sudo().with_context(mail_create_nolog=True, tracking_disable=True)
        Case.create(new)
        for level, group in cases.grouped(lambda c: plans[c.partner_id]["level"]).items():
            group.sudo().filtered(lambda c, level=level: c.level_days < level.days_overdue).write(
                {"level_id": level.id}
            )

    @api.model
    def _logistics_check_cases(self, batch_size):
        """The nightly follow-up of open cases, one batch: a case whose overdue debt is
        paid closes; a promise whose day passed with the debt still overdue is broken -
        noted, and the case is open again. Each case once a day; returns what remains (up to
        one batch)."""
        today = fields.Date.context_today(self)
        Case = self.sudo()
        domain = [
            ("state", "!=", "closed"),
            "|",
            ("checked_date", "=", False),
            ("checked_date", "<", today),
        ]
        cases = Case.search(domain, limit=batch_size, order="id")
        cases.invalidate_recordset(["overdue_amount", "oldest_days"])  # (payments since)
        paid = cases.filtered(lambda c: not c.overdue_amount)
        for case in paid:
            case.message_post(
                body=self.env._("The overdue debt is paid: case closed."),
                subtype_xmlid="mail.mt_note",
            )
        paid.action_close()
        broken = (cases - paid).filtered(lambda c: c.promise_date and c.promise_date < today)
        for case in broken:
            case.message_post(
                body=self.env._(
                    "Promise broken: %(amount)s promised for %(date)s, still %(due)s overdue.",
                    amount=case.currency_id.format(case.promise_amount),
                    date=case.promise_date,
                    due=case.currency_id.format(case.overdue_amount),
                ),
                subtype_xmlid="mail.mt_note",
            )
        broken._logistics_open_gates_write(
            {"state": "open", "promise_date": False, "promise_amount": 0.0}
        )
        cases.write({"checked_date": today})
        return self.env["ir.cron"]._logistics_report_batch(Case, domain, len(cases), batch_size)

    def unlink(self):
        if not self.env.su:
            raise UserError(self.env._("Collection cases are kept: close them instead."))
        return super().unlink()
