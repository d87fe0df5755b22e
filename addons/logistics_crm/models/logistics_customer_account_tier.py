import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .logistics_customer_account import CUSTOMER_TIERS

_logger = logging.getLogger(__name__)


class LogisticsCustomerAccount(models.Model):
    """Value tiers (战略/伙伴/商业/一般) of the customers each company serves: computed
    each night from the trailing 12 months' revenue and margin (Pareto 80/20), with a
    manual override; and dormancy of the customers without business for a year."""

    _inherit = "logistics.customer.account"

    # ------------------------------------------------------------ CRON

    @api.model
    def _cron_compute_tiers(self, batch_size=None):
        """Nightly value tiering (Pareto / 80-20) and dormancy, one bounded step per call
        (the cron framework calls again at once while steps remain; returns what
        remains, 0 when the night's work is done):

        1. a company of the group not ranked today ranks the customers it serves by its
           own orders, in its own currency, against its own thresholds, in one
           statement that queues the accounts whose tier, revenue or margin changed
           (:meth:`_logistics_compute_tiers`);
        2. the queue is applied a batch at a time (:meth:`_logistics_apply_tiers`);
        3. formal customers without business for a year turn dormant, a batch at a time.

        Memory stays flat whatever the number of customers: no step loads more than
        one batch of records.
        """
        batch_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("logistics_crm.tier_batch_size", 5000)
        )
        Cron = self.env["ir.cron"]
        today = fields.Date.context_today(self)
        unranked = (
            self.env["res.company"]
            .sudo()
            .search(
                ["|", ("logistics_tier_date", "=", False), ("logistics_tier_date", "<", today)],
                limit=1,
            )
        )
        if unranked:
            queued = self._logistics_compute_tiers(unranked)
            _logger.info("Tiers: %s ranked, %s changes queued", unranked.name, queued)
            Cron._notify_progress(done=max(queued, 1), remaining=1)
            return 1
        Change = self.env["logistics.customer.tier.change"].sudo()
        if Change.search_count([], limit=1):
            done = Cron._logistics_run_batch(lambda: self._logistics_apply_tiers(batch_size))
        else:
            done = Cron._logistics_run_batch(lambda: self._logistics_mark_dormant(batch_size))
        # the queue's rest and the dormant customers to mark, each counted up to a batch
        remaining = Change.search_count([], limit=batch_size) + self.sudo().search_count(
            self._logistics_dormant_domain(), limit=batch_size
        )
        Cron._notify_progress(done=done, remaining=remaining)
        _logger.info("Tiers: %s accounts updated, %s+ remaining", done, remaining)
        return remaining

    @api.model
    def _logistics_compute_tiers(self, company):
        """Rank ``company``'s customer accounts in one set-based statement and queue
        those whose tier, revenue or margin changed; returns how many were queued.

        Customers are ranked by their trailing 12 months' confirmed revenue with the
        company (its currency: order amounts divided by the order's rate); the share
        of total revenue reached *before* a customer decides its tier (so the largest
        customer is always strategic). A margin below the company minimum moves the
        customer one tier down. A manual override always wins (when applied).
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            %(target)s
            INSERT INTO logistics_customer_tier_change
                   (account_id, customer_tier_auto, logistics_revenue_12m, logistics_margin_12m)
            SELECT target.id, target.tier, target.revenue, target.margin
              FROM target
              JOIN logistics_customer_account a ON a.id = target.id
             WHERE a.customer_tier_auto IS DISTINCT FROM target.tier
                OR a.customer_tier IS DISTINCT FROM COALESCE(a.customer_tier_override, target.tier)
                OR a.logistics_revenue_12m IS DISTINCT FROM target.revenue
                OR a.logistics_margin_12m IS DISTINCT FROM target.margin
            """,
                target=self._logistics_tier_target_sql(company),
            )
        )
        queued = self.env.cr.rowcount
        company.sudo().logistics_tier_date = fields.Date.context_today(self)
        return queued

    @api.model
    def _logistics_order_margin_sql(self):
        """The margin the ranking counts for a confirmed order ``so`` (its currency):
        sale_margin's estimate from the products' costs. Modules that know an order's
        actual cost (its vendor bills) return that instead."""
        return SQL("so.margin")

    @api.model
    def _logistics_tier_target_sql(self, company):
        """``WITH ... target AS (account id, tier, revenue, margin)``: the tiers of
        ``company``'s customer accounts as the ranking finds them (see
        :meth:`_logistics_compute_tiers`)."""
        since = fields.Date.context_today(self) - timedelta(days=365)
        return SQL(
            """
            WITH revenue AS (
                SELECT p.commercial_partner_id AS partner_id,
                       SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS revenue,
                       SUM(COALESCE(%(margin)s, 0) / COALESCE(NULLIF(so.currency_rate, 0), 1))
                           AS margin
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND so.date_order >= %(since)s
                   AND so.company_id = %(company)s
                 GROUP BY p.commercial_partner_id
            ), ranked AS (
                SELECT partner_id, revenue, margin,
                       100.0 * (SUM(revenue) OVER w - revenue)
                             / NULLIF(SUM(revenue) OVER (), 0) AS share_before
                  FROM revenue
                WINDOW w AS (ORDER BY revenue DESC, partner_id ROWS UNBOUNDED PRECEDING)
            ), tiered AS (
                SELECT partner_id, revenue, margin,
                       LEAST(
                           CASE WHEN revenue <= 0 THEN 4
                                WHEN share_before < %(strategic)s THEN 1
                                WHEN share_before < %(partner)s THEN 2
                                WHEN share_before < %(commercial)s THEN 3
                                ELSE 4 END
                           + CASE WHEN revenue > 0 AND 100.0 * margin / revenue < %(min_margin)s
                                  THEN 1 ELSE 0 END,
                           4) AS rank
                  FROM ranked
            ), target AS (
                SELECT a.id,
                       (ARRAY['strategic', 'partner', 'commercial', 'general'])[COALESCE(t.rank, 4)]
                           AS tier,
                       COALESCE(t.revenue, 0) AS revenue, COALESCE(t.margin, 0) AS margin
                  FROM logistics_customer_account a
                  LEFT JOIN tiered t ON t.partner_id = a.partner_id
                 WHERE a.company_id = %(company)s AND a.customer_stage IS NOT NULL
            )
            """,
            since=since,
            margin=self._logistics_order_margin_sql(),
            company=company.id,
            strategic=company.logistics_tier_strategic_share,
            partner=company.logistics_tier_partner_share,
            commercial=company.logistics_tier_commercial_share,
            min_margin=company.logistics_tier_min_margin,
        )

    @api.model
    def _logistics_apply_tiers(self, batch_size):
        """Apply one batch of the queued tier changes in one statement; recompute the
        release dates (pool rules may depend on the tier) of the owned accounts whose
        tier changed, and of those only. Returns how many were applied."""
        self.env.cr.execute(
            SQL(
                """
            WITH batch AS (
                SELECT id FROM logistics_customer_tier_change
                 ORDER BY id LIMIT %(limit)s FOR UPDATE SKIP LOCKED
            ), applied AS (
                DELETE FROM logistics_customer_tier_change c USING batch
                 WHERE c.id = batch.id
             RETURNING c.id, c.account_id, c.customer_tier_auto, c.logistics_revenue_12m,
                       c.logistics_margin_12m
            ), target AS (
                -- the latest change of an account queued twice
                SELECT DISTINCT ON (applied.account_id) applied.*, a.customer_tier AS old_tier
                  FROM applied
                  JOIN logistics_customer_account a ON a.id = applied.account_id
                 ORDER BY applied.account_id, applied.id DESC
            )
            UPDATE logistics_customer_account a
               SET customer_tier_auto = t.customer_tier_auto,
                   customer_tier = COALESCE(a.customer_tier_override, t.customer_tier_auto),
                   logistics_revenue_12m = t.logistics_revenue_12m,
                   logistics_margin_12m = t.logistics_margin_12m
              FROM target t
             WHERE a.id = t.account_id
         RETURNING a.id, a.pool_state = 'owned' AND a.customer_tier IS DISTINCT FROM t.old_tier
            """,
                limit=batch_size,
            )
        )
        rows = self.env.cr.fetchall()
        # the SQL bypassed the ORM: drop stale cache and recompute what depends on the tier
        tier_fields = [
            "customer_tier_auto",
            "customer_tier",
            "logistics_revenue_12m",
            "logistics_margin_12m",
        ]
        self.invalidate_model(tier_fields)
        self.env["res.partner"].invalidate_model(tier_fields)  # it shows them too
        retiered = self.browse(account_id for account_id, changed in rows if changed)
        self.env.add_to_compute(self._fields["pool_release_date"], retiered)
        self.env.add_to_compute(self._fields["pool_reminder_date"], retiered)
        return len(rows)

    @api.model
    def _logistics_dormant_domain(self):
        since = fields.Date.context_today(self) - timedelta(days=365)
        return [("customer_stage", "=", "formal"), ("last_deal_date", "<", since)]

    @api.model
    def _logistics_mark_dormant(self, batch_size=1000):
        """Formal customers whose last business is more than a year old become dormant,
        one batch in one statement; returns how many. A customer without a known last
        deal (imported formal, say) is not judged: import its Last Deal date to have it
        judged."""
        Cron = self.env["ir.cron"]
        accounts = self.sudo()
        batch = Cron._logistics_lock_batch(
            accounts, self._logistics_dormant_domain(), batch_size, "id"
        )
        if not batch:
            return 0
        self.env.cr.execute(
            SQL(
                """
            UPDATE logistics_customer_account
               SET customer_stage = 'dormant', write_uid = %s, write_date = %s
             WHERE id = ANY(%s)
         RETURNING id, pool_state = 'owned'
                """,
                self.env.uid,
                fields.Datetime.now(),
                batch.ids,
            )
        )
        rows = self.env.cr.fetchall()
        self.invalidate_model(["customer_stage", "write_uid", "write_date"])
        self.env["res.partner"].invalidate_model(["customer_stage"])
        # the stage decides whether business exempts an owned customer from release
        owned = self.browse(account_id for account_id, is_owned in rows if is_owned)
        self.env.add_to_compute(self._fields["pool_release_date"], owned)
        self.env.add_to_compute(self._fields["pool_reminder_date"], owned)
        return len(rows)


class LogisticsCustomerTierChange(models.Model):
    """A tier change found by the nightly ranking, waiting to be applied: the ranking
    is one statement per company, its result is applied in bounded batches."""

    _name = "logistics.customer.tier.change"
    _description = "Queued Customer Tier Change"
    _log_access = False
    _order = "id"

    # not indexed: the queue is empty but during the night's run, and filled in bulk
    account_id = fields.Many2one("logistics.customer.account", required=True, ondelete="cascade")
    customer_tier_auto = fields.Selection(CUSTOMER_TIERS, "Computed Tier")
    logistics_revenue_12m = fields.Float("Revenue (12 months)")
    logistics_margin_12m = fields.Float("Margin (12 months)")
