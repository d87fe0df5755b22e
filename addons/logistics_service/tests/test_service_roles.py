from odoo.addons.logistics_crm.tests.common import LogisticsRolesCase
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLogisticsServiceRoles(LogisticsRolesCase, TransactionCase):
    """The roles this module adds to the Logistics security category."""

    low_role = "logistics_service.group_logistics_service_agent"
    high_role = "logistics_service.group_logistics_service_manager"
    implied_group = "base.group_user"
