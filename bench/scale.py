"""Benchmark: every salesperson screen at group scale.

Run with ``./dev bench scale [N]`` (default N = 100000; the issue's volume is 1000000). Not
a test: it builds its own data in a dedicated database, measures, prints.

Data (N = 1,000,000): N companies; N/5 in 3 pools (a quarter of those owned by the 50
salespeople, the rest waiting), the others owned as salesperson by the 50 (about 16,000
each); 2 N confirmed orders; N/2 pool history rows. Stored fields are filled by the SQL
the models use (``update_access_keys``).

Each screen or job is timed as a salesperson (the suite's rules apply) and against a
baseline in the same run, interleaved, median of 7:
- the lists (the web client's ``web_search_read`` of 80 rows counted up to 10,001, and
  ``search_count``): baseline, the same call as a sales manager (no suite rule);
- the duplicate check while typing a new customer (a miss): baseline, one index lookup;
- a claim in a pool with a cap, a daily limit and a cooldown: baseline, a claim in a pool
  without limits;
- ``name_search`` of a customer: baseline, the same as a sales manager.
"""

import os
import statistics
import time

from _common import CUSTOMER_LIST_SPEC, copy_orders, copy_rows, timed, vacuum
from odoo import fields
from odoo.addons.logistics_crm.models.logistics_customer_account import update_access_keys
from odoo.tools import SQL

N = int(os.environ.get("BENCH_N", "100000"))
RUNS = 7
env = env  # noqa: F821,PLW0127  (provided by `odoo shell`)
cr = env.cr
STAMP = str(int(time.time()))
today = fields.Date.context_today(env.user)


def generate():
    start = time.perf_counter()
    Users = env["res.users"].with_context(no_reset_password=True)
    sellers = Users.create(
        [
            {
                "name": f"Scale Seller {i}",
                "login": f"scale_seller_{STAMP}_{i}",
                "groups_id": [(6, 0, env.ref("logistics_crm.group_logistics_salesman").ids)],
            }
            for i in range(50)
        ]
    )
    manager = Users.create(
        {
            "name": "Scale Manager",
            "login": f"scale_manager_{STAMP}",
            "groups_id": [(6, 0, env.ref("logistics_crm.group_logistics_manager").ids)],
        }
    )
    Pool = env["logistics.customer.pool"]
    pools = Pool.create(
        [
            {
                "name": f"Scale Pool {i}",
                "member_user_ids": [(6, 0, sellers.ids)],
                "max_owned_per_user": 100000 if i == 0 else 0,
                "daily_claim_limit": 1000 if i == 0 else 0,
                "reclaim_cooldown_days": 30 if i == 0 else 0,
            }
            for i in range(3)
        ]
    )
    template = env["res.partner"].create(
        {"name": "Scale Template", "is_company": True, "customer_stage": "intent"}
    )
    order = env["sale.order"].create({"partner_id": template.id})
    env.flush_all()
    copy_rows(
        cr,
        "res_partner",
        template.id,
        N,
        {
            "name": SQL("'Scale Customer ' || n"),
            "complete_name": SQL("'Scale Customer ' || n"),
            "customer_code": SQL("%s || lpad(n::text, 8, '0')", f"S{STAMP[-6:]}"),
            "name_normalized": SQL("'scalecustomer' || n"),
            "ref": SQL("%s || n", f"scale{STAMP}-"),
            "user_id": SQL(
                "CASE WHEN mod(n, 5) != 0 THEN (%s::int[])[1 + mod(n, 50)] END", sellers.ids
            ),
        },
    )
    cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE %s", f"scale{STAMP}-%"
        )
    )
    # one account each; every 5th in one of the 3 pools, a quarter of those owned
    cr.execute(
        SQL(
            """
        INSERT INTO logistics_customer_account
               (partner_id, company_id, customer_stage, is_home, pool_id, pool_state, user_id,
                pool_claim_date, pool_release_date, last_followup_date,
                create_uid, create_date, write_uid, write_date)
        SELECT p.id, %(company)s, 'intent', TRUE,
               CASE WHEN mod(p.id, 5) = 0 THEN (%(pools)s::int[])[1 + mod(p.id / 5, 3)] END,
               CASE WHEN mod(p.id, 20) = 0 THEN 'owned' WHEN mod(p.id, 5) = 0 THEN 'pool' END,
               CASE WHEN mod(p.id, 20) = 0 THEN (%(sellers)s::int[])[1 + mod(p.id / 20, 50)] END,
               CASE WHEN mod(p.id, 20) = 0 THEN %(today)s::date - mod(p.id, 80) END,
               CASE WHEN mod(p.id, 20) = 0 THEN %(today)s::date + 90 - mod(p.id, 97) END,
               %(today)s::date - mod(p.id, 60),
               1, NOW(), 1, NOW()
          FROM res_partner p
         WHERE p.ref LIKE %(ref)s
            """,
            company=env.company.id,
            pools=pools.ids,
            sellers=sellers.ids,
            today=today,
            ref=f"scale{STAMP}-%",
        )
    )
    cr.execute(SQL("SELECT min(id) FROM res_partner WHERE ref LIKE %s", f"scale{STAMP}-%"))
    first = cr.fetchone()[0]
    copy_orders(
        cr,
        order.id,
        2 * N,
        first,
        N,
        {
            "name": SQL("'SCALE' || n"),
            "date_order": SQL("%s::timestamp - random() * interval '11 months'", today),
            "amount_untaxed": SQL("round((100 + random() * 10000)::numeric, 2)"),
            "amount_total": SQL("round((100 + random() * 10000)::numeric, 2)"),
        },
    )
    cr.execute(
        SQL(
            """
        INSERT INTO logistics_pool_log (partner_id, pool_id, company_id, action, date, user_id,
                                        from_user_id, reason)
        SELECT %(first)s + mod(n * 7, %(n)s), (%(pools)s::int[])[1 + mod(n, 3)], %(company)s,
               (ARRAY['claim', 'release', 'auto_release', 'assign'])[1 + mod(n, 4)],
               NOW() - mod(n, 365) * interval '1 day',
               (%(sellers)s::int[])[1 + mod(n, 50)], (%(sellers)s::int[])[1 + mod(n + 1, 50)],
               'scale'
          FROM generate_series(1, %(logs)s) n
            """,
            first=first,
            n=N,
            pools=pools.ids,
            company=env.company.id,
            sellers=sellers.ids,
            logs=N // 2,
        )
    )
    update_access_keys(cr)
    cr.commit()
    vacuum(cr, "res_partner", "logistics_customer_account", "sale_order", "logistics_pool_log")
    env.invalidate_all()
    print(
        f"generated {N} customers, {2 * N} orders, {N // 2} history rows "
        f"in {time.perf_counter() - start:.1f}s"
    )
    return sellers[0], manager, pools


