from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo_test_helper import FakeModelLoader

from .common import LogisticsServiceCommon


@tagged("post_install", "-at_install")
class TestApprovalMixin(LogisticsServiceCommon):
    """The quote approval is a mixin: another kind of document is approved along the
    same authority matrix, level by level, with the same gate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .fake_models import LogisticsApprovalTestDoc

        cls.loader.update_registry((LogisticsApprovalTestDoc,))
        cls.env["ir.model.access"].create(
            {
                "name": "test doc salesman",
                "model_id": cls.env["ir.model"]._get_id("logistics.approval.test.doc"),
                "group_id": cls.env.ref("base.group_user").id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
            }
        )

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def test_another_document_approved_along_the_matrix(self):
        Doc = self.env["logistics.approval.test.doc"].with_user(self.salesman)
        small = Doc.create({"name": "Small", "amount": 5000})
        small._logistics_refresh_approval()
        self.assertEqual(small.approval_state, "not_required")
        doc = Doc.create({"name": "Big", "amount": 20000})  # salesperson's max: 10,000
        doc._logistics_refresh_approval()
        self.assertEqual(doc.approval_state, "required")
        with self.assertRaises(AccessError):
            doc.write({"approval_state": "approved"})
        doc.action_request_approval()
        self.assertEqual(doc.approval_user_ids, self.manager)  # level 2 covers 50,000
        with self.assertRaises(AccessError):
            doc.action_approve()  # nobody approves their own documents
        doc.with_user(self.manager).action_approve()
        self.assertEqual(doc.approval_state, "approved")
        self.assertFalse(doc._logistics_approval_error())
        doc.amount = 30000  # any change voids the approval
        self.assertEqual(doc.approval_state, "required")
        with self.assertRaisesRegex(UserError, "outside your authority"):
            doc._logistics_check_approved()
