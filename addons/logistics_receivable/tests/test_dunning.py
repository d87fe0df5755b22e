from datetime import timedelta

from freezegun import freeze_time
from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

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
        self.assertEqual(invoice.activity_ids.user_id, self.salesman)
        self.assertIn("10 days overdue", invoice.activity_ids.summary)
        mail = self.env["mail.mail"].search(
            [("model", "=", "account.move"), ("res_id", "=", invoice.id)]
        )
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(invoice.name, mail.subject)
        log = self.customer.dunning_log_ids
        self.assertEqual((log.level_id, log.move_id, log.days_overdue), (self.level1, invoice, 10))
        self.assertTrue(log.mail_sent)
        self.assertIn("Reminder", self.customer.message_ids[0].body)

    def test_a_level_is_never_applied_twice(self):
        invoice = self._overdue(10)
        Move = self.env["account.move"]
        Move._cron_dunning()
        Move._cron_dunning()
        self.assertEqual(len(invoice.dunning_log_ids), 1)
        self.assertEqual(len(invoice.activity_ids), 1)
        # even if somebody resets the invoice's level, the history keeps it from repeating
        invoice.sudo().dunning_level_id = False
        Move._cron_dunning()
        self.assertEqual(len(invoice.dunning_log_ids), 1)

    def test_highest_level_reached_applies_with_credit_hold(self):
        invoice = self._overdue(70)
        self.env["account.move"]._cron_dunning()
        self.assertEqual(invoice.dunning_log_ids.level_id, self.level3, "lower levels skipped")
        self.assertEqual(
            invoice.activity_ids.user_id, self.salesman | self.team_lead | self.controller
        )
        self.assertTrue(self.customer.credit_hold)
        self.assertIn(invoice.name, self.customer.credit_hold_reason)
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
        self.assertIn(self.team_lead, invoice.activity_ids.user_id)
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

    def test_cron_works_in_bounded_batches(self):
        invoices = self._overdue(10) | self._overdue(11) | self._overdue(12)
        Move = self.env["account.move"]
        self.assertEqual(Move._cron_dunning(batch_size=2), 1)
        self.assertEqual(len(invoices.dunning_log_ids), 2)
        self.assertEqual(Move._cron_dunning(batch_size=2), 0)
        self.assertEqual(len(invoices.dunning_log_ids), 3)

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
