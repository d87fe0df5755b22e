from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import LogisticsSupplierCommon


@tagged("post_install", "-at_install")
class TestSupplierMaster(LogisticsSupplierCommon):
    def test_one_code_shared_by_all_branches(self):
        self.assertTrue(self.carrier.supplier_code.startswith("S"))
        self.assertNotEqual(self.carrier.supplier_code, self.carrier2.supplier_code)
        self.assertFalse(self.carrier.company_id, "one supplier master for every branch")
        vendor = self.env["res.partner"].create({"name": "Plain vendor"})
        self.assertFalse(vendor.supplier_code)
        vendor.is_logistics_supplier = True
        self.assertTrue(vendor.supplier_code)

    def test_duplicate_warning_before_creation(self):
        form = Form(self.env["res.partner"].with_user(self.buyer))
        form.name = "YANGTZE TRUCKING"
        self.assertEqual(form.duplicate_count, 1)
        self.assertIn(self.carrier.supplier_code, form.duplicate_info)
        form = Form(self.env["res.partner"].with_user(self.buyer))
        form.name = "Other name"
        form.vat = "91320100 MA1TRUCK"
        self.assertEqual(form.duplicate_count, 1)

    def test_merge_keeps_one_supplier_code(self):
        dupe = self.env["res.partner"].create(
            {
                "name": "Yangtze Trucking Limited",
                "is_company": True,
                "is_logistics_supplier": True,
                "email": self.carrier.email,
            }
        )
        code = self.carrier.supplier_code
        rate = self.env["product.supplierinfo"].create(
            {
                "partner_id": dupe.id,
                "product_tmpl_id": self.trucking.product_tmpl_id.id,
                "price": 5,
            }
        )
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.supplier_manager)
            .with_context(active_model="res.partner", active_ids=(self.carrier | dupe).ids)
            .create({})
        )
        wizard.dst_partner_id = self.carrier
        wizard.action_merge()
        self.assertFalse(dupe.exists())
        self.assertEqual(self.carrier.supplier_code, code)
        self.assertEqual(rate.partner_id, self.carrier)

    def test_buyer_cannot_change_status(self):
        for vals in ({"supplier_state": "under_review"}, {"supplier_code": "HACK"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.carrier.with_user(self.buyer).write(vals)
        with self.assertRaises(AccessError):
            self.carrier.with_user(self.buyer).action_supplier_blacklist(reason="no")
        with self.assertRaises(AccessError):
            self.carrier.with_user(self.buyer).action_supplier_clear(reason="no")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.buyer).create(
                {"name": "x", "is_logistics_supplier": True, "supplier_state": "blacklisted"}
            )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.buyer).with_context(
                default_supplier_code="S999999"
            ).create({"name": "y", "is_logistics_supplier": True})
        self.assertEqual(self.carrier.supplier_state, "qualified")

    def test_vendors_created_the_stock_way_are_in_the_master(self):
        """Purchase > Vendors, or a vendor typed on a purchase order: code and gates."""
        Partner = self.env["res.partner"].with_user(self.buyer)
        listed = Partner.with_context(res_partner_search_mode="supplier").create(
            {"name": "Vendor from the Vendors menu", "is_company": True}
        )
        self.assertTrue(listed.is_logistics_supplier)
        self.assertTrue(listed.supplier_code)
        self.assertFalse(listed.company_id, "one supplier master for every branch")
        # a partner created elsewhere becomes a vendor when it is bought from
        plain = self.env["res.partner"].create({"name": "Plain Forwarder", "is_company": True})
        self.assertFalse(plain.supplier_code)
        self._po(plain).button_confirm()
        self.assertTrue(plain.is_logistics_supplier)
        self.assertTrue(plain.supplier_code)
        # ... and the blacklist now holds it
        plain.with_user(self.supplier_manager).action_supplier_blacklist(reason="Lost cargo")
        with self.assertRaisesRegex(UserError, "blacklisted"):
            self._po(plain).with_user(self.buyer).button_confirm()
        with self.assertRaises(AccessError):
            plain.with_user(self.buyer).is_logistics_supplier = False

    def test_blacklist_blocks_purchases_until_cleared(self):
        order = self._po(self.carrier)
        action = self.carrier.with_user(self.supplier_manager).action_supplier_blacklist()
        self.assertEqual(self.carrier.supplier_state, "qualified")  # no reason, no decision
        wizard = (
            self.env["logistics.reason.wizard"]
            .with_user(self.supplier_manager)
            .with_context(**action["context"])
            .create({"reason": "Fake insurance certificate"})
        )
        wizard.action_confirm()
        self.assertEqual(self.carrier.supplier_state, "blacklisted")
        self.assertIn("Fake insurance certificate", self.carrier.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "blacklisted"):
            order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "draft")
        self.carrier.with_user(self.supplier_manager).action_supplier_clear(
            reason="Certificate checked"
        )
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_no_way_round_the_blacklist(self):
        self.carrier.with_user(self.supplier_manager).action_supplier_blacklist(reason="Fraud")
        order = self._po(self.carrier)
        with self.assertRaisesRegex(UserError, "blacklisted"):
            order.with_user(self.buyer).button_approve()
        with self.assertRaises(AccessError):
            self.carrier.with_user(self.buyer).write({"is_logistics_supplier": False})
        self.assertEqual(order.state, "draft")

    def test_expired_mandatory_document_blocks_purchases(self):
        today = fields.Date.today()
        doc = (
            self.env["logistics.supplier.document"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.carrier.id,
                    "doc_type": "transport_permit",
                    "issue_date": today - timedelta(days=400),
                    "expiry_date": today - timedelta(days=1),
                }
            )
        )
        self.assertEqual(doc.state, "expired")
        order = self._po(self.carrier)
        with self.assertRaisesRegex(UserError, "expired"):
            order.with_user(self.buyer).button_confirm()
        with self.assertRaises(AccessError):
            doc.mandatory = False  # a buyer cannot waive a document
        doc.with_user(self.supplier_manager).mandatory = False
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_document_reminder_once(self):
        today = fields.Date.today()
        doc = self.env["logistics.supplier.document"].create(
            {
                "partner_id": self.carrier.id,
                "doc_type": "insurance",
                "expiry_date": today + timedelta(days=10),
            }
        )
        self.assertEqual(doc.state, "expiring")
        Doc = self.env["logistics.supplier.document"]
        Doc._cron_remind_expiry()
        self.assertEqual(len(self.carrier.activity_ids), 1)
        Doc._cron_remind_expiry()
        self.assertEqual(len(self.carrier.activity_ids), 1)
        doc.expiry_date = today + timedelta(days=5)  # renewed date: reminded again
        self.assertFalse(doc.reminder_sent)

    def test_document_bad_dates(self):
        today = fields.Date.today()
        with self.assertRaises(ValidationError):
            self.env["logistics.supplier.document"].create(
                {
                    "partner_id": self.carrier.id,
                    "doc_type": "insurance",
                    "issue_date": today,
                    "expiry_date": today - timedelta(days=1),
                }
            )
