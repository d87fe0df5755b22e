from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsServiceCommon


@tagged("post_install", "-at_install")
class TestServiceCatalogue(LogisticsServiceCommon):
    def test_unit_sets_uom(self):
        template = (
            self.env["product.template"]
            .with_user(self.manager)
            .new({"name": "Pallet storage", "type": "consu"})
        )
        template.is_service_item = True
        template._onchange_is_service_item()
        self.assertEqual(template.type, "service")
        template.service_unit_id = self.env.ref("logistics_service.service_unit_pallet_day")
        template._onchange_service_unit_id()
        self.assertEqual(template.uom_id, self.env.ref("logistics_service.uom_pallet_day"))
        self.assertEqual(template.uom_po_id, template.uom_id)

    def test_floor_rate_checked(self):
        with self.assertRaises(ValidationError):
            self.customs.floor_price = 150.0
        with self.assertRaises(ValidationError):
            self.customs.floor_price = -1.0

    def test_item_flows_into_order_and_invoice(self):
        order = self._quote(lines=[(self.customs, 3, 0.0)])
        line = order.order_line
        self.assertEqual(line.product_uom, self.env.ref("logistics_service.uom_declaration"))
        self.assertEqual(line.purchase_price, 60.0)
        self.assertAlmostEqual(order.margin, 120.0)
        order.action_confirm()
        line.qty_delivered = 3
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.product_uom_id, line.product_uom)
        self.assertAlmostEqual(invoice.amount_untaxed, 300.0)

    def test_cost_rate_hook(self):
        self.assertEqual(self.customs.product_tmpl_id.logistics_cost_rate, 60.0)
        self.assertEqual(self.customs._logistics_cost_rate(), 60.0)

    def test_solution_margin_and_template(self):
        solution = (
            self.env["logistics.solution"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Import customs + trucking",
                    "line_ids": [
                        Command.create({"product_id": self.customs.id, "quantity": 2}),
                        Command.create({"product_id": self.trucking.id, "quantity": 100}),
                    ],
                }
            )
        )
        self.assertAlmostEqual(solution.amount_total, 2 * 100 + 100 * 10)
        self.assertAlmostEqual(solution.cost_total, 2 * 60 + 100 * 7)
        self.assertAlmostEqual(solution.margin_total, 380.0)
        self.assertAlmostEqual(solution.margin_percent, 380 / 1200)  # ratios, as Odoo's
        self.assertAlmostEqual(solution.line_ids[0].margin_percent, 0.40)
        solution.action_create_quote_template()
        template = solution.quote_template_id
        self.assertEqual(template.sale_order_template_line_ids.mapped("product_uom_qty"), [2, 100])
        # quoting the solution shows the expected margin per line and in total
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "sale_order_template_id": template.id}
        )
        order._onchange_sale_order_template_id()
        self.assertEqual(len(order.order_line), 2)
        self.assertAlmostEqual(order.margin, 380.0)
        solution.line_ids[1].quantity = 50
        solution.action_create_quote_template()
        self.assertEqual(solution.quote_template_id, template, "updated in place")
        self.assertEqual(template.sale_order_template_line_ids.mapped("product_uom_qty"), [2, 50])

    def test_solution_bad_input(self):
        solution = self.env["logistics.solution"].create({"name": "Empty"})
        with self.assertRaises(UserError):
            solution.action_create_quote_template()
        with self.assertRaises(ValidationError):
            solution.write(
                {"line_ids": [Command.create({"product_id": self.customs.id, "quantity": 0})]}
            )
