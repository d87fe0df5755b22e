from datetime import timedelta

from freezegun import freeze_time
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsReceivableCommon


@tagged("post_install", "-at_install")
class TestPaymentPlan(LogisticsReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.terms = cls.env["account.payment.term"].create(
            {
                "name": "30 % advance, balance in 30 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 70.0, "nb_days": 30}),
                ],
            }
        )

    def _confirmed(self, **values):
        order = self._order(qty=10, payment_term_id=self.terms.id, **values)
        order.action_confirm()
        return order

    def test_plan_from_payment_terms_at_confirmation(self):
        order = self._confirmed()
        plan = order.payment_instalment_ids
        self.assertEqual(plan.mapped("amount"), [3000.0, 7000.0])
        order_date = order.date_order.date()
        self.assertEqual(plan.mapped("due_date"), [order_date, order_date + timedelta(days=30)])
        self.assertEqual(set(plan.mapped("payment_state")), {"planned"})
        self.assertEqual(plan.partner_id, self.customer)
        self.assertEqual(order.payment_planned, 10000.0)
        self.assertFalse(order.payment_unplanned)

    def test_fixed_terms_above_the_total_give_one_payment(self):
        terms = self.env["account.payment.term"].create(
            {
                "name": "5000 now, balance in 30 days",
                "line_ids": [
                    Command.create({"value": "fixed", "value_amount": 5000.0, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 100.0, "nb_days": 30}),
                ],
            }
        )
        order = self._order(qty=2, payment_term_id=terms.id)  # 2000 < 5000
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.payment_instalment_ids.mapped("amount"), [2000.0])

    def test_order_without_terms_has_one_instalment(self):
        order = self._order(qty=2)
        order.action_confirm()
        self.assertEqual(order.payment_instalment_ids.mapped("amount"), [2000.0])

    def test_payments_are_matched_earliest_due_first(self):
        order = self._confirmed()
        invoice = order._create_invoices()
        invoice.action_post()
        first, second = order.payment_instalment_ids
        self.assertEqual(first.state, "planned")
        self._pay(invoice, amount=4000.0)
        self.assertEqual((first.paid_amount, first.payment_state), (3000.0, "paid"))
        self.assertEqual((second.paid_amount, second.residual), (1000.0, 6000.0))
        self.assertEqual(second.payment_state, "partial")
        self.assertEqual(order.payment_collected, 4000.0)
        # planned vs. actual: the balance is late once its due date has passed
        with freeze_time(self.today + timedelta(days=31)):
            self.env.invalidate_all()
            self.assertEqual((first.state, second.state), ("paid", "overdue"))
            self.assertEqual(order.payment_overdue, 6000.0)
            overdue = self.env["logistics.payment.instalment"].search(
                [("state", "=", "overdue"), ("order_id", "=", order.id)]
            )
            self.assertEqual(overdue, second)
        self.env.invalidate_all()
        self._pay(invoice)
        self.assertEqual(set(order.payment_instalment_ids.mapped("state")), {"paid"})

    def test_refund_reduces_what_is_collected(self):
        order = self._confirmed()
        invoice = order._create_invoices()
        invoice.action_post()
        self._pay(invoice)
        self.assertEqual(order.payment_collected, 10000.0)
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Damaged cargo"})
        )
        reversal.refund_moves()
        refund = invoice.reversal_move_ids
        refund.invoice_line_ids.quantity = 2  # 2000 credited, to be paid back
        refund.action_post()
        self._pay(refund)
        self.assertEqual(order.payment_collected, 8000.0)
        self.assertEqual(order.payment_instalment_ids[1].payment_state, "partial")

    def test_editing_the_plan(self):
        order = self._confirmed()
        first, second = order.payment_instalment_ids
        order.with_user(self.salesman).write(
            {
                "payment_instalment_ids": [
                    Command.update(second.id, {"amount": 4000.0}),
                    Command.create(
                        {
                            "name": "Final",
                            "due_date": self.today + timedelta(days=60),
                            "amount": 3000.0,
                        }
                    ),
                ]
            }
        )
        self.assertEqual(order.payment_planned, 10000.0)
        with self.assertRefused(ValidationError, "exceeds the order's total"):
            first.with_user(self.salesman).amount = 5000.0
        with self.assertRefused(ValidationError, "must be positive"):
            first.with_user(self.salesman).amount = -1.0
        self.assertEqual(first.amount, 3000.0)
        first.amount = 1000.0
        self.assertEqual(order.payment_unplanned, 2000.0)

    def test_regenerate_only_before_collection(self):
        order = self._confirmed()
        order.payment_instalment_ids[0].amount = 100.0
        order.action_generate_payment_plan()
        self.assertEqual(order.payment_instalment_ids.mapped("amount"), [3000.0, 7000.0])
        invoice = order._create_invoices()
        invoice.action_post()
        self._pay(invoice, amount=500.0)
        with self.assertRefused(UserError, "already collected"):
            order.action_generate_payment_plan()
        self.assertEqual(order.payment_collected, 500.0)

    def test_reminder_before_an_instalment_falls_due(self):
        self.company.receivable_reminder_days = 3
        order = self._confirmed()
        first, second = order.payment_instalment_ids
        first.due_date = self.today + timedelta(days=2)  # within 3 days
        Instalment = self.env["logistics.payment.instalment"]
        Instalment._cron_due_reminders()
        self.assertTrue(first.reminder_sent)
        self.assertFalse(second.reminder_sent)  # due in 30 days
        activity = order.activity_ids
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("3,000.00", activity.summary)
        Instalment._cron_due_reminders()
        self.assertEqual(len(order.activity_ids), 1, "never reminded twice")
        second.due_date = self.today + timedelta(days=1)
        Instalment._cron_due_reminders()
        self.assertEqual(len(order.activity_ids), 2)

    def test_reminder_cron_is_bounded(self):
        self.company.receivable_reminder_days = 40
        orders = self._confirmed() | self._confirmed()
        self.assertEqual(len(orders.payment_instalment_ids), 4)
        Instalment = self.env["logistics.payment.instalment"]
        remaining = Instalment._cron_due_reminders(batch_size=3)
        self.assertEqual(remaining, 1)
        self.assertEqual(Instalment._cron_due_reminders(batch_size=3), 0)
        self.assertTrue(all(orders.payment_instalment_ids.mapped("reminder_sent")))

    def test_roles(self):
        order = self._confirmed()
        instalment = order.payment_instalment_ids[0]
        Instalment = self.env["logistics.payment.instalment"]
        self.assertEqual(
            Instalment.with_user(self.salesman).search([("order_id", "=", order.id)]),
            order.payment_instalment_ids,
        )
        self.assertFalse(
            Instalment.with_user(self.other_salesman).search([("order_id", "=", order.id)])
        )
        with self.assertRaises(AccessError):
            instalment.with_user(self.other_salesman).amount = 10.0
        self.assertEqual(
            Instalment.with_user(self.controller).search_count([("order_id", "=", order.id)]), 2
        )
        with self.assertRaises(AccessError):
            instalment.with_user(self.controller).amount = 10.0
        for vals in ({"paid_amount": 3000.0}, {"payment_state": "paid"}, {"reminder_sent": True}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                instalment.with_user(self.salesman).write(vals)
        self.assertEqual(instalment.amount, 3000.0)
        self.assertEqual(instalment.payment_state, "planned")
