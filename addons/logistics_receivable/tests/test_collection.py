from datetime import timedelta

from freezegun import freeze_time
from odoo.addons.logistics_crm.tests.common import LogisticsRpcCase, logistics_user
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsReceivableCommon


@tagged("post_install", "-at_install")
class TestCollectionWorklist(LogisticsReceivableCommon):
    """The credit controller's worklist: a case per customer with overdue debt, worked
    with next actions and payment promises, closed once paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.credit_controller_id = cls.controller
        Level = cls.env["logistics.dunning.level"]
        Level.search([("company_id", "=", cls.company.id)]).active = False
        cls.level1 = Level.create({"name": "Reminder", "days_overdue": 5})
        cls.level2 = Level.create({"name": "Escalated", "days_overdue": 30})
        cls.Case = cls.env["logistics.collection.case"]

    def _case(self):
        return self.Case.search([("partner_id", "=", self.customer.id)])

    def test_dunning_opens_one_case_per_customer_and_raises_its_level(self):
        self._invoice(400.0, due_in_days=-10)
        self._invoice(600.0, due_in_days=-12)
        Move = self.env["account.move"]
        Move._cron_dunning()
        case = self._case()
        self.assertEqual(len(case), 1)
        self.assertEqual(
            (case.level_id, case.state, case.user_id), (self.level1, "open", self.controller)
        )
        self.assertEqual((case.overdue_amount, case.oldest_days), (1000.0, 12))
        self.assertEqual(case.overdue_since, self.today - timedelta(days=12))
        with freeze_time(self.today + timedelta(days=20)):
            Move._cron_dunning()
        self.assertEqual(self._case(), case, "still one case")
        self.assertEqual(case.level_id, self.level2)

    def test_promise_reminds_the_controller_and_a_broken_one_is_noted(self):
        self._invoice(400.0, due_in_days=-10)
        Move = self.env["account.move"]
        Move._cron_dunning()
        case = self._case().with_user(self.controller)
        with self.assertRaises(ValidationError):
            case.write({"promise_date": self.today + timedelta(days=3)})
        promised = self.today + timedelta(days=3)
        case.write({"promise_date": promised, "promise_amount": 400.0, "next_action": "Call AP"})
        self.assertEqual(case.state, "promised")
        reminder = case.activity_ids
        self.assertEqual((reminder.user_id, reminder.date_deadline), (self.controller, promised))
        with freeze_time(self.today + timedelta(days=4)):
            Move._cron_dunning()
        self.assertEqual(case.state, "open")
        self.assertFalse(case.promise_date)
        self.assertIn("Promise broken", case.message_ids[0].body)

    def test_case_closes_once_the_debt_is_paid(self):
        invoice = self._invoice(400.0, due_in_days=-10)
        Move = self.env["account.move"]
        Move._cron_dunning()
        case = self._case()
        self._pay(invoice)
        with freeze_time(self.today + timedelta(days=1)):
            Move._cron_dunning()
        self.assertEqual(case.state, "closed")
        self.assertIn("paid", case.message_ids[0].body)
        # a new overdue invoice opens a new case
        self._invoice(100.0, due_in_days=-6)
        Move._cron_dunning()
        self.assertEqual(len(self._case()), 2)

    def test_each_company_works_its_own_case(self):
        """A customer overdue with the head office and with a branch in another currency:
        a case in each, for each company's credit controller, in its currency; each
        controller sees the case of its company only."""
        branch = self._branch("Case Branch")
        currency = branch.currency_id
        branch_controller = logistics_user(
            self.env,
            "lrcol_branch_controller",
            "controller",
            company_id=branch.id,
            company_ids=[branch.id],
        )
        branch.credit_controller_id = branch_controller
        Level = self.env["logistics.dunning.level"].with_company(branch)
        Level.search([("company_id", "=", branch.id)]).active = False
        branch_level = Level.create({"name": "Branch reminder", "days_overdue": 5})
        self._invoice(400.0, due_in_days=-10)
        self._invoice(777.0, due_in_days=-15, company=branch)
        self.env["account.move"]._cron_dunning()
        cases = self._case()
        self.assertEqual(len(cases), 2, "one case per company")
        here_case = cases.filtered(lambda case: case.company_id == self.company)
        there_case = cases - here_case
        self.assertEqual(
            (here_case.user_id, here_case.level_id, here_case.overdue_amount),
            (self.controller, self.level1, 400.0),
        )
        self.assertEqual(
            (there_case.user_id, there_case.level_id, there_case.company_id),
            (branch_controller, branch_level, branch),
        )
        self.assertEqual((there_case.overdue_amount, there_case.currency_id), (777.0, currency))
        self.assertEqual(there_case.oldest_days, 15)
        for controller, case in ((self.controller, here_case), (branch_controller, there_case)):
            with self.subTest(controller=controller.login):
                seen = self.Case.with_user(controller).search(
                    [("partner_id", "=", self.customer.id)]
                )
                self.assertEqual(seen, case)
        with self.assertRaises(AccessError):
            there_case.with_user(self.controller).read(["overdue_amount"])

    def test_who_may_do_what(self):
        self._invoice(400.0, due_in_days=-10)
        self.env["account.move"]._cron_dunning()
        case = self._case()
        with self.assertRaises(AccessError):
            self.Case.with_user(self.salesman).search([]).read(["partner_id"])
        with self.assertRaises(AccessError):
            case.with_user(self.controller).write({"state": "closed"})
        with self.assertRaises(AccessError):
            case.with_user(self.controller).write({"level_id": self.level2.id})
        with self.assertRaises(AccessError):
            self.Case.with_user(self.controller).create({"partner_id": self.customer.id})
        with self.assertRaises(UserError):
            case.with_user(self.credit_manager).unlink()
        case.with_user(self.controller).action_close()
        self.assertEqual(case.state, "closed")
        report = case.with_user(self.controller).action_print_statement()
        self.assertEqual(report["report_name"], "logistics_receivable.report_customer_statement")


@tagged("post_install", "-at_install")
class TestCollectionRpc(LogisticsRpcCase):
    def test_worklist_over_rpc(self):
        controller = logistics_user(self.env, "lr_rpc_ctrl", "controller")
        salesman = logistics_user(self.env, "lr_rpc_case_sales", "salesman")
        customer = self.env["res.partner"].create({"name": "RPC Debtor", "is_company": True})
        case = self.env["logistics.collection.case"].create(
            {"partner_id": customer.id, "company_id": self.env.company.id}
        )
        self.login(salesman)
        self.assertRpcRefused(
            "logistics.collection.case", "read", [case.id], ["partner_id"], error="AccessError"
        )
        self.login(controller)
        self.assertRpcRefused(
            "logistics.collection.case",
            "write",
            [case.id],
            {"state": "closed"},
            error="AccessError",
        )
        self.assertRpcRefused(
            "logistics.collection.case",
            "create",
            {"partner_id": customer.id, "company_id": self.env.company.id},
            error="AccessError",
        )
        self.assertRpcRefused("logistics.collection.case", "unlink", [case.id])
        self.assertRpcRefused(
            "logistics.collection.case",
            "write",
            [case.id],
            {"promise_date": "2026-13-45", "promise_amount": 10},
        )
        self.assertEqual(case.state, "open")
