import base64
import io
import zipfile
from ast import literal_eval
from datetime import timedelta

from odoo import Command, fields
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestReceivableReports(TransactionCase):
    """Aged receivables, credit exposure, margin analysis and their Excel export,
    seen by a salesperson, a credit controller and the numbers Odoo itself uses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # Odoo's credit figures need its credit limit on; this module's blocking is
        # not what these reports are about (the overdue debt below would block orders)
        cls.company.write(
            {
                "account_use_credit_limit": True,
                "credit_block_enabled": False,
                "credit_overdue_days": 0,
            }
        )
        # the SQL views age debts on the database's CURRENT_DATE (UTC)
        cls.today = fields.Date.today()
        cls.salesman = logistics_user(
            cls.env, "lr_report_sales1", "salesman", name="Report Salesperson One"
        )
        cls.salesman2 = logistics_user(
            cls.env, "lr_report_sales2", "salesman", name="Report Salesperson Two"
        )
        cls.controller = logistics_user(cls.env, "lr_report_controller", "controller")
        Partner = cls.env["res.partner"]
        cls.alpha = Partner.create(
            {
                "name": "Alpha Freight Ltd",
                "is_company": True,
                "user_id": cls.salesman.id,
                "customer_tier_override": "strategic",
                "credit_limit": 20000.0,
            }
        )
        cls.alpha_contact = Partner.create(
            {"name": "Alice Buyer", "parent_id": cls.alpha.id, "type": "invoice"}
        )
        cls.beta = Partner.create(
            {
                "name": "Beta Trading Co",
                "is_company": True,
                "user_id": cls.salesman2.id,
                "customer_tier_override": "general",
                "credit_limit": 1000.0,
            }
        )
        # no limit of its own: the company's default limit (ir.default) applies
        cls.env["ir.default"].set("res.partner", "credit_limit", 5000.0, company_id=cls.company.id)
        cls.gamma = Partner.create({"name": "Gamma Without Salesperson", "is_company": True})

        ServiceLine = cls.env["logistics.service.line"]
        cls.line_freight = ServiceLine.create({"name": "Ocean Freight", "code": "LR-OF"})
        cls.line_customs = ServiceLine.create({"name": "Customs Clearance", "code": "LR-CC"})
        cls.tax = cls.env["account.tax"].create(
            {"name": "Report VAT 10%", "amount": 10.0, "type_tax_use": "sale"}
        )
        cls.freight = cls._product("Sea freight FCL", 1000.0, 700.0, cls.line_freight)
        cls.customs = cls._product("Customs declaration", 500.0, 200.0, cls.line_customs)

        # Alpha: not due, 1-30 days (billed to its contact), 61-90 days partly paid
        cls.inv_not_due = cls._invoice(cls.alpha, 1000.0, due_in=10)
        cls.inv_20 = cls._invoice(cls.alpha_contact, 2000.0, due_in=-20)
        cls.inv_75 = cls._invoice(cls.alpha, 3000.0, due_in=-75)
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.inv_75.ids
        ).create({"amount": 1200.0})._create_payments()
        # Beta: 31-60 and over 90 days
        cls.inv_45 = cls._invoice(cls.beta, 500.0, due_in=-45, user=cls.salesman2)
        cls.inv_120 = cls._invoice(cls.beta, 700.0, due_in=-120, user=cls.salesman2)
        cls.inv_gamma = cls._invoice(cls.gamma, 300.0, due_in=5, user=cls.env["res.users"])

        # Alpha orders: 3 x 1,100 (tax incl.) of which 1 invoiced; one in a foreign currency
        cls.order = cls._order(cls.alpha, [(cls.freight, 3, 1000.0)])
        invoice = cls.order._create_invoices()
        invoice.write(
            {"invoice_line_ids": [Command.update(invoice.invoice_line_ids.id, {"quantity": 1})]}
        )
        invoice.action_post()
        cls.inv_order = invoice
        cls.foreign = cls.env.ref("base.EUR")
        if cls.company.currency_id == cls.foreign:
            cls.foreign = cls.env.ref("base.USD")
        cls.foreign.active = True
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.foreign.id,
                "company_id": cls.company.id,
                "name": cls.today,
                "rate": 2.0,
            }
        )
        pricelist = cls.env["product.pricelist"].create(
            {"name": "Foreign pricelist", "currency_id": cls.foreign.id}
        )
        cls.foreign_order = cls._order(
            cls.alpha, [(cls.freight, 1, 400.0)], pricelist_id=pricelist.id
        )
        # Beta order over two service lines, nothing invoiced
        cls.beta_order = cls._order(
            cls.beta, [(cls.freight, 2, 1000.0), (cls.customs, 1, 500.0)], user=cls.salesman2
        )
        # on hold only now: a held customer's orders cannot be confirmed
        cls.beta.credit_hold = True

    @classmethod
    def _product(cls, name, price, cost, service_line):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "list_price": price,
                "standard_price": cost,
                "invoice_policy": "order",
                "service_line_id": service_line.id,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )

    @classmethod
    def _invoice(cls, partner, amount, due_in, user=None):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_user_id": (cls.salesman if user is None else user).id,
                "invoice_date": cls.today - timedelta(days=max(0, -due_in) + 30),
                "invoice_payment_term_id": False,
                "invoice_date_due": cls.today + timedelta(days=due_in),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Freight", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _order(cls, partner, lines, user=None, **vals):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or cls.salesman).id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": qty, "price_unit": price}
                    )
                    for product, qty, price in lines
                ],
                **vals,
            }
        )
        order.action_confirm()
        return order

    def _rows(self, model, user=None, domain=()):
        self.env.flush_all()
        Report = self.env[model].with_user(user) if user else self.env[model]
        customers = (self.alpha | self.beta | self.gamma).ids
        return Report.search([("partner_id", "in", customers), *domain])

    def _export(self, user, report):
        wizard = (
            self.env["logistics.receivable.export"]
            .with_user(user)
            .create({"report": report, "company_id": self.company.id})
        )
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"model=logistics.receivable.export&id={wizard.id}&field=file", action["url"])
        self.assertTrue(wizard.filename.endswith(".xlsx"))
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.file))) as workbook:
            self.assertIn("xl/worksheets/sheet1.xml", workbook.namelist())
            return (
                workbook.read("xl/sharedStrings.xml").decode(),
                workbook.read("xl/worksheets/sheet1.xml").decode(),
            )

    # ---- AGED RECEIVABLES ----

    def test_aging_buckets_and_amounts(self):
        rows = {row.move_id: row for row in self._rows("logistics.receivable.report")}
        expected = {
            self.inv_not_due: ("0_not_due", 0, False, 1000.0),
            self.inv_20: ("1_30", 20, True, 2000.0),
            self.inv_45: ("31_60", 45, True, 500.0),
            self.inv_75: ("61_90", 75, True, 1800.0),  # 3,000 less the 1,200 paid
            self.inv_120: ("over_90", 120, True, 700.0),
            self.inv_order: ("0_not_due", 0, False, 1100.0),
            self.inv_gamma: ("0_not_due", 0, False, 300.0),
        }
        self.assertEqual(set(rows), set(expected), "one row per open invoice, none paid")
        for invoice, (aging, days, overdue, amount) in expected.items():
            with self.subTest(invoice=invoice.name):
                row = rows[invoice]
                self.assertEqual(row.aging, aging)
                self.assertEqual(row.days_overdue, days)
                self.assertEqual(row.overdue, overdue)
                self.assertAlmostEqual(row.amount_residual, amount)
                self.assertEqual(row.date_maturity, invoice.invoice_date_due)
                self.assertEqual(row.company_id, self.company)
        # the invoice billed to a contact counts for the customer company
        self.assertEqual(rows[self.inv_20].partner_id, self.alpha)
        self.assertEqual(rows[self.inv_20].customer_tier, "strategic")
        self.assertEqual(rows[self.inv_45].user_id, self.salesman2)

        # paying the rest removes the invoice from the report
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.inv_75.ids
        ).create({})._create_payments()
        self.assertNotIn(self.inv_75, self._rows("logistics.receivable.report").move_id)

    def test_unapplied_payment_lowers_the_debt_but_is_not_overdue(self):
        payment = self.env["account.payment"].create(
            {
                "partner_id": self.beta.id,
                "partner_type": "customer",
                "payment_type": "inbound",
                "amount": 150.0,
                "date": self.today - timedelta(days=40),
            }
        )
        payment.action_post()
        rows = self._rows("logistics.receivable.report", domain=[("partner_id", "=", self.beta.id)])
        credit = rows.filtered(lambda row: row.amount_residual < 0)
        self.assertAlmostEqual(credit.amount_residual, -150.0)
        self.assertEqual((credit.aging, credit.overdue), ("31_60", False))
        self.assertAlmostEqual(sum(rows.mapped("amount_residual")), 1050.0)
        self.assertNotIn(credit, rows.filtered("overdue"))

    def test_totals_by_salesperson_tier_and_bucket(self):
        self.env.flush_all()
        Report = self.env["logistics.receivable.report"]
        domain = [("partner_id", "in", (self.alpha | self.beta | self.gamma).ids)]
        by_user = dict(Report._read_group(domain, ["user_id"], ["amount_residual:sum"]))
        self.assertEqual(
            by_user,
            {self.salesman: 5900.0, self.salesman2: 1200.0, self.env["res.users"]: 300.0},
        )
        by_tier = dict(Report._read_group(domain, ["customer_tier"], ["amount_residual:sum"]))
        self.assertEqual(by_tier, {"strategic": 5900.0, "general": 1200.0, False: 300.0})
        # the pivot of the "Aged Receivables" menu: salespeople x buckets, in bucket order
        pivot = Report._read_group(domain, ["user_id", "aging"], ["amount_residual:sum"])
        salesman_buckets = [
            (aging, amount) for user, aging, amount in pivot if user == self.salesman
        ]
        self.assertEqual(
            salesman_buckets, [("0_not_due", 2100.0), ("1_30", 2000.0), ("61_90", 1800.0)]
        )

    def test_overdue_receivables_action(self):
        action = self.env.ref("logistics_receivable.logistics_receivable_report_action_overdue")
        self.assertTrue(action.view_mode.startswith("list"))
        rows = self._rows("logistics.receivable.report", domain=literal_eval(action.domain))
        self.assertEqual(rows.move_id, self.inv_20 | self.inv_45 | self.inv_75 | self.inv_120)
        oldest_first = rows.sorted(lambda row: -row.days_overdue)
        self.assertEqual(
            oldest_first.move_id.ids,
            [self.inv_120.id, self.inv_75.id, self.inv_45.id, self.inv_20.id],
        )

    # ---- CREDIT EXPOSURE ----

    def test_exposure_matches_odoo_credit_check(self):
        rows = {row.partner_id: row for row in self._rows("logistics.credit.exposure.report")}
        self.assertEqual(set(rows), {self.alpha, self.beta, self.gamma})
        for customer, row in rows.items():
            with self.subTest(customer=customer.name):
                partner = customer.with_company(self.company)
                self.assertEqual(row.company_id, self.company)
                self.assertAlmostEqual(row.receivable, partner.credit)
                self.assertAlmostEqual(row.uninvoiced, partner.credit_to_invoice)
                self.assertAlmostEqual(row.exposure, partner.credit + partner.credit_to_invoice)
                self.assertAlmostEqual(row.credit_limit, partner.credit_limit)
                self.assertAlmostEqual(row.available, partner.credit_limit - row.exposure)

        alpha, beta, gamma = rows[self.alpha], rows[self.beta], rows[self.gamma]
        # 1,000 + 2,000 + 1,800 + 1,100 open; 2 x 1,100 + 440 foreign at rate 2 to invoice
        foreign = self.foreign._convert(440.0, self.company.currency_id, self.company, self.today)
        self.assertAlmostEqual(alpha.receivable, 5900.0)
        self.assertAlmostEqual(alpha.uninvoiced, 2200.0 + foreign)
        self.assertEqual(
            (alpha.credit_limit, alpha.over_limit, alpha.credit_hold, alpha.user_id),
            (20000.0, False, False, self.salesman),
        )
        # 1,200 open + 2,750 ordered against a 1,000 limit, and on hold
        self.assertAlmostEqual(beta.exposure, 3950.0)
        self.assertEqual((beta.over_limit, beta.credit_hold), (True, True))
        # the company's default limit (jsonb fallback) applies to gamma
        self.assertEqual(
            (gamma.credit_limit, gamma.exposure, gamma.over_limit), (5000.0, 300.0, False)
        )

    def test_no_limit_is_never_over_limit(self):
        self.beta.with_company(self.company).credit_limit = 0.0
        self.env["ir.default"].set("res.partner", "credit_limit", 0.0, company_id=self.company.id)
        rows = self._rows("logistics.credit.exposure.report")
        beta = rows.filtered(lambda row: row.partner_id == self.beta)
        self.assertEqual((beta.credit_limit, beta.over_limit), (0.0, False))
        self.assertAlmostEqual(beta.available, -3950.0)

    # ---- MARGIN ----

    def test_margin_by_service_line(self):
        self.env.flush_all()
        groups = self.env["sale.report"]._read_group(
            [("partner_id", "=", self.beta.id), ("state", "=", "sale")],
            ["service_line_id"],
            ["price_subtotal:sum", "margin:sum"],
        )
        self.assertEqual(
            {line: (revenue, margin) for line, revenue, margin in groups},
            {self.line_freight: (2000.0, 600.0), self.line_customs: (500.0, 300.0)},
        )
        action = self.env.ref("logistics_receivable.sale_report_action_margin")
        self.assertEqual(literal_eval(action.domain), [("state", "=", "sale")])
        self.assertTrue(action.view_mode.startswith("pivot"))

    # ---- ROLES AND EXPORT ----

    def test_salesperson_sees_only_own_rows_and_cannot_export(self):
        for user, customer in ((self.salesman, self.alpha), (self.salesman2, self.beta)):
            with self.subTest(user=user.name):
                receivables = self._rows("logistics.receivable.report", user=user)
                self.assertEqual(receivables.partner_id, customer)
                self.assertEqual(receivables.user_id, user)
                exposure = self._rows("logistics.credit.exposure.report", user=user)
                self.assertEqual(exposure.partner_id, customer)
        # no row of anyone else, even without filtering on the test customers
        self.env.flush_all()
        Report = self.env["logistics.receivable.report"].with_user(self.salesman)
        self.assertEqual(Report.search([]).user_id, self.salesman)
        with self.assertRaises(AccessError):
            self.env["logistics.receivable.export"].with_user(self.salesman).create(
                {"report": "aged_partner"}
            )
        menus = self.env["ir.ui.menu"].with_user(self.salesman)._visible_menu_ids()
        self.assertIn(
            self.env.ref("logistics_receivable.logistics_receivable_report_menu").id, menus
        )
        self.assertNotIn(
            self.env.ref("logistics_receivable.logistics_receivable_export_menu").id, menus
        )

    def test_controller_sees_all_and_exports_a_workbook(self):
        receivables = self._rows("logistics.receivable.report", user=self.controller)
        self.assertEqual(receivables.partner_id, self.alpha | self.beta | self.gamma)
        exposure = self._rows("logistics.credit.exposure.report", user=self.controller)
        self.assertEqual(len(exposure), 3)
        menus = self.env["ir.ui.menu"].with_user(self.controller)._visible_menu_ids()
        self.assertIn(
            self.env.ref("logistics_receivable.logistics_receivable_export_menu").id, menus
        )

        self.env.flush_all()
        strings, sheet = self._export(self.controller, "aged_partner")
        for text in ("Aged Receivables by Customer", "Customer", "Over 90", "Total"):
            self.assertIn(text, strings)
        self.assertIn("Alpha Freight Ltd", strings)
        self.assertIn("Beta Trading Co", strings)
        # Alpha's total and Beta's debt over 90 days are numbers, not text
        self.assertIn("<v>5900</v>", sheet)
        self.assertIn("<v>700</v>", sheet)
        strings, _sheet = self._export(self.controller, "margin")
        self.assertIn("Ocean Freight", strings)
        self.assertIn("Customs Clearance", strings)
        for report in ("aged_user", "aged_tier", "overdue", "exposure"):
            with self.subTest(report=report):
                self.assertIn("Total", self._export(self.controller, report)[0])
        # a workbook belongs to its author
        other = logistics_user(self.env, "lr_report_controller2", "controller")
        wizard = self.env["logistics.receivable.export"].with_user(self.controller).create({})
        with self.assertRaises(AccessError):
            wizard.with_user(other).action_export()
