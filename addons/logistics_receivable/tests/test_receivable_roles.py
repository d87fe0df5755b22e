from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLogisticsReceivableRoles(TransactionCase):
    """The roles this module adds to the Logistics security category."""

    def test_roles_chain_and_category(self):
        low = self.env.ref("logistics_receivable.group_logistics_credit_controller")
        high = self.env.ref("logistics_receivable.group_logistics_credit_manager")
        self.assertIn(low, high.implied_ids)
        self.assertIn(
            self.env.ref("account.group_account_invoice"), low.trans_implied_ids | low.implied_ids
        )
        category = self.env.ref("logistics_crm.module_category_logistics")
        self.assertEqual(low.category_id.parent_id, category)
        self.assertIn(high, self.env.ref("base.user_admin").groups_id)

    def test_lowest_role_cannot_configure_pools(self):
        """A credit controller can invoice but does not manage customer pools."""
        user = new_test_user(
            self.env,
            login="logistics_receivable_low",
            groups="logistics_receivable.group_logistics_credit_controller",
        )
        self.assertTrue(user.has_group("account.group_account_invoice"))
        self.assertFalse(user.has_group("logistics_crm.group_logistics_manager"))
        with self.assertRaises(AccessError):
            self.env["logistics.customer.pool"].with_user(user).create({"name": "Not mine"})
