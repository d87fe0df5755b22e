from odoo.addons.logistics_crm.tests.common import LogisticsRolesCase
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLogisticsSupplierRoles(LogisticsRolesCase, TransactionCase):
    """The roles this module adds to the Logistics security category."""

    low_role = "logistics_supplier.group_logistics_buyer"
    high_role = "logistics_supplier.group_logistics_supplier_manager"
    implied_group = "purchase.group_purchase_user"
