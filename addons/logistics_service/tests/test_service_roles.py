from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLogisticsServiceRoles(TransactionCase):
    """The roles this module adds to the Logistics security category."""

    def test_roles_chain_and_category(self):
        low = self.env.ref("logistics_service.group_logistics_service_agent")
        high = self.env.ref("logistics_service.group_logistics_service_manager")
        self.assertIn(low, high.implied_ids)
        self.assertIn(self.env.ref("base.group_user"), low.trans_implied_ids | low.implied_ids)
        category = self.env.ref("logistics_crm.module_category_logistics")
        self.assertEqual(low.category_id.parent_id, category)
        self.assertIn(high, self.env.ref("base.user_admin").groups_id)

    def test_lowest_role_cannot_configure_pools(self):
        """A service agent is an internal user, not a sales manager."""
        user = new_test_user(
            self.env,
            login="logistics_service_low",
            groups="logistics_service.group_logistics_service_agent",
        )
        self.assertTrue(user.has_group("base.group_user"))
        self.assertFalse(user.has_group("logistics_crm.group_logistics_manager"))
        with self.assertRaises(AccessError):
            self.env["logistics.customer.pool"].with_user(user).create({"name": "Not mine"})
