from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.addons.logistics_service.tests.common import LogisticsServiceCommon


class LogisticsSupplierCommon(LogisticsServiceCommon):
    """Service items from logistics_service, a buyer, a supplier manager, two carriers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = logistics_user(cls.env, "lsu_buyer", "buyer", name="Buyer")
        cls.supplier_manager = logistics_user(
            cls.env, "lsu_manager", "supplier_manager", name="Supplier Manager"
        )
        Partner = cls.env["res.partner"]
        cls.carrier = Partner.create(
            {
                "name": "Yangtze Trucking Co., Ltd.",
                "is_company": True,
                "is_logistics_supplier": True,
                "supplier_type": "carrier",
                "vat": "91320100MA1TRUCK",
                "email": "dispatch@yangtze.example.com",
            }
        )
        cls.carrier2 = Partner.create(
            {
                "name": "Pearl River Haulage",
                "is_company": True,
                "is_logistics_supplier": True,
                "supplier_type": "carrier",
            }
        )

    @classmethod
    def _po(cls, supplier, product=None, qty=10, price=5.0, user=None):
        product = product or cls.trucking
        return (
            cls.env["purchase.order"]
            .with_user(user or cls.buyer)
            .create(
                {
                    "partner_id": supplier.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": qty,
                                "price_unit": price,
                            }
                        )
                    ],
                }
            )
        )
