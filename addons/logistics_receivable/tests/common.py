from contextlib import contextmanager
from datetime import timedelta

from odoo import Command, fields
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.tests import TransactionCase


class LogisticsReceivableCommon(TransactionCase):
    """A company with credit control, the suite's roles at their lowest privilege, a
    customer and a service product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.today = fields.Date.context_today(cls.env.user)
        cls.salesman = logistics_user(cls.env, "lrc_sales", "salesman")
        cls.other_salesman = logistics_user(cls.env, "lrc_sales2", "salesman")
        cls.controller = logistics_user(cls.env, "lrc_controller", "controller")
        cls.credit_manager = logistics_user(
            cls.env, "lrc_credit_manager", "credit_manager", "salesman"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Receivable Customer",
                "is_company": True,
                "email": "ap@receivable-customer.example.com",
                "customer_stage": "intent",
                "user_id": cls.salesman.id,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Road freight",
                "type": "service",
                "list_price": 1000.0,
                "standard_price": 800.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )

    @contextmanager
    def assertRefused(self, exception, text):
        """assertRaises (which rolls the failed write back, unlike assertRaisesRegex)
        with the message the user reads."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    @classmethod
    def _order(cls, qty=1, price=1000.0, user=None, partner=None, **values):
        user = user or cls.salesman
        return (
            cls.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": (partner or cls.customer).id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": qty,
                                "price_unit": price,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
            )
        )

    @classmethod
    def _branch(cls, name):
        """A member company of the group in another currency, with a chart of accounts."""
        currency = cls.env["res.currency"].search(
            [("id", "!=", cls.company.currency_id.id), ("active", "in", (True, False))], limit=1
        )
        currency.active = True
        branch = cls.env["res.company"].create({"name": name, "currency_id": currency.id})
        cls.env.user.company_ids |= branch
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=branch, install_demo=False
        )
        branch.currency_id = currency  # (the chart sets its country's currency)
        return branch

    @classmethod
    def _invoice(cls, amount, due_in_days=0, partner=None, user=None, company=None):
        """A posted customer invoice due in `due_in_days` (negative: overdue), in
        `company`'s currency (default: the test company)."""
        due = cls.today + timedelta(days=due_in_days)
        company = company or cls.company
        invoice = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "currency_id": company.currency_id.id,
                    "partner_id": (partner or cls.customer).id,
                    "invoice_user_id": (user or cls.salesman).id,
                    "invoice_date": min(due, cls.today),
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Freight", "quantity": 1, "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _pay(cls, invoices, amount=None, date=None):
        """Register a payment of `amount` (default: all that is due, not just the next
        instalment that Odoo proposes)."""
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(
                {
                    "payment_date": date or cls.today,
                    "amount": amount or sum(invoices.mapped("amount_residual")),
                }
            )
        )
        return wizard._create_payments()