def compare(label, call, baseline):
    """Median of RUNS interleaved runs of ``call`` and ``baseline``."""
    call(), baseline()  # warm the caches
    ours, base = [], []
    for _ in range(RUNS):
        ours.append(timed(env, call))
        base.append(timed(env, baseline))
    ours, base = statistics.median(ours), statistics.median(base)
    print(f"{label:44s} {ours * 1000:9.1f} ms {base * 1000:9.1f} ms {ours / base:6.2f}")


def action_domain(xmlid, filter_domain=()):
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    return [*eval(action["domain"]), *filter_domain]  # noqa: S307  (the action's own domain)


salesperson, manager, pools = generate()
Seller = env["res.partner"].with_user(salesperson)
Manager = env["res.partner"].with_user(manager)
customers = action_domain("logistics_crm.res_partner_action_customers")
pool_list = action_domain("logistics_crm.res_partner_action_pool", [("pool_state", "=", "pool")])
release_soon = [*customers, ("is_release_soon", "=", True), ("pool_user_id", "=", salesperson.id)]
uncontacted = [*customers, ("is_uncontacted", "=", True), ("pool_user_id", "=", salesperson.id)]

print(f"{'':44s} {'salesperson':>12s} {'baseline':>12s} {'ratio':>6s}")
for label, domain in (
    ("customer list, 80 rows", customers),
    ("About to be Released (mine), 80 rows", release_soon),
    ("Overdue Uncontacted (mine), 80 rows", uncontacted),
):
    compare(
        label,
        lambda d=domain: Seller.web_search_read(d, CUSTOMER_LIST_SPEC, limit=80, count_limit=10001),
        lambda d=domain: Manager.web_search_read(
            d, CUSTOMER_LIST_SPEC, limit=80, count_limit=10001
        ),
    )
for label, domain in (("customer list count", customers), ("pool list count", pool_list)):
    compare(
        label,
        lambda d=domain: Seller.search_count(d),
        lambda d=domain: Manager.search_count(d),
    )
typed = Seller.new({"name": "Nobody Like This", "vat": "CN000X", "phone": "+86 21 0000 0000"})
typed.phone_sanitized  # noqa: B018  (computed before timing)
compare(
    "duplicate check, a miss (vs one index lookup)",
    lambda: typed._logistics_find_duplicates(),
    lambda: cr.execute(
        "SELECT id FROM res_partner WHERE name_normalized = %s LIMIT 10", ["nobodylikethis"]
    ),
)
compare(
    "name_search of a customer",
    lambda: Seller.name_search(f"Customer {N // 2 + 3}", limit=8),
    lambda: Manager.name_search(f"Customer {N // 2 + 3}", limit=8),
)


def claim_in(pool):
    """A salesperson claims a waiting customer of ``pool`` (rolled back)."""
    account = env["logistics.customer.account"].search(
        [("pool_id", "=", pool.id), ("pool_state", "=", "pool")], limit=1, order="id desc"
    )
    partner = account.partner_id.with_user(salesperson)

    def claim():
        with cr.savepoint() as savepoint:
            partner.action_pool_claim()
            env.flush_all()
            savepoint.rollback()

    return claim


compare("claim with cap, daily limit, cooldown", claim_in(pools[0]), claim_in(pools[1]))
