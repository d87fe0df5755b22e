from datetime import timedelta

from freezegun import freeze_time
from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools.misc import formatLang

from .common import LogisticsReceivableCommon


@tagged("post_install", "-at_install")
class TestDunning(LogisticsReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_lead = logistics_user(cls.env, "lrd_lead", "manager")
        cls.team = cls.env["crm.team"].create({"name": "Ocean", "user_id": cls.team_lead.id})
        cls.company.credit_controller_id = cls.controller
        Level = cls.env["logistics.dunning.level"]
        Level.search([("company_id", "=", cls.company.id)]).active = False
        template = cls.env.ref("logistics_receivable.mail_template_dunning_reminder")
        cls.level1 = Level.create(
            {"name": "Reminder", "days_overdue": 5, "mail_template_id": template.id}
        )
        cls.level2 = Level.create(
            {"name": "Manager", "days_overdue": 30, "notify_sales_manager": True}
        )
        cls.level3 = Level.create(
            {
                "name": "Credit control",
                "days_overdue": 60,
                "notify_sales_manager": True,
                "notify_credit_controller": True,
                "credit_hold": True,
            }
        )

    def _overdue(self, days, amount=500.0):
        invoice = self._invoice(amount, due_in_days=-days)
        invoice.team_id = self.team
        return invoice

    def test_each_company_duns_its_own_invoices_in_its_currency(self):
        """Head office and a branch in another currency: each invoice is dunned at its
        company's level, logged in its company, on a statement of that company only."""
        branch = self._branch("Dunning Branch")
        currency = branch.currency_id
        branch.credit_controller_id = self.controller
        self.controller.company_ids |= branch
        Level = self.env["logistics.dunning.level"].with_company(branch)
        Level.search([("company_id", "=", branch.id)]).active = False
        branch_level = Level.create(
            {
                "name": "Branch final notice",
                "company_id": branch.id,
                "days_overdue": 20,
                "notify_salesperson": False,
                "notify_credit_controller": True,
                "credit_hold": True,
                "mail_template_id": self.level1.mail_template_id.id,
            }
        )
        here = self._overdue(10)
        there = self._invoice(777.0, due_in_days=-25, company=branch)
        self.env["account.move"]._cron_dunning()
        self.assertEqual(
            (here.dunning_level_id, there.dunning_level_id), (self.level1, branch_level)
        )
        logs = self.customer.dunning_log_ids
        self.assertEqual(
            {(log.move_id, log.company_id, log.level_id) for log in logs},
            {(here, self.company, self.level1), (there, branch, branch_level)},
        )
        self.assertEqual(logs.filtered(lambda log: log.move_id == there).user_ids, self.controller)
        self.assertEqual(self.customer.credit_hold_dunning_company_id, branch)
        mails = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
        )
        self.assertEqual(len(mails), 2, "one statement per company")
        branch_mail = mails.filtered(lambda mail: branch.name in mail.subject)
        # (each company numbers its invoices: the amounts tell them apart)
        self.assertIn("777.00", branch_mail.body_html)
        self.assertNotIn("500.00", branch_mail.body_html)
        self.assertIn(currency.symbol, branch_mail.body_html)
        self.assertIn("500.00", (mails - branch_mail).body_html)
        self.assertNotIn("777.00", (mails - branch_mail).body_html)

    def test_levels_must_not_overlap(self):
        Level = self.env["logistics.dunning.level"]
        with self.assertRefused(ValidationError, "both start at 30 days"):
            Level.create({"name": "Twin", "days_overdue": 30})
        with self.assertRefused(ValidationError, "at least one day"):
            Level.create({"name": "Early", "days_overdue": 0})
        with self.assertRefused(ValidationError, "both start"):
            self.level1.days_overdue = 60
        self.assertEqual(self.level1.days_overdue, 5)

    def test_first_level_reminds_salesperson_and_mails_customer(self):
        invoice = self._overdue(10)
        self.env["account.move"]._cron_dunning()
        self.assertEqual(invoice.dunning_level_id, self.level1)
        self.assertEqual(self.customer.activity_ids.user_id, self.salesman)
        self.assertIn("10 days overdue", self.customer.activity_ids.summary)
        mail = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
        )
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(self.company.name, mail.subject)
        self.assertIn(invoice.name, mail.body_html)
        log = self.customer.dunning_log_ids
        self.assertEqual((log.level_id, log.move_id, log.days_overdue), (self.level1, invoice, 10))
        self.assertTrue(log.mail_sent)
        note = self.customer.message_ids[0]
        self.assertIn("Reminder", note.body)
        self.assertIn("Overdue statement e-mailed.", note.body)
        self.assertTrue(note.is_internal, "the note is not the customer's to read")
        # sent (and deleted, as the template says): the note stays in the chatter
        mail.send()
        self.assertFalse(mail.exists())
        self.assertTrue(note.exists())

    def test_a_level_is_never_applied_twice(self):
        invoice = self._overdue(10)
        Move = self.env["account.move"]
        Move._cron_dunning()
        Move._cron_dunning()
        self.assertEqual(len(invoice.dunning_log_ids), 1)
        self.assertEqual(len(self.customer.activity_ids), 1)
        # even if somebody resets the invoice's level, the history keeps it from repeating
        invoice.sudo().dunning_level_id = False
        Move._cron_dunning()
        self.assertEqual(len(invoice.dunning_log_ids), 1)

    def test_highest_level_reached_applies_with_credit_hold(self):
        invoice = self._overdue(70)
        self.env["account.move"]._cron_dunning()
        self.assertEqual(invoice.dunning_log_ids.level_id, self.level3, "lower levels skipped")
        self.assertEqual(
            self.customer.activity_ids.user_id, self.salesman | self.team_lead | self.controller
        )
        self.assertTrue(self.customer.credit_hold)
        self.assertIn(self.level3.name, self.customer.credit_hold_reason)
        self.assertIn(invoice.name, self.customer.message_ids[0].body, "the note names it")
        self.assertTrue(invoice.dunning_log_ids.credit_hold)
        self.env["account.move"]._cron_dunning()
        self.assertEqual(len(invoice.dunning_log_ids), 1)

    def test_escalation_over_time(self):
        invoice = self._overdue(10)
        Move = self.env["account.move"]
        Move._cron_dunning()
        # 25 days later the invoice is 35 days overdue: level 2 involves the team leader
        with freeze_time(self.today + timedelta(days=25)):
            Move._cron_dunning()
        self.assertEqual(invoice.dunning_log_ids.level_id, self.level1 | self.level2)
        self.assertEqual(invoice.dunning_level_id, self.level2)
        self.assertIn(self.team_lead, self.customer.activity_ids.user_id)
        self.assertFalse(self.customer.credit_hold)

    def test_first_overdue_part_of_an_invoice_on_terms(self):
        """30 % at once, the rest in 60 days: the first part late is enough to dun."""
        terms = self.env["account.payment.term"].create(
            {
                "name": "30 % now, balance 60 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 70.0, "nb_days": 60}),
                ],
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_user_id": self.salesman.id,
                "invoice_date": self.today - timedelta(days=12),
                "invoice_payment_term_id": terms.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Freight", "quantity": 1, "price_unit": 1000.0, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertGreater(invoice.invoice_date_due, self.today)  # the last part is not due
        self.env["account.move"]._cron_dunning()
        self.assertEqual(invoice.dunning_log_ids.level_id, self.level1)
        self.assertEqual(invoice.dunning_log_ids.days_overdue, 12)

    def test_salesperson_sees_own_customers_history_only(self):
        self.env["account.move"]._cron_dunning()
        invoice = self._overdue(10)
        self.env["account.move"]._cron_dunning()
        Log = self.env["logistics.dunning.log"]
        self.assertEqual(
            Log.with_user(self.salesman).search([("move_id", "=", invoice.id)]).move_id, invoice
        )
        self.assertFalse(Log.with_user(self.other_salesman).search([("move_id", "=", invoice.id)]))
        self.assertTrue(Log.with_user(self.controller).search([("move_id", "=", invoice.id)]))

    def test_paid_and_not_yet_due_invoices_are_left_alone(self):
        paid = self._overdue(40)
        self._pay(paid)
        not_due = self._invoice(300.0, due_in_days=3)
        recent = self._overdue(2)
        self.env["account.move"]._cron_dunning()
        self.assertFalse((paid | not_due | recent).dunning_log_ids)

    def test_cron_works_in_bounded_batches_of_customers(self):
        other = self.customer.copy({"name": "Second Debtor"})
        third = self.customer.copy({"name": "Third Debtor"})
        invoices = self._overdue(12) | self._overdue(11)  # one customer, two invoices
        invoices |= self._invoice(500.0, due_in_days=-10, partner=other)
        invoices |= self._invoice(500.0, due_in_days=-9, partner=third)
        Move = self.env["account.move"]
        self.assertEqual(Move._cron_dunning(batch_size=2), 1)
        self.assertEqual(len(invoices.dunning_log_ids), 3, "the two oldest customers, whole")
        Move._cron_dunning(batch_size=2)
        self.assertEqual(len(invoices.dunning_log_ids), 4)
        self.assertEqual(Move._cron_dunning(batch_size=2), 0, "(then the collection cases)")

    def test_one_statement_per_customer_whatever_its_invoices(self):
        """Three overdue invoices: one e-mail listing the three, one activity per person,
        three history rows - not three of each."""
        buyer = self.env["res.partner"].create(
            {"name": "AP Desk", "parent_id": self.customer.id, "email": "ap@rc.example.com"}
        )
        invoices = self._overdue(10, 100.0) | self._overdue(20, 200.0)
        to_buyer = self._invoice(300.0, due_in_days=-40, partner=buyer)
        to_buyer.team_id = self.team
        invoices |= to_buyer
        self.level2.mail_template_id = self.env.ref(
            "logistics_receivable.mail_template_dunning_second"
        )
        self.env["account.move"]._cron_dunning()
        mails = self.env["mail.mail"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
        )
        self.assertEqual(len(mails), 1, "the highest level's statement only")
        self.assertIn("Second notice", mails.subject)
        self.assertEqual(mails.recipient_ids, self.customer | buyer, "the invoices' addresses")
        for invoice in invoices:
            self.assertIn(invoice.name, mails.body_html)
        self.assertIn("40", mails.body_html)
        activities = self.customer.activity_ids
        self.assertEqual(activities.user_id, self.salesman | self.team_lead)
        self.assertEqual(len(activities), 2)
        self.assertIn("3 overdue invoices", activities[0].summary)
        self.assertEqual(
            invoices.mapped("dunning_level_id"), self.level1 | self.level2, "each its own level"
        )
        self.assertEqual(len(invoices.dunning_log_ids), 3)
        self.assertFalse(
            self.env["mail.mail"].search([("recipient_ids", "in", self.salesman.partner_id.ids)]),
            "no 'activity assigned to you' e-mail: the activity is notification enough",
        )
        notes = self.customer.message_ids.filtered(lambda m: "overdue invoices (" in (m.body or ""))
        self.assertEqual(len(notes), 1, "one note in the customer's chatter")

    def test_statement_report(self):
        invoice = self._overdue(15, 750.0)
        self.env["account.move"]._cron_dunning()  # (the report does not need it)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "logistics_receivable.report_customer_statement", self.customer.ids
        )
        html = html.decode()
        self.assertIn("Overdue Statement", html)
        self.assertIn(invoice.name, html)
        self.assertIn("750.00", html)
        self.assertIn(">15<", html.replace(" ", ""))
        paid = self._overdue(20, 100.0)
        self._pay(paid)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("logistics_receivable.report_customer_statement", self.customer.ids)[
                0
            ]
            .decode()
        )
        self.assertNotIn(paid.name, html)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).read(["logistics_statement_html"])

    def test_statement_amounts_read_as_formatlang_writes_them(self):
        """The statement formats its amounts once per language, as formatLang would."""
        self.env["res.lang"]._activate_lang("fr_FR")
        yen = self.env.ref("base.JPY")  # no decimals, symbol after or before
        currencies = (self.company.currency_id, yen, self.env.ref("base.EUR"))
        amounts = (0.0, 0.005, 2.675, -1234.5, 1234567.891, 100.0)
        for lang in ("en_US", "fr_FR"):
            env = self.env(context=dict(self.env.context, lang=lang))
            format_money = env["res.partner"]._logistics_amount_formatter()
            for currency in currencies:
                for amount in amounts:
                    with self.subTest(lang=lang, currency=currency.name, amount=amount):
                        self.assertEqual(
                            format_money(amount, currency),
                            formatLang(env, amount, currency_obj=currency),
                        )

    def test_statement_e_mail_renders_every_placeholder(self):
        """The shipped templates render without QWeb: each placeholder is filled in."""
        invoice = self._overdue(12, 640.0)
        for xmlid in ("reminder", "second", "final"):
            template = self.env.ref(f"logistics_receivable.mail_template_dunning_{xmlid}")
            with self.subTest(template=xmlid):
                self.assertFalse(
                    template._has_unsafe_expression_template_qweb(template.body_html, "res.partner")
                )
                values = template._generate_template(self.customer.ids, ["body_html", "subject"])
                body, subject = (values[self.customer.id][f] for f in ("body_html", "subject"))
                self.assertIn(f"Dear {self.customer.name},", body)
                self.assertIn(invoice.name, body)
                self.assertIn("640.00", body)
                self.assertNotIn("t-out", body)
                self.assertNotIn("no overdue amount", body)
                self.assertIn(f"{self.company.name}</p>", body)
                self.assertIn(self.company.name, subject)

    def test_dunning_queries_do_not_grow_with_the_invoices(self):
        warm, first, second = (self.customer.copy({"name": f"Debtor {i}"}) for i in range(3))
        Move = self.env["account.move"]
        self._invoice(500.0, due_in_days=-10, partner=warm)
        Move._cron_dunning()  # (caches warm)
        for partner in (first, second):
            self._invoice(500.0, due_in_days=-10, partner=partner)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=42):
            Move._cron_dunning()
        # three more invoices each: the same queries
        for partner in (first, second):
            for days in (11, 12, 13):
                self._invoice(500.0, due_in_days=-days, partner=partner)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=42):
            Move._cron_dunning()
        self.assertEqual(len((first | second).dunning_log_ids), 8)

    def test_missing_recipients_are_said_never_replaced(self):
        self.company.credit_controller_id = False
        air = self.env["crm.team"].create({"name": "Air Freight Team"})
        self.assertFalse(self.level1.recipient_warning)
        self.assertIn("Air Freight Team", self.level2.recipient_warning)
        self.assertIn("no credit controller", self.level3.recipient_warning)
        settings = self.env["res.config.settings"].create({})
        self.assertIn("Credit control", settings.logistics_dunning_warning)
        self.assertIn("Air Freight Team", settings.logistics_dunning_warning)
        invoice = self._overdue(70)
        invoice.team_id = air
        self.env["account.move"]._cron_dunning()
        self.assertEqual(
            self.customer.activity_ids.user_id, self.salesman, "nobody stands in for them"
        )

    def test_paid_off_hold_is_proposed_to_the_credit_controller(self):
        invoice = self._overdue(70)
        Move = self.env["account.move"]
        Move._cron_dunning()
        self.assertTrue(self.customer.credit_hold)
        Move._cron_dunning()
        self.assertFalse(
            self.customer.activity_ids.filtered(lambda a: "Lift" in (a.summary or "")),
            "still overdue: nothing to propose",
        )
        self._pay(invoice)
        Move._cron_dunning()
        proposal = self.customer.activity_ids.filtered(lambda a: "Lift" in (a.summary or ""))
        self.assertEqual(proposal.user_id, self.controller)
        self.assertTrue(self.customer.credit_hold, "the controller decides")
        self.assertIn("is paid", self.customer.message_ids[0].body)
        Move._cron_dunning()
        self.assertEqual(
            len(self.customer.activity_ids.filtered(lambda a: "Lift" in (a.summary or ""))), 1
        )

    def test_paid_off_hold_is_lifted_automatically_when_configured(self):
        self.company.credit_hold_release = "auto"
        manual = self.customer.copy({"name": "Held by hand"})
        manual.with_user(self.credit_manager).write(
            {"credit_hold": True, "credit_hold_reason": "Disputed rates"}
        )
        invoice = self._overdue(70)
        Move = self.env["account.move"]
        Move._cron_dunning()
        self.assertTrue(self.customer.credit_hold)
        self._pay(invoice)
        Move._cron_dunning()
        self.assertFalse(self.customer.credit_hold)
        self.assertIn("Credit hold lifted", self.customer.message_ids[0].body)
        self.assertTrue(manual.credit_hold, "a hold set by hand is lifted by hand")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.controller).write(
                {"credit_hold_dunning_company_id": self.company.id}
            )

    def test_reminder_before_an_invoice_falls_due(self):
        self.company.receivable_reminder_days = 3
        soon = self._invoice(300.0, due_in_days=2)
        later = self._invoice(300.0, due_in_days=10)
        Move = self.env["account.move"]
        Move._cron_due_reminders()
        self.assertEqual(soon.activity_ids.user_id, self.salesman)
        self.assertFalse(later.activity_ids)
        Move._cron_due_reminders()
        self.assertEqual(len(soon.activity_ids), 1)
        self.company.receivable_reminder_days = 0
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.company.receivable_reminder_days = -1

    def test_roles(self):
        with self.assertRaises(AccessError):
            self.env["logistics.dunning.level"].with_user(self.salesman).create(
                {"name": "Mine", "days_overdue": 90}
            )
        with self.assertRaises(AccessError):
            self.level1.with_user(self.controller).write({"credit_hold": True})
        self.level1.with_user(self.credit_manager).write({"notify_sales_manager": True})
        invoice = self._overdue(10)
        self.env["account.move"]._cron_dunning()
        log = invoice.dunning_log_ids
        self.assertEqual(log.with_user(self.salesman).level_id, self.level1)
        with self.assertRaises(AccessError):
            log.with_user(self.salesman).unlink()
        with self.assertRaises(AccessError):
            log.with_user(self.credit_manager).write({"days_overdue": 1})
