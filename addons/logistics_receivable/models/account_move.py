import functools
import logging
from collections import defaultdict

from markupsafe import Markup
from odoo import Command, api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_date
from odoo.tools.sql import column_exists, create_column

from .sale_order_line import init_job_columns

_logger = logging.getLogger(__name__)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    logistics_reminder_sent = fields.Boolean("Due-date reminder sent", readonly=True, copy=False)
    # job costing: which sale order item a vendor bill line is a cost of
    logistics_sale_line_id = fields.Many2one(
        "sale.order.line",
        "Job Item",
        compute="_compute_logistics_sale_line_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        copy=False,
        check_company=True,
        domain="[('state', '=', 'sale'), ('display_type', '=', False)]",
        help="The sale order item (the job) this vendor bill line is a cost of: the one its "
        "purchase order line was bought for, or chosen here for bills without a purchase "
        "order. Its posted amount is the job's actual cost.",
    )

    def _auto_init(self):
        # on an existing database: link the vendor bill lines of purchase orders bought
        # for a sale item in one statement, and recompute only those sale items
        cr = self.env.cr
        if not column_exists(cr, "account_move_line", "logistics_sale_line_id"):
            init_job_columns(cr)  # the sale items' columns, recomputed below
            create_column(cr, "account_move_line", "logistics_sale_line_id", "int4")
            cr.execute(
                SQL(
                    """
                UPDATE account_move_line aml
                   SET logistics_sale_line_id = pol.sale_line_id
                  FROM purchase_order_line pol
                 WHERE pol.id = aml.purchase_line_id AND pol.sale_line_id IS NOT NULL
             RETURNING aml.logistics_sale_line_id
                    """
                )
            )
            sale_lines = self.env["sale.order.line"].browse({row[0] for row in cr.fetchall()})
            sale_lines.modified(["logistics_cost_line_ids"])
        return super()._auto_init()

    @api.depends("purchase_line_id.sale_line_id")
    def _compute_logistics_sale_line_id(self):
        for line in self:
            line.logistics_sale_line_id = (
                line.purchase_line_id.sale_line_id or line.logistics_sale_line_id
            )


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

    def _post(self, soft=True):
        # vendor bills completing a job's costs: its margin alert, on the actual margin
        # (an aggregate: the accountant posting the bill may not read the sale orders)
        jobs = self.sudo().line_ids.logistics_sale_line_id.order_id
        before = {order: order.logistics_cost_state for order in jobs}
        posted = super()._post(soft=soft)
        jobs.filtered(
            lambda order: order.logistics_cost_state == "actual" and before[order] != "actual"
        )._logistics_margin_alerts(actual=True)
        return posted

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
        """What the next ``limit`` customers (commercial customer x company, the longest
        overdue first) are dunned for: (invoice, level, days overdue, customer, company)
        rows - each of their open overdue invoices with the highest level its days overdue
        reach, when that level is above the one it had and was never applied to it. One
        query whatever the number of invoices."""
        self.env.flush_all()
        self.env.cr.execute(self._logistics_dunning_sql(limit))
        return self.env.cr.fetchall()

    def _logistics_dunning_sql(self, limit):
        today = fields.Date.context_today(self)
        return SQL(
            """
            WITH pairs AS (
                SELECT m.id AS move_id, lvl.id AS level_id, %(today)s - due.date AS days,
                       m.commercial_partner_id AS partner_id, m.company_id, due.date AS due
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
            ), customers AS (
                SELECT partner_id, company_id, MIN(due) AS due
                  FROM pairs
              GROUP BY partner_id, company_id
              ORDER BY MIN(due), partner_id, company_id
                 LIMIT %(limit)s
            )
            SELECT p.move_id, p.level_id, p.days, p.partner_id, p.company_id
              FROM pairs p
              JOIN customers c USING (partner_id, company_id)
          ORDER BY c.due, p.partner_id, p.company_id, p.due, p.move_id
                """,
            today=today,
            limit=limit,
        )

    @api.model
    def _cron_dunning(self, batch_size=200):
        """Dun the customers whose overdue invoices reached a new level, ``batch_size``
        customers per call: each customer gets one statement (the e-mail of the highest
        level reached) and each person the level names one activity, whatever the number
        of its invoices; each (invoice, level) is logged and never applied again. The
        activities notify by themselves (no "assigned to you" e-mail each), and the
        invoices' level is written without touching their journal lines. Then, once
        nobody is left to dun, the holds whose debt is paid (``_logistics_lift_paid_holds``)."""
        # one customer more than the batch: whether any is left, without a second query
        rows = self._logistics_dunning_query(batch_size + 1)
        customers = dict.fromkeys((row[3], row[4]) for row in rows)
        left = len(customers) > batch_size
        if left:
            last = list(customers)[-1]
            rows = [row for row in rows if (row[3], row[4]) != last]
        moves = self.browse(row[0] for row in rows)
        moves.fetch(["name", "invoice_user_id", "team_id", "partner_id", "amount_residual_signed"])
        Level = self.env["logistics.dunning.level"]
        by_company = defaultdict(lambda: defaultdict(list))
        for move_id, level_id, days, partner_id, company_id in rows:
            by_company[company_id][partner_id].append(
                (self.browse(move_id), Level.browse(level_id), days)
            )
        for company_id, dunning in by_company.items():
            company = self.env["res.company"].browse(company_id)
            self.with_company(company)._logistics_dun_customers(dunning)
        done = sum(len(dunning) for dunning in by_company.values())
        if not left:
            # dunning done for tonight: the holds whose debt is paid, then the collection
            # cases, a batch at a time
            return self._logistics_lift_paid_holds(batch_size) or self.env[
                "logistics.collection.case"
            ]._logistics_check_cases(batch_size)
        # whether any customer is left is enough to be called again at once
        return self.env["ir.cron"]._logistics_report_progress(done, batch_size, lambda: int(left))

    @api.model
    def _logistics_dun_customers(self, dunning):
        """Dun customers in the current company: ``dunning`` maps each customer id to the
        (invoice, level, days overdue) it reached tonight. Each customer gets one
        statement - the e-mail of the highest level reached, to its invoices' addresses -,
        a note in its chatter, a credit hold if a level says so, and one activity per
        person that level names; every (invoice, level) is logged. In batches: the
        queries do not depend on the number of invoices."""
        company = self.env.company
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"]
        customers = Partner.browse(dunning)
        customers.fetch(["name", "email", "lang", "credit_hold"])
        plans = {}
        for customer in customers:
            dunned = dunning[customer.id]
            level = max((lvl for _m, lvl, _d in dunned), key=lambda lvl: lvl.days_overdue)
            invoices = self.browse(move.id for move, _lvl, _days in dunned)
            users = self.env["res.users"]
            if level.notify_salesperson:
                users |= invoices.invoice_user_id
            if level.notify_sales_manager:
                users |= invoices.team_id.user_id
            if level.notify_credit_controller:
                users |= company.credit_controller_id
            hold = any(lvl.credit_hold for _m, lvl, _d in dunned) and not customer.credit_hold
            plans[customer] = {
                "level": level,
                "invoices": invoices,
                "days": max(days for _m, _lvl, days in dunned),
                "users": users,
                "hold": hold,
                # to the invoices' addresses (the customer's payables contact), else itself
                "recipients": invoices.partner_id.filtered("email") or customer.filtered("email"),
            }
        # one summary per customer and language: the note's and the activities'
        summary = functools.cache(
            lambda customer, lang: self._logistics_dunning_summary(customer, plans[customer], lang)
        )
        for customer, plan in plans.items():
            plan["summary"] = summary(customer, self.env.lang)
        sent = self._logistics_send_statements(plans)
        self.env["logistics.collection.case"]._logistics_dunned(plans)
        # the holds, one write per level: the reason names the level and the day, the
        # note and the history the invoices. Not tracked: the customer's dunning note
        # says it (tracking would post a second message per customer, one by one)
        held = defaultdict(lambda: Partner)
        for customer, plan in plans.items():
            if plan["hold"]:
                held[plan["level"]] |= customer
        for level, group in held.items():
            group.sudo().with_context(mail_notrack=True).write(
                {
                    "credit_hold": True,
                    "credit_hold_dunning_company_id": company.id,
                    "credit_hold_lift_proposed": False,
                    "credit_hold_reason": self.env._(
                        "%(level)s on %(date)s",
                        level=level.name,
                        date=format_date(self.env, today),
                    ),
                }
            )
        # the note of the customers e-mailed is their statement's message
        if unsent := customers.filtered(lambda customer: customer not in sent):
            unsent._message_log_batch(
                {
                    customer.id: self._logistics_dunning_note(plans[customer], mailed=False)
                    for customer in unsent
                }
            )
        model_id = self.env["ir.model"]._get_id("res.partner")
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": customer.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": summary(customer, user.lang)[:250],
                }
                for customer, plan in plans.items()
                for user in plan["users"]
            ]
        )
        self._logistics_log_dunning(
            [
                (move, lvl, days, customer, plan, customer in sent)
                for customer, plan in plans.items()
                for move, lvl, days in dunning[customer.id]
            ]
        )

    @api.model
    def _logistics_log_dunning(self, rows):
        """The dunning history of a batch: a ``logistics.dunning.log`` per (invoice, level,
        days overdue, customer, plan, e-mailed) of ``rows``, and the invoice moved to that
        level. One statement whatever the number of invoices: the history is an
        append-only record the job writes in bulk (the ORM spent a millisecond on each
        row), and the level is written without ``account.move.write``, which would sync
        the journal lines of every invoice for a field they do not depend on."""
        if not rows:
            return
        Log = self.env["logistics.dunning.log"]
        users = Log._fields["user_ids"]
        company, uid = self.env.company, self.env.uid
        today = fields.Date.context_today(self)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH v(move_id, level_id, partner_id, days, mail_sent, hold, user_ids) AS (
                VALUES %(values)s
            ), logged AS (
                INSERT INTO logistics_dunning_log
                       (move_id, level_id, partner_id, company_id, date, days_overdue,
                        amount_residual, mail_sent, credit_hold,
                        create_uid, create_date, write_uid, write_date)
                SELECT v.move_id, v.level_id, v.partner_id, %(company)s, %(today)s, v.days,
                       m.amount_residual_signed, v.mail_sent, v.hold,
                       %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM v
                  JOIN account_move m ON m.id = v.move_id
             RETURNING id, move_id
            ), notified AS (
                INSERT INTO %(relation)s (%(column1)s, %(column2)s)
                SELECT l.id, u.id
                  FROM logged l
                  JOIN v ON v.move_id = l.move_id
                 CROSS JOIN unnest(v.user_ids) AS u(id)
            )
            UPDATE account_move m SET dunning_level_id = v.level_id
              FROM v
             WHERE m.id = v.move_id
                """,
                company=company.id,
                today=today,
                uid=uid,
                relation=SQL.identifier(users.relation),
                column1=SQL.identifier(users.column1),
                column2=SQL.identifier(users.column2),
                values=SQL(", ").join(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s, %s::int[])",
                        move.id,
                        lvl.id,
                        customer.id,
                        days,
                        mail_sent,
                        plan["hold"],
                        plan["users"].ids,
                    )
                    for move, lvl, days, customer, plan, mail_sent in rows
                ),
            )
        )
        self.browse(row[0].id for row in rows).invalidate_recordset(
            ["dunning_level_id", "dunning_log_ids"]
        )
        Log.invalidate_model()
        self.env["res.partner"].invalidate_model(["dunning_log_ids"])

    def _logistics_dunning_note(self, plan, mailed):
        """The customer's chatter note of tonight's dunning ``plan``: its summary,
        whether its statement was ``mailed``, the credit hold."""
        note = Markup("%s") % plan["summary"]
        if plan["level"].mail_template_id:
            note += Markup("<br/>") + (
                self.env._("Overdue statement e-mailed.")
                if mailed
                else self.env._("No overdue statement e-mailed.")
            )
        if plan["hold"]:
            note += Markup("<br/>") + self.env._("Customer put on credit hold.")
        return note

    def _logistics_dunning_summary(self, customer, plan, lang=None):
        env = self.with_context(lang=lang).env if lang else self.env
        invoices = plan["invoices"]
        return env._(
            "%(level)s: %(customer)s has %(count)s overdue invoices (%(amount)s), the oldest "
            "%(days)s days overdue: %(invoices)s",
            level=plan["level"].with_env(env).name,
            customer=customer.name,
            count=len(invoices),
            amount=self.env.company.currency_id.format(
                sum(invoices.mapped("amount_residual_signed"))
            ),
            days=plan["days"],
            invoices=", ".join(invoices.mapped("name")),
        )

    @api.model
    def _logistics_send_statements(self, plans):
        """Queue to each customer of ``plans`` with recipients its overdue statement in
        the current company, with the template of its level - one batch per template;
        the customers whose statement was queued. A broken template must not stop the
        dunning of all the others.

        The template's fields are rendered as ``send_mail_batch`` does (per language,
        local links made absolute, its attachments and reports), but the e-mails are
        queued as ``mail.mail`` with their HTML only: the body is the template's own
        (a statement e-mail needs no notification layout), and copying it into the
        message's sanitised ``body`` cost more than everything else the job does."""
        by_template = defaultdict(list)
        for customer, plan in plans.items():
            template = plan["level"].mail_template_id
            if template and plan["recipients"]:
                by_template[template].append(customer)
        sent = set()
        for template, customers in by_template.items():
            if template.model != "res.partner":
                _logger.warning("Dunning template %s is not one of customers", template.name)
                continue
            try:
                with self.env.cr.savepoint():
                    self._logistics_queue_statements(template, customers, plans)
            except Exception:
                _logger.exception("Overdue statements of template %s not prepared", template.name)
                continue
            sent.update(customers)
        return sent

    @api.model
    def _logistics_queue_statements(self, template, customers, plans):
        """Queue the statement e-mails of ``customers`` (records) rendered with
        ``template``, to the recipients of their ``plans``: the ``mail.mail`` created."""
        template = template.with_company(self.env.company)
        template._send_check_access([customer.id for customer in customers])
        rendered = template._generate_template(
            [customer.id for customer in customers],
            (
                "attachment_ids",
                "auto_delete",
                "body_html",
                "email_cc",
                "email_from",
                "mail_server_id",
                "reply_to",
                "report_template_ids",
                "scheduled_date",
                "subject",
            ),
        )
        note_subtype = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        # the reply-to the message would look up one by one, for the batch
        replies = self.env["res.partner"].concat(*customers).sudo()._notify_get_reply_to()
        values_list, reports = [], []
        for customer in customers:
            values = rendered[customer.id]
            reports.append(values.pop("attachments", []))
            values["reply_to"] = (
                values.get("reply_to") or replies.get(customer.id) or values.get("email_from")
            )
            values_list.append(
                {
                    **{
                        key: value
                        for key, value in values.items()
                        # (a reply-to left out is looked up again for each message)
                        if value or key in ("auto_delete", "reply_to")
                    },
                    "model": "res.partner",
                    "res_id": customer.id,
                    # its message (an outgoing e-mail, internal) is the customer's dunning
                    # note: the e-mail itself sends body_html
                    "body": self._logistics_dunning_note(plans[customer], mailed=True),
                    "subtype_id": note_subtype,
                    "is_internal": True,
                    # (kept once the e-mail is sent and deleted)
                    "is_notification": True,
                    # links, as send_mail_batch does: a "set" costs a query per new mail
                    "recipient_ids": [
                        Command.link(pid) for pid in plans[customer]["recipients"].ids
                    ],
                    "attachment_ids": [
                        Command.link(aid) for aid in values.get("attachment_ids") or []
                    ],
                }
            )
        mails = self.env["mail.mail"].sudo().create(values_list)
        for mail, attachments in zip(mails, reports, strict=True):
            if attachments:
                mail.with_context(default_type=None).write(
                    {
                        "attachment_ids": [
                            Command.create(
                                {
                                    "name": name,
                                    "datas": datas,
                                    "type": "binary",
                                    "res_model": "mail.message",
                                    "res_id": mail.mail_message_id.id,
                                }
                            )
                            for name, datas in attachments
                        ]
                    }
                )
        return mails

    def _logistics_paid_holds_query(self, limit):
        """Customers a dunning level put on credit hold whose overdue debt in that
        company is paid now (and nobody was asked yet): (customer, company) rows."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT p.id, p.credit_hold_dunning_company_id
              FROM res_partner p
             WHERE p.credit_hold AND p.credit_hold_dunning_company_id IS NOT NULL
               AND NOT COALESCE(p.credit_hold_lift_proposed, FALSE)
               AND NOT EXISTS (
                    SELECT 1
                      FROM account_move_line aml
                      JOIN account_account acc ON acc.id = aml.account_id
                      JOIN res_partner c ON c.id = aml.partner_id
                     WHERE c.commercial_partner_id = p.id
                       AND aml.company_id = p.credit_hold_dunning_company_id
                       AND acc.account_type = 'asset_receivable'
                       AND aml.parent_state = 'posted'
                       AND NOT aml.reconciled
                       AND aml.amount_residual > 0
                       AND aml.date_maturity < %(today)s)
          ORDER BY p.id
             LIMIT %(limit)s
                """,
                today=fields.Date.context_today(self),
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    def _logistics_lift_paid_holds(self, batch_size):
        """Lift, or propose to the credit controller to lift, the credit holds of
        customers who paid the overdue debt a dunning level held them for (the company's
        *Credit hold paid off*); logged in the customer's chatter."""
        rows = self._logistics_paid_holds_query(batch_size)
        Partner = self.env["res.partner"].sudo()
        activities = []
        model_id = self.env["ir.model"]._get_id("res.partner")
        todo = self.env.ref("mail.mail_activity_data_todo")
        for partner_id, company_id in rows:
            customer = Partner.browse(partner_id)
            company = self.env["res.company"].browse(company_id)
            controller = company.credit_controller_id
            if company.credit_hold_release == "auto":
                customer.write(
                    {
                        "credit_hold": False,
                        "credit_hold_reason": False,
                        "credit_hold_dunning_company_id": False,
                    }
                )
                body = self.env._(
                    "Credit hold lifted: the overdue debt with %s is paid.", company.name
                )
            else:
                customer.credit_hold_lift_proposed = True
                if controller:
                    lang = controller.with_context(lang=controller.lang).env
                    activities.append(
                        {
                            "res_model_id": model_id,
                            "res_id": customer.id,
                            "activity_type_id": todo.id,
                            "user_id": controller.id,
                            "summary": lang._(
                                "Lift the credit hold of %s? Its overdue debt is paid.",
                                customer.name,
                            ),
                        }
                    )
                    body = self.env._(
                        "The overdue debt with %(company)s is paid: %(controller)s is asked "
                        "to lift the credit hold.",
                        company=company.name,
                        controller=controller.name,
                    )
                else:
                    body = self.env._(
                        "The overdue debt with %s is paid, but the company has no credit "
                        "controller to lift the credit hold: a credit manager must.",
                        company.name,
                    )
            customer.message_post(body=body, subtype_xmlid="mail.mt_note")
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activities)
        return self.env["ir.cron"]._logistics_report_progress(
            len(rows), batch_size, lambda: len(self._logistics_paid_holds_query(1))
        )
