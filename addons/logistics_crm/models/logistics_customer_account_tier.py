from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class LogisticsCustomerAccount(models.Model):
    """Value tiers (战略/伙伴/商业/一般) of the customers each company serves: computed
    each night from the trailing 12 months' revenue and margin (Pareto 80/20), with a
    manual override; and dormancy of the customers without business for a year."""

    _inherit = "logistics.customer.account"

    # ------------------------------------------------------------ CRON

    @api.model
    def _cron_compute_tiers(self):
        """Nightly value tiering (Pareto / 80-20), per company of the group: each company
        ranks the customers it serves by its own orders, in its own currency, against
        its own thresholds (see :meth:`_logistics_compute_tiers`)."""
        companies = [
            company
            for [company] in self.sudo()._read_group(
                [("customer_stage", "!=", False)], ["company_id"]
            )
        ]
        changed = sum(self._logistics_compute_tiers(company) for company in companies)
        self._logistics_mark_dormant()
        return changed

    @api.model
    def _logistics_compute_tiers(self, company):
        """Tiers of ``company``'s customer accounts in one set-based statement.

        Customers are ranked by their trailing 12 months' confirmed revenue with the
        company (its currency: order amounts divided by the order's rate); the share
        of total revenue reached *before* a customer decides its tier (so the largest
        customer is always strategic). A margin below the company minimum moves the
        customer one tier down. A manual override always wins.
        """
        since = fields.Date.context_today(self) - timedelta(days=365)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH revenue AS (
                SELECT p.commercial_partner_id AS partner_id,
                       SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS revenue,
                       SUM(COALESCE(so.margin, 0) / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS margin
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
            UPDATE logistics_customer_account a
               SET customer_tier_auto = target.tier,
                   customer_tier = COALESCE(a.customer_tier_override, target.tier),
                   logistics_revenue_12m = target.revenue,
                   logistics_margin_12m = target.margin
              FROM target
             WHERE a.id = target.id
               AND (a.customer_tier_auto IS DISTINCT FROM target.tier
                    OR a.customer_tier IS DISTINCT FROM COALESCE(a.customer_tier_override, target.tier)
                    OR a.logistics_revenue_12m IS DISTINCT FROM target.revenue
                    OR a.logistics_margin_12m IS DISTINCT FROM target.margin)
         RETURNING a.id
            """,
                since=since,
                company=company.id,
                strategic=company.logistics_tier_strategic_share,
                partner=company.logistics_tier_partner_share,
                commercial=company.logistics_tier_commercial_share,
                min_margin=company.logistics_tier_min_margin,
            )
        )
        changed = self.browse(row[0] for row in self.env.cr.fetchall())
        # the SQL bypassed the ORM: drop stale cache and recompute what depends on the tier
        self.invalidate_model(
            ["customer_tier_auto", "customer_tier", "logistics_revenue_12m", "logistics_margin_12m"]
        )
        self.env.add_to_compute(self._fields["pool_release_date"], changed.filtered("pool_id"))
        self.env.add_to_compute(self._fields["pool_reminder_date"], changed.filtered("pool_id"))
        # (res.partner shows them: its cache is stale too)
        self.env["res.partner"].invalidate_model(
            ["customer_tier_auto", "customer_tier", "logistics_revenue_12m", "logistics_margin_12m"]
        )
        return len(changed)

    @api.model
    def _logistics_mark_dormant(self, batch_size=1000):
        """Formal customers whose last business is more than a year old become dormant,
        a bounded batch a night (a backlog, e.g. right after installation, takes several
        nights). A customer without a known last deal (imported formal, say) is not
        judged: import its Last Deal date to have it judged."""
        since = fields.Date.context_today(self) - timedelta(days=365)
        dormant = self.sudo().search(
            [("customer_stage", "=", "formal"), ("last_deal_date", "<", since)],
            limit=batch_size,
            order="id",
        )
        dormant.write({"customer_stage": "dormant"})
        return len(dormant)
