from odoo.tests import tagged

from .common import LogisticsReceivableCommon


@tagged("post_install", "-at_install")
class TestSalesPerformanceOverdue(LogisticsReceivableCommon):
    """A salesperson's figures show what their customers owe overdue today, in each
    company's currency; not what is due later, nor what is paid."""

    def test_overdue_of_their_customers(self):
        self._invoice(300.0, due_in_days=-10)
        paid = self._invoice(500.0, due_in_days=-20)
        self._pay(paid)
        self._invoice(700.0, due_in_days=5)  # not due yet
        self._invoice(40.0, due_in_days=-3, user=self.other_salesman)
        branch = self._branch("Overdue Branch")
        self._invoice(90.0, due_in_days=-1, company=branch)
        self.env.flush_all()
        Report = self.env["logistics.sales.performance"]
        rows = Report._read_group(
            [("date", "=", self.today)], ["company_id", "user_id"], ["overdue_amount:sum"]
        )
        self.assertEqual(
            set(rows),
            {
                (self.company, self.salesman, 300.0),
                (self.company, self.other_salesman, 40.0),
                (branch, self.salesman, 90.0),
            },
        )
        mine = Report.with_user(self.salesman)._read_group(
            [("kind", "=", "overdue")], ["user_id"], ["overdue_amount:sum"]
        )
        self.assertEqual(mine, [(self.salesman, 300.0)], "their own, in their company")
