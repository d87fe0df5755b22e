from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.tests import TransactionCase


class LogisticsServiceCommon(TransactionCase):
    """A catalogue of service items and a three-level authority matrix."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.salesman = logistics_user(cls.env, "ls_sales", "salesman", name="Service Salesperson")
        cls.salesman2 = logistics_user(cls.env, "ls_sales2", "salesman")
        cls.manager = logistics_user(cls.env, "ls_manager", "manager", name="Service Sales Manager")
        cls.director = logistics_user(cls.env, "ls_director", "manager", name="Sales Director")
        Line = cls.env["logistics.service.line"]
        cls.line_customs = Line.create({"name": "Customs", "code": "T-CUS"})
        cls.line_trucking = Line.create({"name": "Trucking", "code": "T-TRK"})
        cls.customs = cls._item(
            "Customs clearance",
            cls.line_customs,
            100.0,
            60.0,
            "logistics_service.service_unit_declaration",
        )
        cls.trucking = cls._item(
            "Trucking", cls.line_trucking, 10.0, 7.0, "logistics_service.service_unit_km"
        )
        Authority = cls.env["logistics.quote.authority"]
        cls.rule_sales = Authority.create(
            {
                "level": 1,
                "group_id": cls.env.ref("logistics_crm.group_logistics_salesman").id,
                "max_discount": 10,
                "min_margin": 20,
                "max_amount": 10000,
            }
        )
        cls.rule_manager = Authority.create(
            {
                "level": 2,
                "user_id": cls.manager.id,
                "max_discount": 20,
                "min_margin": 10,
                "max_amount": 50000,
            }
        )
        cls.rule_director = Authority.create(
            {
                "level": 3,
                "user_id": cls.director.id,
                "max_discount": 50,
                "min_margin": -100,
                "max_amount": 0,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Quote Customer", "is_company": True})

    @classmethod
    def _item(cls, name, line, price, cost, unit_xmlid):
        unit = cls.env.ref(unit_xmlid)
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "is_service_item": True,
                "service_line_id": line.id,
                "service_unit_id": unit.id,
                "uom_id": unit.uom_id.id,
                "uom_po_id": unit.uom_id.id,
                "list_price": price,
                "standard_price": cost,
                "floor_price": price * 0.8,
            }
        )

    @classmethod
    def _quote(cls, user=None, lines=None):
        user = user or cls.salesman
        lines = lines or [(cls.customs, 10, 0.0)]
        return (
            cls.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty, "discount": disc}
                        )
                        for product, qty, disc in lines
                    ],
                }
            )
        )
