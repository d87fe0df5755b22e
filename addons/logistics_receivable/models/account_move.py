from markupsafe import Markup
from odoo import api, fields, models
from odoo.tools import SQL


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
    logistics_reminder_sent = fields.Boolean("Due-date reminder sent", readonly=True, copy=False)

    def write(self, vals):
        if "invoice_date_due" in vals:
            vals = dict(vals, logistics_reminder_sent=False)  # a new due date is reminded again
        return super().write(vals)

    # ------------------------------------------------------------ reminders
    def _logistics_open_invoice_domain(self):
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]

    @api.model
    def _cron_due_reminders(self, batch_size=500):
        """An activity on the invoice for its salesperson before it falls due."""
        domain = [
            *self._logistics_open_invoice_domain(),
            ("logistics_reminder_sent", "=", False),
            ("invoice_user_id", "!=", False),
            *self.env["res.company"]._logistics_reminder_window("invoice_date_due"),
        ]
        invoices = self.search(domain, limit=batch_size)
        for invoice in invoices:
            invoice.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=invoice.invoice_date_due,
                user_id=invoice.invoice_user_id.id,
                summary=self.env._(
                    "%(invoice)s of %(customer)s: %(amount)s due on %(date)s",
                    invoice=invoice.name,
                    customer=invoice.commercial_partner_id.name,
                    amount=invoice.currency_id.format(invoice.amount_residual),
                    date=invoice.invoice_date_due,
                ),
            )
        invoices.write({"logistics_reminder_sent": True})
        return self.env["ir.cron"]._logistics_report_batch(self, domain, len(invoices), batch_size)

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
                SELECT m.id, lvl.id
                  FROM account_move m
                  JOIN LATERAL (
                        SELECT l.id, l.days_overdue
                          FROM logistics_dunning_level l
                         WHERE l.company_id = m.company_id
                           AND l.active
                           AND l.days_overdue <= %(today)s - m.invoice_date_due
                      ORDER BY l.days_overdue DESC
                         LIMIT 1
                       ) lvl ON TRUE
             LEFT JOIN logistics_dunning_level cur ON cur.id = m.dunning_level_id
                 WHERE m.move_type = 'out_invoice'
                   AND m.state = 'posted'
                   AND m.payment_state IN ('not_paid', 'partial')
                   AND m.invoice_date_due < %(today)s
                   AND (cur.id IS NULL OR cur.days_overdue < lvl.days_overdue)
                   AND NOT EXISTS (
                        SELECT 1 FROM logistics_dunning_log g
                         WHERE g.move_id = m.id AND g.level_id = lvl.id)
              ORDER BY m.invoice_date_due, m.id
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
        pairs = self._logistics_dunning_query(batch_size)
        invoices = self.browse([move_id for move_id, _level in pairs])
        levels = self.env["logistics.dunning.level"].browse([level for _move, level in pairs])
        for invoice, level in zip(invoices, levels, strict=True):
            invoice._logistics_apply_dunning_level(level)
        remaining = (
            len(self._logistics_dunning_query(batch_size)) if len(pairs) >= batch_size else 0
        )
        self.env["ir.cron"]._notify_progress(done=len(pairs), remaining=remaining)
        return remaining

    def _logistics_apply_dunning_level(self, level):
        self.ensure_one()
        today = fields.Date.context_today(self)
        customer = self.commercial_partner_id
        days = (today - self.invoice_date_due).days
        users = self.env["res.users"]
        if level.notify_salesperson:
            users |= self.invoice_user_id
        if level.notify_sales_manager:
            users |= self.team_id.user_id
        if level.notify_credit_controller:
            users |= self.company_id.credit_controller_id
        summary = self.env._(
            "%(level)s: %(invoice)s of %(customer)s is %(days)s days overdue (%(amount)s)",
            level=level.name,
            invoice=self.name,
            customer=customer.name,
            days=days,
            amount=self.currency_id.format(self.amount_residual),
        )
        for user in users:
            self.activity_schedule("mail.mail_activity_data_todo", user_id=user.id, summary=summary)
        mail_sent = False
        if level.mail_template_id and (self.partner_id.email or customer.email):
            level.mail_template_id.send_mail(
                self.id, email_layout_xmlid="mail.mail_notification_light"
            )
            mail_sent = True
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
            body=Markup("%s") % summary
            + (Markup("<br/>") + self.env._("Dunning e-mail sent.") if mail_sent else "")
            + (Markup("<br/>") + self.env._("Customer put on credit hold.") if hold else ""),
            subtype_xmlid="mail.mt_note",
        )
