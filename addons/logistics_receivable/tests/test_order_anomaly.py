from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import LogisticsReceivableCommon


@tagged("post_install", "-at_install")
class TestOrderAnomaly(LogisticsReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"anomaly_period": "month", "anomaly_sensitivity": 3.0, "anomaly_min_periods": 3}
        )
        cls.this_month = datetime(cls.today.year, cls.today.month, 1, 10, 0)
        Partner = cls.env["res.partner"]
        cls.stable, cls.dropper, cls.spiker, cls.newcomer = Partner.create(
            [
                {"name": name, "is_company": True, "user_id": cls.salesman.id}
                for name in ("Stable Ltd", "Dropper Ltd", "Spiker Ltd", "Newcomer Ltd")
            ]
        )
        # orders per month, oldest first: 12 baseline months then the month that just ended
        cls._history(cls.stable, [2] * 12 + [2])
        cls._history(cls.dropper, [3] * 12 + [0])
        cls._history(cls.spiker, [1, 0] * 6 + [8])
        cls._history(cls.newcomer, [0] * 12 + [5])
        # orders of the current, unfinished month do not count yet
        cls._history(cls.stable, [9], last=0)

    @classmethod
    def _history(cls, partner, counts, last=1):
        values = []
        for index, count in enumerate(reversed(counts)):
            date = cls.this_month - relativedelta(months=index + last)
            values += [
                {
                    "partner_id": partner.id,
                    "user_id": cls.salesman.id,
                    "state": "sale",
                    "date_order": date + timedelta(days=n),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 1,
                                "price_unit": 1000.0,
                            }
                        )
                    ],
                }
                for n in range(count)
            ]
        cls.env["sale.order"].create(values)

    def _detect(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "logistics_receivable.anomaly_last_run", False
        )
        return self.env["logistics.order.anomaly"]._cron_detect()

    def _anomalies(self):
        return self.env["logistics.order.anomaly"].search(
            [("partner_id", "in", (self.stable | self.dropper | self.spiker | self.newcomer).ids)]
        )

    def test_drops_and_spikes_against_own_history(self):
        self._detect()
        anomalies = self._anomalies()
        self.assertEqual(anomalies.partner_id, self.dropper | self.spiker)
        drop = anomalies.filtered(lambda a: a.partner_id == self.dropper)
        self.assertEqual(drop.direction, "drop")
        self.assertEqual((drop.order_count, drop.mean_count, drop.amount), (0, 3.0, 0.0))
        self.assertEqual(drop.period_start, (self.this_month - relativedelta(months=1)).date())
        spike = anomalies.filtered(lambda a: a.partner_id == self.spiker)
        self.assertEqual((spike.direction, spike.order_count), ("spike", 8))
        self.assertAlmostEqual(spike.mean_count, 0.5)
        self.assertAlmostEqual(spike.std_count, 0.5)
        self.assertEqual(spike.amount, 8000.0)
        # one activity for the salesperson, with the figures
        activity = self.dropper.activity_ids
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("0 orders", activity.summary)
        self.assertIn("usually 3.0", activity.summary)
        self.assertTrue(all(anomalies.mapped("notified")))

    def test_no_duplicate_alert_for_a_period(self):
        self._detect()
        self._detect()  # the statement runs again: the period is already alerted
        with freeze_time(self.today + timedelta(days=1)):
            self.env["logistics.order.anomaly"]._cron_detect()
        self.assertEqual(len(self._anomalies()), 2)
        self.assertEqual(len(self.dropper.activity_ids), 1)

    def test_sensitivity_and_switch(self):
        self.company.anomaly_sensitivity = 10.0
        self._detect()
        # 8 orders against 0.5 still stands out; 0 against a steady 3 no longer does
        self.assertEqual(self._anomalies().partner_id, self.spiker)
        self._anomalies().unlink()
        self.company.anomaly_period = False
        self._detect()
        self.assertFalse(self._anomalies())

    def test_bad_settings(self):
        with self.assertRefused(ValidationError, "must be positive"):
            self.company.anomaly_sensitivity = 0.0
        with self.assertRefused(ValidationError, "between 1 and 12"):
            self.company.anomaly_min_periods = 13
        self.assertEqual(self.company.anomaly_sensitivity, 3.0)

    def test_notification_in_bounded_batches(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "logistics_receivable.anomaly_last_run", False
        )
        Anomaly = self.env["logistics.order.anomaly"]
        self.env["logistics.order.anomaly"].search([]).write({"notified": True})
        self.assertEqual(Anomaly._cron_detect(batch_size=1), 1)
        self.assertEqual(Anomaly._cron_detect(batch_size=1), 0)
        self.assertTrue(all(self._anomalies().mapped("notified")))

    def test_salesperson_sees_own_customers_only(self):
        self._detect()
        Anomaly = self.env["logistics.order.anomaly"]
        self.assertEqual(
            Anomaly.with_user(self.salesman).search([("id", "in", self._anomalies().ids)]),
            self._anomalies(),
        )
        self.assertFalse(Anomaly.with_user(self.other_salesman).search([]))
        self.assertEqual(
            Anomaly.with_user(self.controller).search_count([("id", "in", self._anomalies().ids)]),
            2,
        )
