"""Benchmark: the nightly value tiering and dormancy over N customers and 2 N orders.

Run with ``./dev bench customer_tiers [N]`` (default N = 100000; the issue's volume is
1000000). Not a test: it builds its own data in a dedicated database, measures, prints.

Data: N formal customers with their accounts, one in five owned in a pool (their release
dates depend on the tier), one in ten without business for 400 days (to turn dormant);
2 N confirmed orders over the last 12 months.

It measures, in the same run,
1. the same tiers as one set-based UPDATE (the ranking statement the cron uses, applied
   at once) and the dormancy as one UPDATE, both on a copy of the account table with the
   same indexes;
2. the cron (``logistics.customer.account._cron_compute_tiers``) call after call to
   completion, committing after each call as the cron worker does: the ranking statement
   that queues the changes, the queue applied in batches, then the dormant customers in
   batches - with the process's memory (RSS) after each call;
and prints the times, their ratios and the memory.
"""

import os
import time
from datetime import timedelta

import psutil
from _common import copy_orders, copy_rows, vacuum
from odoo import fields
from odoo.addons.logistics_crm.models.logistics_customer_account import update_access_keys
from odoo.tools import SQL

N = int(os.environ.get("BENCH_N", "100000"))
BATCH = int(os.environ.get("BENCH_BATCH", "5000"))  # the cron's default
env = env  # noqa: F821,PLW0127  (provided by `odoo shell`)
cr = env.cr
STAMP = str(int(time.time()))
today = fields.Date.context_today(env.user)


def generate():
    start = time.perf_counter()
    salesman = env.ref("logistics_crm.group_logistics_salesman")
    sellers = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Tier Seller {i}",
                    "login": f"tier_seller_{STAMP}_{i}",
                    "groups_id": [(6, 0, salesman.ids)],
                }
                for i in range(50)
            ]
        )
    )
    pool = env["logistics.customer.pool"].create({"name": "Tier Pool"})
    template = env["res.partner"].create({"name": "Tier Template", "is_company": True})
    order = env["sale.order"].create({"partner_id": template.id})
    env.flush_all()
    copy_rows(
        cr,
        "res_partner",
        template.id,
        N,
        {
            "name": SQL("'Tier Customer ' || n"),
            "complete_name": SQL("'Tier Customer ' || n"),
            "customer_code": SQL("%s || lpad(n::text, 8, '0')", f"T{STAMP[-6:]}"),
            "ref": SQL("%s || n", f"tier{STAMP}-"),
        },
    )
    cr.execute(
        SQL("UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE %s", f"tier{STAMP}-%")
    )
    cr.execute(
        SQL(
            """
        INSERT INTO logistics_customer_account
               (partner_id, company_id, customer_stage, is_home, pool_id, pool_state, user_id,
                pool_claim_date, last_deal_date, create_uid, create_date, write_uid, write_date)
        SELECT p.id, %(company)s, 'formal', TRUE,
               CASE WHEN mod(p.id, 5) = 0 THEN %(pool)s END,
               CASE WHEN mod(p.id, 5) = 0 THEN 'owned' END,
               CASE WHEN mod(p.id, 5) = 0 THEN (%(sellers)s::int[])[1 + mod(p.id / 5, 50)] END,
               CASE WHEN mod(p.id, 5) = 0 THEN %(today)s::date - 10 END,
               CASE WHEN mod(p.id, 10) = 3 THEN %(today)s::date - 400 ELSE %(today)s::date - 5 END,
               1, NOW(), 1, NOW()
          FROM res_partner p
         WHERE p.ref LIKE %(ref)s
            """,
            company=env.company.id,
            pool=pool.id,
            sellers=sellers.ids,
            today=today,
            ref=f"tier{STAMP}-%",
        )
    )
    cr.execute(SQL("SELECT min(id) FROM res_partner WHERE ref LIKE %s", f"tier{STAMP}-%"))
    first = cr.fetchone()[0]
    copy_orders(
        cr,
        order.id,
        2 * N,
        first,
        N,
        {
            "name": SQL("'TIER' || n"),
            "date_order": SQL("%s::timestamp - random() * interval '11 months'", today),
            "amount_untaxed": SQL("round((100 + random() * 10000)::numeric, 2)"),
            "amount_total": SQL("round((100 + random() * 10000)::numeric, 2)"),
            "margin": SQL("round((random() * 2000)::numeric, 2)"),
        },
    )
    update_access_keys(cr)
    cr.commit()
    vacuum(cr, "res_partner", "logistics_customer_account", "sale_order")
    env.invalidate_all()
    print(f"generated {N} customers and {2 * N} orders in {time.perf_counter() - start:.1f}s")


