import logging

from markupsafe import Markup
from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    logistics_reminder_sent = fields.Boolean("Due-date reminder sent", readonly=True, copy=False)


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_level_id = fields.Many2one(
        "logistics.dunning.level",
        "Dunning Level",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    dunning_log_ids = fields.One2many("logistics.dunning.log", "move_id", "Dunning History")

    # ------------------------------------------------------------ reminders
    @api.model
    def _cron_due_reminders(self, batch_size=500):
        """An activity on the invoice for its salesperson before each of its due dates
        (an invoice on 30/60/90-day terms is reminded three times)."""
        domain = [
            ("move_id.move_type", "=", "out_invoice"),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual", ">", 0),
            ("logistics_reminder_sent", "=", False),
            ("move_id.invoice_user_id", "!=", False),
            *self.env["res.company"]._logistics_reminder_window("date_maturity"),
        ]
        Line = self.env["account.move.line"]
        lines = Line.search(domain, limit=batch_size, order="date_maturity, id")
        for line in lines:
            invoice, user = line.move_id, line.move_id.invoice_user_id
            invoice.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=line.date_maturity,
                user_id=user.id,
                summary=invoice.with_context(lang=user.lang).env._(
                    "%(invoice)s of %(customer)s: %(amount)s due on %(date)s",
                    invoice=invoice.name,
                    customer=invoice.commercial_partner_id.name,
                    amount=invoice.currency_id.format(line.amount_residual_currency),
                    date=line.date_maturity,
                ),
            )
        lines.write({"logistics_reminder_sent": True})
        return self.env["ir.cron"]._logistics_report_batch(Line, domain, len(lines), batch_size)

    # ------------------------------------------------------------ dunning
    def _logistics_dunning_query(self, limit):
        """(invoice, level) pairs to apply: each open overdue invoice with the highest
        level its days overdue reach, when that level is above the one it had and was
        never applied to it. One query whatever the number of invoices."""
        today = fields.Date.context_today(self)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT m.id, lvl.id, %(today)s - due.date
                  FROM account_move m
                  -- the earliest due date still open (30/60/90-day terms: the first part)
                  JOIN LATERAL (
                        SELECT MIN(aml.date_maturity) AS date
                          FROM account_move_line aml
                          JOIN account_account acc ON acc.id = aml.account_id
                         WHERE aml.move_id = m.id
                           AND acc.account_type = 'asset_receivable'
                           AND NOT aml.reconciled
                           AND aml.amount_residual > 0
                       ) due ON due.date < %(today)s
                  JOIN LATERAL (
                        SELECT l.id, l.days_overdue
                          FROM logistics_dunning_level l
                         WHERE l.company_id = m.company_id
                           AND l.active
                           AND l.days_overdue <= %(today)s - due.date
                      ORDER BY l.days_overdue DESC
                         LIMIT 1
                       ) lvl ON TRUE
             LEFT JOIN logistics_dunning_level cur ON cur.id = m.dunning_level_id
                 WHERE m.move_type = 'out_invoice'
                   AND m.state = 'posted'
                   AND m.payment_state IN ('not_paid', 'partial')
                   AND (cur.id IS NULL OR cur.days_overdue < lvl.days_overdue)
                   AND NOT EXISTS (
                        SELECT 1 FROM logistics_dunning_log g
                         WHERE g.move_id = m.id AND g.level_id = lvl.id)
              ORDER BY due.date, m.id
                 LIMIT %(limit)s
                """,
                today=today,
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _cron_dunning(self, batch_size=200):
        """Apply the dunning levels reached by overdue invoices, in bounded batches."""
        rows = self._logistics_dunning_query(batch_size)
        Level = self.env["logistics.dunning.level"]
        for move_id, level_id, days in rows:
            self.browse(move_id)._logistics_apply_dunning_level(Level.browse(level_id), days)
        # whether any pair is left is enough to be called again at once
        return self.env["ir.cron"]._logistics_report_progress(
            len(rows), batch_size, lambda: len(self._logistics_dunning_query(1))
        )

    def _logistics_apply_dunning_level(self, level, days):
        self.ensure_one()
        today = fields.Date.context_today(self)
        customer = self.commercial_partner_id
        users = self.env["res.users"]
        if level.notify_salesperson:
            users |= self.invoice_user_id
        if level.notify_sales_manager:
            users |= self.team_id.user_id
        if level.notify_credit_controller:
            users |= self.company_id.credit_controller_id

        def summary(lang=None):
            env = self.with_context(lang=lang).env if lang else self.env
            return env._(
                "%(level)s: %(invoice)s of %(customer)s is %(days)s days overdue (%(amount)s)",
                level=level.with_env(env).name,
                invoice=self.name,
                customer=customer.name,
                days=days,
                amount=self.currency_id.format(self.amount_residual),
            )

        for user in users:
            self.activity_schedule(
                "mail.mail_activity_data_todo", user_id=user.id, summary=summary(user.lang)
            )
        mail_sent = False
        if level.mail_template_id and (self.partner_id.email or customer.email):
            try:
                with self.env.cr.savepoint():
                    level.mail_template_id.send_mail(
                        self.id, email_layout_xmlid="mail.mail_notification_light"
                    )
                mail_sent = True
            except Exception:  # a broken template must not stop the escalation of all others
                _logger.exception("Dunning e-mail of %s could not be prepared", self.name)
        hold = level.credit_hold and not customer.credit_hold
        if hold:
            customer.sudo().write(
                {
                    "credit_hold": True,
                    "credit_hold_reason": self.env._(
                        "%(level)s on %(invoice)s", level=level.name, invoice=self.name
                    ),
                }
            )
        self.env["logistics.dunning.log"].create(
            {
                "move_id": self.id,
                "level_id": level.id,
                "partner_id": customer.id,
                "company_id": self.company_id.id,
                "date": today,
                "days_overdue": days,
                "amount_residual": self.amount_residual_signed,
                "user_ids": users.ids,
                "mail_sent": mail_sent,
                "credit_hold": hold,
            }
        )
        self.dunning_level_id = level
        customer.message_post(
            body=Markup("%s") % summary()
            + (
                Markup("<br/>")
                + (
                    self.env._("Dunning e-mail sent.")
                    if mail_sent
                    else self.env._("No dunning e-mail sent.")
                )
                if level.mail_template_id
                else ""
            )
            + (Markup("<br/>") + self.env._("Customer put on credit hold.") if hold else ""),
            subtype_xmlid="mail.mt_note",
        )
