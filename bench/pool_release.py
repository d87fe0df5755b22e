"""Benchmark: automatic pool release of N owned customers whose protection expired.

Run with ``./dev bench pool_release [N]`` (default N = 100000). Not a test: it builds its
own data in a dedicated database, measures, prints and rolls nothing back (the bench
database is dropped and recreated by ``./dev bench``).

It measures
1. the release cron (``logistics.customer.pool._cron_release_expired``) run batch after
   batch to completion, committing after each batch as the cron worker does, with the
   number of queries of each batch;
2. the same release as one set-based SQL statement on copies of the same rows: the
   accounts released, the customers' rows written (salesperson cleared, access key),
   the history inserted;
and prints both times and their ratio.
"""

import os
import time
from datetime import timedelta

from _common import copy_rows, run_to_completion
from odoo import fields
from odoo.addons.logistics_crm.models.logistics_customer_account import update_access_keys
from odoo.tools import SQL

N = int(os.environ.get("BENCH_N", "100000"))
BATCH = int(os.environ.get("BENCH_BATCH", "1000"))

env = env  # noqa: F821,PLW0127  (provided by `odoo shell`)
cr = env.cr
today = fields.Date.context_today(env.user)
claimed = today - timedelta(days=200)
LOGIN = f"bench_salesperson_{int(time.time())}"


def generate():
    """N owned, expired customers copied from one template row in a single INSERT."""
    user = env["res.users"].create(
        {
            "name": "Bench Salesperson",
            "login": LOGIN,
            "groups_id": [(6, 0, [env.ref("logistics_crm.group_logistics_salesman").id])],
        }
    )
    pool = env["logistics.customer.pool"].create(
        {
            "name": "Bench Pool",
            "member_user_ids": [(6, 0, user.ids)],
            "protect_days": 90,
            "followup_days": 30,
            "deal_days": 60,
            "reminder_days": 5,
        }
    )
    template = env["res.partner"].create(
        {"name": "Bench Template", "is_company": True, "customer_stage": "intent"}
    )
    template.action_pool_enroll(pool)
    template.action_pool_assign(user, "bench")
    template.sudo().write({"pool_claim_date": claimed})  # expired like the others
    env.flush_all()
    overrides = {
        "name": SQL("'Bench Customer ' || n"),
        "complete_name": SQL("'Bench Customer ' || n"),
        "customer_code": SQL("%s || lpad(n::text, 8, '0')", LOGIN[-10:]),
        "name_normalized": SQL("'benchcustomer' || n"),
        "ref": SQL("%s || n", LOGIN),
    }
    start = time.perf_counter()
    copy_rows(cr, "res_partner", template.id, N, overrides)
    cr.execute(
        SQL("UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE %s", f"{LOGIN}%")
    )
    # their accounts: copies of the template's (owned, expired)
    account = template.logistics_account_ids
    cr.execute(
        SQL(
            """
        INSERT INTO logistics_customer_account
               (partner_id, company_id, customer_stage, is_home, pool_id, pool_state, user_id,
                pool_claim_date, pool_release_date, pool_reminder_date, pool_reminder_sent,
                pool_locked, pool_deal_since_claim,
                create_uid, create_date, write_uid, write_date)
        SELECT p.id, a.company_id, a.customer_stage, TRUE, a.pool_id, a.pool_state, a.user_id,
               a.pool_claim_date, a.pool_release_date, a.pool_reminder_date, FALSE,
               FALSE, FALSE, a.create_uid, a.create_date, a.write_uid, a.write_date
          FROM res_partner p, logistics_customer_account a
         WHERE p.ref LIKE %(ref)s AND a.id = %(account)s
            """,
            ref=f"{LOGIN}%",
            account=account.id,
        )
    )
    update_access_keys(cr)  # the stored key the rules read, as the models write it
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE logistics_customer_account")
    env.invalidate_all()
    cr.commit()
    print(f"generated {N} owned expired customers in {time.perf_counter() - start:.1f}s")
    return pool


def run_cron():
    Pool = env["logistics.customer.pool"]
    return run_to_completion(env, lambda: Pool._cron_release_expired(batch_size=BATCH))


def run_sql(pool):
    """The same release, set-based, on copies of the rows."""
    cr.execute("DROP TABLE IF EXISTS bench_account_copy, bench_log_copy, bench_partner_copy")
    # same columns, indexes and defaults as the real tables, so both pay the same
    # index maintenance
    cr.execute("CREATE TABLE bench_account_copy (LIKE logistics_customer_account INCLUDING ALL)")
    cr.execute(
        "INSERT INTO bench_account_copy SELECT * FROM logistics_customer_account "
        "WHERE pool_id = %s",
        (pool.id,),
    )
    cr.execute("CREATE TABLE bench_log_copy (LIKE logistics_pool_log INCLUDING ALL)")
    # the customers' rows too (their key and salesperson change), with all their indexes
    cr.execute("CREATE TABLE bench_partner_copy (LIKE res_partner INCLUDING ALL)")
    cr.execute(
        "INSERT INTO bench_partner_copy SELECT * FROM res_partner "
        "WHERE id IN (SELECT partner_id FROM bench_account_copy)"
    )
    cr.execute("ANALYZE bench_account_copy")
    cr.execute("ANALYZE bench_partner_copy")
    cr.commit()
    start = time.perf_counter()
    cr.execute(
        SQL(
            """
        WITH released AS (
            UPDATE bench_account_copy a
               SET user_id = NULL, pool_state = 'pool', pool_claim_date = NULL,
                   pool_release_date = NULL, pool_reminder_date = NULL,
                   pool_reminder_sent = FALSE, write_date = now() AT TIME ZONE 'UTC'
             WHERE pool_state = 'owned' AND NOT COALESCE(pool_locked, FALSE)
               AND pool_release_date <= %(today)s
         RETURNING a.partner_id, a.pool_id, a.company_id, %(owner)s AS from_user_id
        ), partners AS (
            UPDATE bench_partner_copy p
               SET user_id = NULL,
                   logistics_access_key = '|' || r.company_id || ':p' || r.pool_id || '|'
              FROM released r
             WHERE p.id = r.partner_id
        )
        INSERT INTO bench_log_copy (partner_id, pool_id, action, date, user_id, from_user_id,
                                    reason, create_uid, create_date, write_uid, write_date)
        SELECT partner_id, pool_id, 'auto_release', now() AT TIME ZONE 'UTC', %(uid)s, from_user_id,
               'bench', %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
          FROM released
        """,
            today=today,
            uid=env.uid,
            owner=env["res.users"].search([("login", "=", LOGIN)]).id,
        )
    )
    count = cr.rowcount
    cr.commit()
    elapsed = time.perf_counter() - start
    cr.execute("DROP TABLE bench_account_copy, bench_log_copy, bench_partner_copy")
    cr.commit()
    return elapsed, count


pool = generate()
sql_time, sql_count = run_sql(pool)
cron_time, batches, queries = run_cron()
released = env["logistics.customer.account"].search_count(
    [("pool_id", "=", pool.id), ("pool_state", "=", "pool")]
)
print(f"customers released by the cron: {released} of {N + 1}")
assert released == N + 1, "the cron did not release every expired customer"
print(
    f"cron:  {cron_time:8.2f}s in {batches} batches of {BATCH}, "
    f"queries per batch min {min(queries)} max {max(queries)}, total {sum(queries)}"
)
print(
    f"SQL:   {sql_time:8.2f}s for {sql_count} rows (accounts, customers and history in one statement, same indexes)"
)
print(f"ratio: {cron_time / sql_time:8.1f}")
