"""Benchmark: a salesperson's customer list with N customers in the group.

Run with ``./dev bench customer_list [N]`` (default N = 100000; the issue's volume is
1000000). Not a test: it builds its own data in a dedicated database, measures, prints.

Data: N customers, each with its account in the company (stage intent); one in five is
in the company's pool (N/5), one in four of those owned by one of 50 salespeople, the
bench salesperson included.

It measures, in the same run, for the default customer list (the All Customers action) and
the same with the My Customers filter:
- opening the list: the web client's ``web_search_read`` of 80 rows with the list view's
  fields, counting up to 10,001 (its pager shows "10000+" beyond);
- the exact count (``search_count``), which the web client asks for when that pager is
  clicked;
1. as the salesperson: the suite's customer rule applies (own customers, own pools'
   customers, customers no pool manages);
2. as a sales manager: the same domain, without the suite's rule (the baseline);
and prints the median of 5 runs of each and the ratio salesperson / manager.
"""

import os
import statistics
import time

from _common import CUSTOMER_LIST_SPEC, copy_rows, timed, vacuum
from odoo.addons.logistics_crm.models.logistics_customer_account import update_access_keys
from odoo.tools import SQL

N = int(os.environ.get("BENCH_N", "100000"))
RUNS = 5
env = env  # noqa: F821,PLW0127  (provided by `odoo shell`)
cr = env.cr
STAMP = str(int(time.time()))


def generate():
    Users = env["res.users"].with_context(no_reset_password=True)
    salesman = env.ref("logistics_crm.group_logistics_salesman")
    sellers = Users.create(
        [
            {
                "name": f"Bench Seller {i}",
                "login": f"bench_seller_{STAMP}_{i}",
                "groups_id": [(6, 0, salesman.ids)],
            }
            for i in range(50)
        ]
    )
    manager = Users.create(
        {
            "name": "Bench Manager",
            "login": f"bench_manager_{STAMP}",
            "groups_id": [(6, 0, env.ref("logistics_crm.group_logistics_manager").ids)],
        }
    )
    pool = env["logistics.customer.pool"].create(
        {"name": "Bench Pool", "member_user_ids": [(6, 0, sellers.ids)]}
    )
    template = env["res.partner"].create(
        {"name": "Bench Template", "is_company": True, "customer_stage": "intent"}
    )
    env.flush_all()
    start = time.perf_counter()
    copy_rows(
        cr,
        "res_partner",
        template.id,
        N,
        {
            "name": SQL("'Bench Customer ' || n"),
            "complete_name": SQL("'Bench Customer ' || n"),
            "customer_code": SQL("%s || lpad(n::text, 8, '0')", f"B{STAMP[-6:]}"),
            "name_normalized": SQL("'benchcustomer' || n"),
            "ref": SQL("%s || n", f"bench{STAMP}-"),
        },
    )
    cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE %s", f"bench{STAMP}-%"
        )
    )
    # one account per customer; every 5th in the pool, every 20th owned (50 owners)
    cr.execute(
        SQL(
            """
        INSERT INTO logistics_customer_account
               (partner_id, company_id, customer_stage, is_home, pool_id, pool_state, user_id,
                pool_claim_date, create_uid, create_date, write_uid, write_date)
        SELECT p.id, %(company)s, 'intent', TRUE,
               CASE WHEN mod(p.id, 5) = 0 THEN %(pool)s END,
               CASE WHEN mod(p.id, 20) = 0 THEN 'owned' WHEN mod(p.id, 5) = 0 THEN 'pool' END,
               CASE WHEN mod(p.id, 20) = 0 THEN (%(sellers)s::int[])[1 + mod(p.id / 20, 50)] END,
               CASE WHEN mod(p.id, 20) = 0 THEN CURRENT_DATE END,
               1, NOW(), 1, NOW()
          FROM res_partner p
         WHERE p.ref LIKE %(ref)s
            """,
            company=env.company.id,
            pool=pool.id,
            sellers=sellers.ids,
            ref=f"bench{STAMP}-%",
        )
    )
    update_access_keys(cr)  # the stored key the rules read, as the models write it
    cr.commit()
    vacuum(cr, "res_partner", "logistics_customer_account")
    env.invalidate_all()
    print(f"generated {N} customers ({N // 5} in the pool) in {time.perf_counter() - start:.1f}s")
    return sellers[0], manager


def list_calls(user, extra_domain):
    """Median times, as ``user``, of opening the list (the web client's one call: 80
    rows, counted up to 10,001 - beyond, the pager shows "10000+") and of the exact
    count (``search_count``, when the user clicks that pager)."""
    action = env["ir.actions.act_window"]._for_xml_id("logistics_crm.res_partner_action_customers")
    domain = [*eval(action["domain"]), *extra_domain]  # noqa: S307  (the action's own domain)
    Partner = env["res.partner"].with_user(user)

    def median(call):
        timed(env, call)  # warm the caches
        return statistics.median(timed(env, call) for _ in range(RUNS))

    return (
        median(
            lambda: Partner.web_search_read(domain, CUSTOMER_LIST_SPEC, limit=80, count_limit=10001)
        ),
        median(lambda: Partner.search_count(domain)),
    )


salesperson, manager = generate()
print(f"{'':14s} {'':14s} {'salesperson':>12s} {'manager':>12s} {'ratio':>6s}")
for label, extra in (
    ("All Customers", []),
    ("My Customers", [("pool_user_id", "=", salesperson.id)]),
):
    seller = list_calls(salesperson, extra)
    baseline = list_calls(manager, extra)
    for what, s_time, m_time in zip(("open the list", "exact count"), seller, baseline):
        print(
            f"{label:14s} {what:14s} {s_time * 1000:9.1f} ms {m_time * 1000:9.1f} ms "
            f"{s_time / m_time:6.2f}"
        )
