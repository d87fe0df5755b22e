from odoo.addons.logistics_crm.tests.common import LogisticsRolesCase
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLogisticsReceivableRoles(LogisticsRolesCase, TransactionCase):
    """The roles this module adds to the Logistics security category."""

    low_role = "logistics_receivable.group_logistics_credit_controller"
    high_role = "logistics_receivable.group_logistics_credit_manager"
    implied_group = "account.group_account_invoice"
