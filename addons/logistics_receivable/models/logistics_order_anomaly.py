from odoo import api, fields, models
from odoo.tools import SQL

BASELINE_PERIODS = 12


class LogisticsOrderAnomaly(models.Model):
    """A customer whose orders of a period swung away from its own history (订单异动)."""

    _name = "logistics.order.anomaly"
    _description = "Order Anomaly"
    _order = "period_start desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", "Salesperson", index=True)
    period = fields.Selection([("week", "Week"), ("month", "Month")], required=True)
    period_start = fields.Date(required=True)
    direction = fields.Selection([("drop", "Drop"), ("spike", "Spike")], required=True)
    order_count = fields.Integer("Orders")
    mean_count = fields.Float("Usual orders", digits=(16, 1))
    std_count = fields.Float("Orders spread", digits=(16, 1))
    amount = fields.Monetary(currency_field="currency_id")
    mean_amount = fields.Monetary("Usual amount", currency_field="currency_id")
    std_amount = fields.Monetary("Amount spread", currency_field="currency_id")
    notified = fields.Boolean(readonly=True, index=True)

    _sql_constraints = [
        (
            "partner_period_unique",
            "UNIQUE(partner_id, company_id, period_start)",
            "A customer has one order anomaly per period.",
        ),
    ]

    @api.model
    def _logistics_anomaly_sql(self, today, insert=True):
        """Every customer's last complete period against its own 12 periods before it, in
        one statement: per-period aggregates of confirmed orders, then each customer's
        mean and standard deviation (periods without orders count as zero). A swing of
        the order count or amount beyond `sensitivity` standard deviations (at least
        10 % of the mean, and one order) is an anomaly; with ``insert`` they are
        stored at once, a period already alerted being skipped."""
        select = SQL(
            """
            WITH params AS (
                SELECT c.id AS company_id,
                       COALESCE(cp.tz, 'UTC') AS tz,
                       c.anomaly_period AS period,
                       c.anomaly_sensitivity AS k,
                       c.anomaly_min_periods AS min_periods,
                       date_trunc(c.anomaly_period, %(today)s::timestamp) AS cur_start,
                       date_trunc(c.anomaly_period, %(today)s::timestamp)
                           - ('1 ' || c.anomaly_period)::interval AS last_start,
                       date_trunc(c.anomaly_period, %(today)s::timestamp)
                           - ((%(periods)s + 1) || ' ' || c.anomaly_period)::interval AS first_start
                  FROM res_company c
                  JOIN res_partner cp ON cp.id = c.partner_id
                 WHERE c.anomaly_period IS NOT NULL
            ), per_period AS (
                SELECT so.company_id,
                       p.commercial_partner_id AS partner_id,
                       date_trunc(pr.period, so.local_date) = pr.last_start AS is_last,
                       COUNT(*) AS n,
                       SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
                  FROM params pr
                  -- periods in the company's time zone (date_order is UTC)
                  JOIN LATERAL (
                        SELECT o.company_id, o.partner_id, o.amount_untaxed, o.currency_rate,
                               o.date_order AT TIME ZONE 'UTC' AT TIME ZONE pr.tz AS local_date
                          FROM sale_order o
                         WHERE o.company_id = pr.company_id
                           AND o.state = 'sale'
                           AND o.date_order >= pr.first_start - interval '1 day'
                           AND o.date_order < pr.cur_start + interval '1 day'
                       ) so ON so.local_date >= pr.first_start AND so.local_date < pr.cur_start
                  JOIN res_partner p ON p.id = so.partner_id
              GROUP BY so.company_id, p.commercial_partner_id, date_trunc(pr.period, so.local_date),
                       pr.last_start
            ), stats AS (
                SELECT company_id, partner_id,
                       COUNT(*) FILTER (WHERE NOT is_last) AS active_periods,
                       COALESCE(SUM(n) FILTER (WHERE is_last), 0) AS cur_n,
                       COALESCE(SUM(amount) FILTER (WHERE is_last), 0) AS cur_amount,
                       COALESCE(SUM(n) FILTER (WHERE NOT is_last), 0)::float / %(periods)s AS mean_n,
                       COALESCE(SUM(n * n) FILTER (WHERE NOT is_last), 0)::float / %(periods)s AS sq_n,
                       COALESCE(SUM(amount) FILTER (WHERE NOT is_last), 0)::float / %(periods)s AS mean_amount,
                       COALESCE(SUM(amount * amount) FILTER (WHERE NOT is_last), 0)::float
                           / %(periods)s AS sq_amount
                  FROM per_period
              GROUP BY company_id, partner_id
            ), scored AS (
                SELECT s.*, pr.k, pr.period, pr.last_start,
                       SQRT(GREATEST(s.sq_n - s.mean_n * s.mean_n, 0)) AS std_n,
                       SQRT(GREATEST(s.sq_amount - s.mean_amount * s.mean_amount, 0)) AS std_amount
                  FROM stats s
                  JOIN params pr ON pr.company_id = s.company_id
                 WHERE s.active_periods >= pr.min_periods
            ), flagged AS (
                SELECT sc.*,
                       ABS(sc.cur_n - sc.mean_n) > sc.k * GREATEST(sc.std_n, 0.1 * sc.mean_n, 1.0 / sc.k)
                           AS count_swing,
                       ABS(sc.cur_amount - sc.mean_amount)
                           > sc.k * GREATEST(sc.std_amount, 0.1 * sc.mean_amount) AS amount_swing
                  FROM scored sc
            )
            SELECT f.partner_id, f.company_id, rp.user_id, f.period, f.last_start::date,
                   CASE WHEN (CASE WHEN f.amount_swing THEN f.cur_amount - f.mean_amount
                                   ELSE f.cur_n - f.mean_n END) < 0
                        THEN 'drop' ELSE 'spike' END,
                   f.cur_n, f.mean_n, f.std_n, f.cur_amount, f.mean_amount, f.std_amount
              FROM flagged f
              JOIN res_partner rp ON rp.id = f.partner_id
             WHERE f.count_swing OR f.amount_swing
            """,
            today=today,
            periods=BASELINE_PERIODS,
        )
        if not insert:
            return select
        return SQL(
            """
            INSERT INTO logistics_order_anomaly
                   (partner_id, company_id, user_id, period, period_start, direction,
                    order_count, mean_count, std_count, amount, mean_amount, std_amount,
                    notified, create_uid, create_date, write_uid, write_date)
            SELECT a.*, FALSE, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM (%(select)s) a
                ON CONFLICT (partner_id, company_id, period_start) DO NOTHING
            """,
            select=select,
            uid=self.env.uid,
        )

    @api.model
    def _cron_detect(self, batch_size=1000):
        """Daily: detect the anomalies of the period that just ended (once a day, in one
        statement), then tell the salespeople in bounded batches."""
        today = fields.Date.context_today(self)
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param("logistics_receivable.anomaly_last_run") != str(today):
            self.env.flush_all()
            self.env.cr.execute(self._logistics_anomaly_sql(today))
            params.set_param("logistics_receivable.anomaly_last_run", str(today))
        domain = [("notified", "=", False)]
        anomalies = self.search(domain, limit=batch_size, order="id")
        anomalies._logistics_notify()
        return self.env["ir.cron"]._logistics_report_batch(self, domain, len(anomalies), batch_size)

    def _logistics_notify(self):
        """One activity per anomaly for the customer's salesperson, created in bulk."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id("res.partner")
        values = []
        for anomaly in self.filtered("user_id"):
            values.append(
                {
                    "res_model_id": model,
                    "res_id": anomaly.partner_id.id,
                    "activity_type_id": todo.id,
                    "user_id": anomaly.user_id.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": anomaly.with_context(lang=anomaly.user_id.lang)._logistics_summary(),
                }
            )
        # no "activity assigned" e-mail for each of a batch: the activities are enough
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(values)
        self.write({"notified": True})

    def _logistics_summary(self):
        self.ensure_one()
        return self.env._(
            "Orders %(direction)s for %(customer)s in the %(period)s of %(start)s: %(count)s "
            "orders / %(amount)s, usually %(mean_count).1f / %(mean_amount)s",
            direction=dict(self._fields["direction"]._description_selection(self.env))[
                self.direction
            ].lower(),
            customer=self.partner_id.name,
            period=dict(self._fields["period"]._description_selection(self.env))[
                self.period
            ].lower(),
            start=self.period_start,
            count=self.order_count,
            amount=self.currency_id.format(self.amount),
            mean_count=self.mean_count,
            mean_amount=self.currency_id.format(self.mean_amount),
        )
