from datetime import date

from freezegun import freeze_time
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsSupplierCommon


@tagged("post_install", "-at_install")
class TestSupplierEvaluation(LogisticsSupplierCommon):
    def _evaluation(self, supplier=None, **vals):
        return (
            self.env["logistics.supplier.evaluation"]
            .with_user(self.buyer)
            .create(
                {
                    "partner_id": (supplier or self.carrier).id,
                    "period_type": "quarter",
                    "period_start": date(2026, 7, 1),
                    "period_end": date(2026, 9, 30),
                    **vals,
                }
            )
        )

    def test_automatic_scores_from_complaints_and_rates(self):
        Complaint = self.env["logistics.complaint"]
        for category in ("delay", "delay", "damage"):
            Complaint.create(
                {
                    "subject": category,
                    "partner_id": self.customer.id,
                    "supplier_id": self.carrier.id,
                    "category": category,
                    "date": "2026-08-15 10:00:00",
                }
            )
        Complaint.create(
            {
                "subject": "old",
                "partner_id": self.customer.id,  # other period
                "supplier_id": self.carrier.id,
                "category": "delay",
                "date": "2026-05-15 10:00:00",
            }
        )
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.carrier.id,
                "price": 8.0,
                "product_tmpl_id": self.trucking.product_tmpl_id.id,
            }
        )
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.carrier2.id,
                "price": 6.0,
                "product_tmpl_id": self.trucking.product_tmpl_id.id,
            }
        )
        evaluation = self._evaluation()
        scores = {line.criterion_id.method: line.score for line in evaluation.line_ids}
        self.assertEqual(scores["on_time"], 60.0)  # two delays
        self.assertEqual(scores["damage"], 75.0)  # one damage
        self.assertEqual(scores["price"], 75.0)  # 6 / 8 of the best rate
        self.assertEqual(len(evaluation.line_ids), 5)

    def test_weighted_grade_and_d_puts_under_review(self):
        evaluation = self._evaluation()
        evaluation.line_ids.filtered("is_auto").sudo().score = 50.0  # as the data scores them
        evaluation.line_ids.filtered(lambda line: not line.is_auto).score = 50.0
        self.assertEqual(evaluation.score, 50.0)
        self.assertEqual(evaluation.grade, "D")
        evaluation.with_user(self.buyer).action_confirm()
        self.assertEqual(self.carrier.supplier_state, "under_review")
        self.assertEqual(self.carrier.supplier_grade, "D")
        order = self._po(self.carrier)
        with self.assertRaisesRegex(UserError, "under review"):
            order.with_user(self.buyer).button_confirm()
        with self.assertRaises(UserError):
            evaluation.line_ids[0].score = 90.0  # confirmed: locked
        self.carrier.with_user(self.supplier_manager).action_supplier_clear(
            reason="Action plan agreed"
        )
        self.assertIn("Action plan agreed", self.carrier.message_ids[0].body)
        order.with_user(self.buyer).button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_state_only_through_confirm(self):
        evaluation = self._evaluation()
        with self.assertRaises(UserError):
            evaluation.with_user(self.buyer).write({"state": "done"})
        with self.assertRaises(UserError):
            self._evaluation(supplier=self.carrier2, state="done")
        evaluation.with_user(self.buyer).action_confirm()
        with self.assertRaises(UserError):
            self.env["logistics.supplier.evaluation.line"].with_user(self.buyer).create(
                {
                    "evaluation_id": evaluation.id,
                    "criterion_id": evaluation.line_ids[0].criterion_id.id,
                    "weight": 100,
                    "score": 100,
                }
            )

    def test_grade_d_keeps_a_blacklist(self):
        self.carrier.with_user(self.supplier_manager).action_supplier_blacklist(reason="Fraud")
        evaluation = self._evaluation()
        evaluation.with_user(self.buyer).action_confirm()  # all scores 0: grade D
        self.assertEqual(evaluation.grade, "D")
        self.assertEqual(self.carrier.supplier_state, "blacklisted")

    def test_grades(self):
        Evaluation = self.env["logistics.supplier.evaluation"]
        self.assertEqual([Evaluation._grade_for(s) for s in (95, 80, 65, 10)], ["A", "B", "C", "D"])

    def test_bad_input(self):
        evaluation = self._evaluation()
        with self.assertRaises(ValidationError):
            evaluation.line_ids.filtered(lambda line: not line.is_auto)[0].score = 120.0
        with self.assertRaises(ValidationError):
            self.env["logistics.supplier.criterion"].create({"name": "x", "weight": 0})
        with self.assertRaises(ValidationError):
            self._evaluation(supplier=self.carrier2, period_end=date(2026, 6, 1))

    def test_cron_creates_period_evaluations_once(self):
        with freeze_time("2026-11-22"):
            Evaluation = self.env["logistics.supplier.evaluation"]
            self.assertGreaterEqual(Evaluation._cron_create_evaluations("quarter", batch_size=1), 1)
            self.assertEqual(Evaluation._cron_create_evaluations("quarter", batch_size=50), 0)
            evaluations = Evaluation.search(
                [("partner_id", "in", (self.carrier | self.carrier2).ids)]
            )
            self.assertEqual(evaluations.partner_id, self.carrier | self.carrier2)
            self.assertEqual(set(evaluations.mapped("period_start")), {date(2026, 7, 1)})
            self.assertEqual(set(evaluations.mapped("period_end")), {date(2026, 9, 30)})
            Evaluation._cron_create_evaluations("quarter")
            self.assertEqual(
                Evaluation.search_count([("partner_id", "in", (self.carrier | self.carrier2).ids)]),
                2,
            )