def run_sql():
    """The same tiers and dormancy as two set-based UPDATEs, on a copy of the accounts."""
    Account = env["logistics.customer.account"]
    cr.execute("DROP TABLE IF EXISTS bench_account_copy")
    cr.execute("CREATE TABLE bench_account_copy (LIKE logistics_customer_account INCLUDING ALL)")
    cr.execute("INSERT INTO bench_account_copy SELECT * FROM logistics_customer_account")
    cr.execute("ANALYZE bench_account_copy")
    cr.commit()
    start = time.perf_counter()
    cr.execute(
        SQL(
            """
        %s
        UPDATE bench_account_copy a
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
            """,
            Account._logistics_tier_target_sql(env.company),
        )
    )
    tiered = cr.rowcount
    cr.commit()
    tier_time = time.perf_counter() - start
    start = time.perf_counter()
    cr.execute(
        "UPDATE bench_account_copy SET customer_stage = 'dormant' "
        "WHERE customer_stage = 'formal' AND last_deal_date < %s",
        [today - timedelta(days=365)],
    )
    dormant = cr.rowcount
    cr.commit()
    dormant_time = time.perf_counter() - start
    cr.execute("DROP TABLE bench_account_copy")
    cr.commit()
    return tier_time, tiered, dormant_time, dormant


def run_cron():
    """The cron to completion: (tier seconds, dormancy seconds, calls, peak RSS growth)."""
    Account = env["logistics.customer.account"]
    Change = env["logistics.customer.tier.change"]
    process = psutil.Process()
    rss_start = peak = process.memory_info().rss
    times = {"tiers": 0.0, "dormancy": 0.0}
    calls = 0
    while True:
        phase = (
            "tiers"
            if env.company.logistics_tier_date != today or Change.search_count([], limit=1)
            else "dormancy"
        )
        start = time.perf_counter()
        remaining = Account._cron_compute_tiers(batch_size=BATCH)
        env.flush_all()
        cr.commit()
        env.invalidate_all()
        times[phase] += time.perf_counter() - start
        calls += 1
        peak = max(peak, process.memory_info().rss)
        if not remaining:
            break
    return times["tiers"], times["dormancy"], calls, (peak - rss_start) / 2**20


generate()
cr.execute("SELECT count(*) FROM sale_order")  # warm the cache for both runs alike
cr.fetchall()
sql_tiers, tiered, sql_dormant, dormant = run_sql()
cron_tiers, cron_dormant, calls, rss = run_cron()
cr.execute("SELECT count(*) FROM logistics_customer_account WHERE customer_stage = 'dormant'")
marked = cr.fetchone()[0]
print(
    f"tiers:    cron {cron_tiers:7.1f}s  one UPDATE {sql_tiers:7.1f}s ({tiered} accounts)  "
    f"ratio {cron_tiers / sql_tiers:5.2f}"
)
print(
    f"dormancy: cron {cron_dormant:7.1f}s  one UPDATE {sql_dormant:7.1f}s ({dormant} accounts)  "
    f"ratio {cron_dormant / sql_dormant:5.2f}"
)
print(f"cron: {calls} calls of at most {BATCH}, RSS growth {rss:.0f} MB; dormant marked {marked}")
assert marked == dormant, "the cron and the statement disagree"
