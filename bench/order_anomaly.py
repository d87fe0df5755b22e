"""Benchmark: daily order-anomaly detection over N customers and 20 N confirmed orders.

Run with ``./dev bench order_anomaly [N]`` (default N = 100000, so 2,000,000 orders). Not a
test: it builds its own data in a dedicated database, measures and prints.

Data: N customers of one salesperson, each with about 20 confirmed orders spread at random
over the 13 months before the current one; 2 % of the customers placed no order last month
(drops), 1 % placed 8 extra orders (spikes).

It measures, in the same run,
1. the same detection as one SQL statement, inserting the anomalies into a copy of the
   anomaly table (same columns and indexes);
2. the cron (``logistics.order.anomaly._cron_detect``) run call after call to completion,
   committing after each call as the cron worker does: the one detection statement, then
   the salespeople's activities in bounded batches;
and prints both times and their ratio.
"""

import os
import time

from _common import copy_orders, copy_rows, run_to_completion
from odoo import fields
from odoo.tools import SQL

N = int(os.environ.get("BENCH_N", "100000"))
ORDERS = 20 * N
BATCH = int(os.environ.get("BENCH_BATCH", "1000"))

env = env  # noqa: F821,PLW0127  (provided by `odoo shell`)
cr = env.cr
today = fields.Date.context_today(env.user)
LOGIN = f"bench_anomaly_{int(time.time())}"


def generate():
    start = time.perf_counter()
    env.company.write({"anomaly_period": "month", "anomaly_sensitivity": 3.0})
    user = env["res.users"].create(
        {
            "name": "Bench Salesperson",
            "login": LOGIN,
            "groups_id": [(6, 0, [env.ref("logistics_crm.group_logistics_salesman").id])],
        }
    )
    template = env["res.partner"].create(
        {"name": "Bench Template", "is_company": True, "user_id": user.id}
    )
    order = env["sale.order"].create({"partner_id": template.id, "user_id": user.id})
    env.flush_all()
    copy_rows(
        cr,
        "res_partner",
        template.id,
        N,
        {
            "name": SQL("'Anomaly Customer ' || n"),
            "complete_name": SQL("'Anomaly Customer ' || n"),
            "customer_code": SQL("NULL"),
            "ref": SQL("%s || n", LOGIN),
        },
    )
    cr.execute(
        SQL("UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE %s", f"{LOGIN}%")
    )
    cr.execute(SQL("SELECT min(id) FROM res_partner WHERE ref LIKE %s", f"{LOGIN}%"))
    first = cr.fetchone()[0]
    cur_start = SQL("date_trunc('month', %s::timestamp)", today)
    # ~20 orders a customer, uniformly over the 13 months before the current one
    copy_orders(
        cr,
        order.id,
        ORDERS,
        first,
        N,
        {
            "name": SQL("'BENCH' || n"),
            "date_order": SQL("%s - random() * interval '13 months'", cur_start),
            "amount_untaxed": SQL("round((500 + random() * 1000)::numeric, 2)"),
            "amount_total": SQL("round((500 + random() * 1000)::numeric, 2)"),
        },
    )
    # drops: 2 % of the customers placed nothing last month (moved a year back)
    cr.execute(
        SQL(
            """UPDATE sale_order SET date_order = date_order - interval '12 months'
                WHERE mod(partner_id - %s, 50) = 25 AND starts_with(name, 'BENCH')
                  AND date_order >= %s - interval '1 month'""",
            first,
            cur_start,
        )
    )
    # spikes: 1 % (every 100th customer) placed 8 extra orders last month
    spikers = N // 100
    copy_rows(
        cr,
        "sale_order",
        order.id,
        8 * spikers,
        {
            "name": SQL("'BENCHX' || n"),
            "partner_id": SQL("%s + 100 * mod(n, %s)", first, spikers),
            "partner_invoice_id": SQL("%s + 100 * mod(n, %s)", first, spikers),
            "partner_shipping_id": SQL("%s + 100 * mod(n, %s)", first, spikers),
            "state": SQL("'sale'"),
            "date_order": SQL("%s - interval '15 days'", cur_start),
            "amount_untaxed": SQL("1000"),
            "amount_total": SQL("1000"),
            "currency_rate": SQL("1.0"),
        },
    )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE sale_order")
    cr.commit()
    env.invalidate_all()
    cr.execute("SELECT count(*) FROM sale_order WHERE state = 'sale'")
    print(
        f"generated {N} customers and {cr.fetchone()[0]} confirmed orders "
        f"in {time.perf_counter() - start:.1f}s"
    )


def run_sql():
    """The same detection as one statement, into a copy of the anomaly table."""
    Anomaly = env["logistics.order.anomaly"]
    cr.execute("DROP TABLE IF EXISTS bench_anomaly_copy")
    cr.execute("CREATE TABLE bench_anomaly_copy (LIKE logistics_order_anomaly INCLUDING ALL)")
    cr.commit()
    insert = Anomaly._logistics_anomaly_sql(today)
    statement = SQL(
        insert.code.replace("logistics_order_anomaly", "bench_anomaly_copy", 1), *insert.params
    )
    start = time.perf_counter()
    cr.execute(statement)
    count = cr.rowcount
    cr.commit()
    elapsed = time.perf_counter() - start
    cr.execute("DROP TABLE bench_anomaly_copy")
    cr.commit()
    return elapsed, count


def run_cron():
    Anomaly = env["logistics.order.anomaly"]
    return run_to_completion(env, lambda: Anomaly._cron_detect(batch_size=BATCH))


generate()
cr.execute("SELECT count(*) FROM sale_order")  # warm the cache for both runs alike
cr.fetchall()
sql_time, sql_count = run_sql()
cron_time, calls, queries = run_cron()
anomalies = env["logistics.order.anomaly"].search_count([])
activities = env["mail.activity"].search_count([("user_id.login", "=", LOGIN)])
print(f"anomalies: {anomalies} (SQL copy: {sql_count}), activities: {activities}")
assert anomalies == sql_count, "the cron and the statement disagree"
assert activities == anomalies, "one activity per anomaly"
print(
    f"cron:  {cron_time:8.2f}s in {calls} calls (batches of {BATCH}), "
    f"queries per call min {min(queries)} max {max(queries)}, total {sum(queries)}"
)
print(f"SQL:   {sql_time:8.2f}s for {sql_count} anomalies (one INSERT ... SELECT, same indexes)")
print(f"ratio: {cron_time / sql_time:8.1f}")
