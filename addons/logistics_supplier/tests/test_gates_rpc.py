from datetime import date, timedelta

from odoo import Command, fields
from odoo.addons.logistics_crm.tests.common import LogisticsRpcCase
from odoo.tests import tagged

from .common import LogisticsSupplierCommon


@tagged("post_install", "-at_install")
class TestSupplierGatesOverRpc(LogisticsRpcCase, LogisticsSupplierCommon):
    """A buyer orders nothing from a blacklisted supplier, whatever they send."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carrier.with_user(cls.supplier_manager).action_supplier_blacklist(reason="Fraud")

    def setUp(self):
        super().setUp()
        self.login(self.buyer)

    def _values(self, partner, **vals):
        return {
            "partner_id": partner.id,
            "order_line": [
                Command.create(
                    {"product_id": self.trucking.id, "product_qty": 5, "price_unit": 5.0}
                )
            ],
            **vals,
        }

    def test_state_written_or_created(self):
        order_id = self.rpc("purchase.order", "create", self._values(self.carrier))
        for state in ("purchase", "to approve", "done"):
            with self.subTest(state=state):
                self.assertRpcRefused(
                    "purchase.order", "write", [order_id], {"state": state}, error="UserError"
                )
        self.assertEqual(self.env["purchase.order"].browse(order_id).state, "draft")
        self.assertRpcRefused(
            "purchase.order",
            "create",
            self._values(self.carrier, state="purchase"),
            error="UserError",
        )
        self.assertEqual(
            self.env["purchase.order"].search_count([("partner_id", "=", self.carrier.id)]), 1
        )

    def test_cancelled_or_handed_over_orders(self):
        order_id = self.rpc("purchase.order", "create", self._values(self.carrier))
        self.rpc("purchase.order", "button_cancel", [order_id])
        self.assertRpcRefused(
            "purchase.order", "write", [order_id], {"state": "purchase"}, error="UserError"
        )
        # a confirmed order of a good supplier is not handed to the blacklisted one
        good_id = self.rpc("purchase.order", "create", self._values(self.carrier2))
        self.rpc("purchase.order", "button_confirm", [good_id])
        self.assertEqual(self.env["purchase.order"].browse(good_id).state, "purchase")
        self.assertRpcRefused(
            "purchase.order",
            "write",
            [good_id],
            {"partner_id": self.carrier.id},
            error="UserError",
        )
        self.assertEqual(self.env["purchase.order"].browse(good_id).partner_id, self.carrier2)

    def test_no_way_out_of_the_master(self):
        for vals in ({"is_logistics_supplier": False},):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "res.partner", "write", [self.carrier2.id], vals, error="AccessError"
                )
        self.assertTrue(self.carrier2.is_logistics_supplier)
        # nor by copying a blacklisted supplier
        self.assertRpcRefused("res.partner", "copy", [self.carrier.id], error="AccessError")

    def test_contact_made_a_company_is_still_the_supplier(self):
        contact_id = self.rpc(
            "res.partner", "create", {"name": "Dispatch desk", "parent_id": self.carrier.id}
        )
        self.assertRpcRefused(
            "res.partner", "write", [contact_id], {"is_company": True}, error="AccessError"
        )
        self.assertRpcRefused(
            "res.partner", "write", [contact_id], {"parent_id": False}, error="AccessError"
        )
        # created as a company under the supplier right away: still the supplier
        company_id = self.rpc(
            "res.partner",
            "create",
            {"name": "Yangtze Subsidiary", "parent_id": self.carrier.id, "is_company": True},
        )
        order_id = self.rpc(
            "purchase.order", "create", self._values(self.env["res.partner"].browse(company_id))
        )
        self.assertRpcRefused("purchase.order", "button_confirm", [order_id], error="UserError")
        self.assertEqual(self.env["purchase.order"].browse(order_id).state, "draft")

    def test_mandatory_document_not_waived_by_a_buyer(self):
        today = fields.Date.today()
        doc = self.env["logistics.supplier.document"].create(
            {
                "partner_id": self.carrier2.id,
                "doc_type": "insurance",
                "issue_date": today - timedelta(days=400),
                "expiry_date": today - timedelta(days=1),
            }
        )
        for vals in (
            {"mandatory": False},
            {"expiry_date": fields.Date.to_string(today + timedelta(days=365))},
            {"partner_id": self.carrier.id},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "logistics.supplier.document", "write", [doc.id], vals, error="AccessError"
                )
        self.assertTrue(doc.mandatory)
        order_id = self.rpc("purchase.order", "create", self._values(self.carrier2))
        self.assertRpcRefused("purchase.order", "button_confirm", [order_id], error="UserError")


@tagged("post_install", "-at_install")
class TestEvaluationGatesOverRpc(LogisticsRpcCase, LogisticsSupplierCommon):
    def setUp(self):
        super().setUp()
        self.login(self.buyer)
        self.evaluation = (
            self.env["logistics.supplier.evaluation"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": self.carrier.id,
                    "period_start": date(2026, 7, 1),
                    "period_end": date(2026, 9, 30),
                }
            )
        )

    def test_automatic_scores_are_the_datas(self):
        auto = self.evaluation.line_ids.filtered("is_auto")
        self.assertTrue(auto)
        self.assertRpcRefused(
            "logistics.supplier.evaluation.line",
            "write",
            auto.ids,
            {"score": 42.0},
            error="AccessError",
        )
        self.assertRpcRefused(
            "logistics.supplier.evaluation",
            "write",
            [self.evaluation.id],
            {"line_ids": [Command.update(auto[0].id, {"score": 42.0})]},
            error="AccessError",
        )
        manual = self.evaluation.line_ids - auto
        self.rpc("logistics.supplier.evaluation.line", "write", manual.ids, {"score": 80.0})
        self.assertEqual(set(manual.mapped("score")), {80.0})
        self.assertNotIn(42.0, auto.mapped("score"))

    def test_grade_and_period_are_not_typed_in(self):
        for vals in ({"grade": "A"}, {"score": 99.0}, {"period_start": "2025-01-01"}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "logistics.supplier.evaluation",
                    "write",
                    [self.evaluation.id],
                    vals,
                    error="AccessError",
                )

    def test_no_hand_picked_criteria_or_weights(self):
        criterion = self.evaluation.line_ids[0].criterion_id
        self.assertRpcRefused(
            "logistics.supplier.evaluation",
            "create",
            {
                "partner_id": self.carrier2.id,
                "period_start": "2026-07-01",
                "period_end": "2026-09-30",
                "line_ids": [
                    Command.create({"criterion_id": criterion.id, "weight": 1, "score": 100})
                ],
            },
            error="AccessError",
        )
        self.assertFalse(
            self.env["logistics.supplier.evaluation"].search(
                [("partner_id", "=", self.carrier2.id)]
            )
        )
        line = self.evaluation.line_ids.filtered(lambda line: not line.is_auto)[0]
        for vals in ({"weight": -50.0}, {"weight": 1000.0}, {"criterion_id": criterion.id}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    "logistics.supplier.evaluation.line",
                    "write",
                    line.ids,
                    vals,
                    error="AccessError",
                )
