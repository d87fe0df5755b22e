"""Benchmark: the nightly dunning of N overdue invoices of N / 10 customers.

Run with ``./dev bench dunning [N]`` (default N = 20000, so 2,000 customers). Not a test:
it builds its own data in a dedicated database, measures and prints.

Data: N / 10 customers with an e-mail address, each with 10 posted invoices of one
salesperson and sales team, overdue from 7 to 96 days; the company's three shipped dunning
levels (7, 30, 60 days: the salesperson, then the team leader, then the credit controller
and a credit hold; one statement e-mail each).

It measures, in the same run,
1. the same level assignment as one set-based statement: the (invoice, level) rows the cron
   applies inserted into the dunning history (its indexes and foreign keys, as the cron's
   rows) and the invoices' level updated - then rolled back;
2. the cron (``account.move._cron_dunning``) run call after call to completion, committing
   after each call as the cron worker does: per customer one statement e-mail (its chatter
   message is the dunning note), one activity per person notified, the history, the
   levels and the credit holds; then, with nobody left to dun, its check of the paid holds
   and of the collection cases, a batch at a time;
and prints both times, their ratio, the queries per call, the e-mails and activities -
and, for comparison with earlier versions, the statement into a copy of the history
without its foreign keys.
"""

import os
import time

from _common import copy_rows, run_to_completion, table_columns
from odoo import Command, fields
from odoo.tools import SQL

N = int(os.environ.get("BENCH_N", "20000"))
CUSTOMERS = max(N // 10, 1)
BATCH = int(os.environ.get("BENCH_BATCH", "200"))

env = env  # noqa: F821,PLW0127  (provided by `odoo shell`)
cr = env.cr
today = fields.Date.context_today(env.user)
MARK = f"bench_dunning_{int(time.time())}"


def user(login, *groups):
    return env["res.users"].create(
        {
            "name": login,
            "login": f"{MARK}_{login}",
            "email": f"{login}@bench.example.com",
            "groups_id": [Command.set([env.ref(g).id for g in groups])],
        }
    )


def generate():
    start = time.perf_counter()
    company = env.company
    salesperson = user("sales", "logistics_crm.group_logistics_salesman")
    leader = user("leader", "logistics_crm.group_logistics_manager")
    company.credit_controller_id = user(
        "controller", "logistics_receivable.group_logistics_credit_controller"
    )
    team = env["crm.team"].create({"name": "Bench Team", "user_id": leader.id})
    template = env["res.partner"].create(
        {"name": "Bench Debtor", "is_company": True, "email": "ap@debtor.example.com"}
    )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": template.id,
            "invoice_user_id": salesperson.id,
            "team_id": team.id,
            "invoice_date": today,
            "invoice_line_ids": [
                Command.create(
                    {"name": "Freight", "quantity": 1, "price_unit": 1000.0, "tax_ids": []}
                )
            ],
        }
    )
    invoice.action_post()
    env.flush_all()
    copy_rows(
        cr,
        "res_partner",
        template.id,
        CUSTOMERS,
        {
            "name": SQL("'Bench Debtor ' || n"),
            "complete_name": SQL("'Bench Debtor ' || n"),
            "email": SQL("'ap' || n || '@debtor.example.com'"),
            "customer_code": SQL("NULL"),
            "ref": SQL("%s || n", MARK),
        },
    )
    cr.execute(
        SQL("UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE %s", f"{MARK}%")
    )
    cr.execute(SQL("SELECT min(id) FROM res_partner WHERE ref LIKE %s", f"{MARK}%"))
    first = cr.fetchone()[0]
    partner = SQL("%s + mod(n, %s)", first, CUSTOMERS)
    # each customer's 10 invoices overdue from 7 to 88 days
    due = SQL("%s::date - (7 + (n / %s) * 9)", today, CUSTOMERS)
    copy_rows(
        cr,
        "account_move",
        invoice.id,
        N,
        {
            "name": SQL("%s || '/' || n", MARK),
            "ref": SQL("%s || n", MARK),
            "partner_id": partner,
            "commercial_partner_id": partner,
            "partner_shipping_id": partner,
            "invoice_date": SQL("%s - 1", due),
            "invoice_date_due": due,
            "sequence_number": SQL("100000 + n"),
        },
    )
    # each copy's journal lines, from the template's
    columns = table_columns(cr, "account_move_line")
    overrides = {
        "move_id": SQL("m.id"),
        "partner_id": SQL("m.partner_id"),
        "date_maturity": SQL(
            "CASE WHEN t.date_maturity IS NULL THEN NULL ELSE m.invoice_date_due END"
        ),
        "move_name": SQL("m.name"),
    }
    cr.execute(
        SQL(
            "INSERT INTO account_move_line (%s) SELECT %s FROM account_move_line t, account_move m "
            "WHERE t.move_id = %s AND m.ref LIKE %s",
            SQL(", ").join(SQL.identifier(col) for col in columns),
            SQL(", ").join(overrides.get(col, SQL("t.%s", SQL.identifier(col))) for col in columns),
            invoice.id,
            f"{MARK}%",
        )
    )
    cr.execute("ANALYZE account_move, account_move_line, res_partner")
    cr.commit()
    env.invalidate_all()
    print(
        f"generated {CUSTOMERS} customers and {N} overdue invoices "
        f"in {time.perf_counter() - start:.1f}s"
    )


def run_sql(copy=False):
    """The same level assignment as one statement - the history rows (in the history
    table itself: its indexes and foreign keys; with ``copy``, in a copy of it with its
    indexes only, as earlier versions measured) and the invoices' level -, rolled back."""
    Move = env["account.move"]
    table = "logistics_dunning_log"
    if copy:
        table = "bench_dunning_copy"
        cr.execute("CREATE TABLE bench_dunning_copy (LIKE logistics_dunning_log INCLUDING ALL)")
        cr.commit()
    start = time.perf_counter()
    cr.execute(
        SQL(
            """
        WITH pairs AS (%s), logged AS (
            INSERT INTO %s (move_id, level_id, partner_id, company_id, date, days_overdue,
                            amount_residual, mail_sent, credit_hold,
                            create_uid, create_date, write_uid, write_date)
            SELECT p.move_id, p.level_id, p.partner_id, p.company_id, %s, p.days,
                   m.amount_residual_signed, FALSE, FALSE,
                   %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
              FROM pairs p(move_id, level_id, days, partner_id, company_id)
              JOIN account_move m ON m.id = p.move_id
        )
        UPDATE account_move m SET dunning_level_id = p.level_id
          FROM pairs p(move_id, level_id, days, partner_id, company_id)
         WHERE m.id = p.move_id
            """,
            Move._logistics_dunning_sql(10 * CUSTOMERS),
            SQL.identifier(table),
            today,
            env.uid,
            env.uid,
        )
    )
    count = cr.rowcount
    elapsed = time.perf_counter() - start
    cr.rollback()
    if copy:
        cr.execute("DROP TABLE bench_dunning_copy")
        cr.commit()
    return elapsed, count


generate()
copy_time, _count = run_sql(copy=True)
sql_time, sql_count = run_sql()
phases = {"dunning": 0.0, "holds and cases": 0.0}


def dun():
    """One cron call, its time counted as dunning while customers were dunned."""
    start, before = time.perf_counter(), env["logistics.dunning.log"].search_count([])
    remaining = env["account.move"]._cron_dunning(batch_size=BATCH)
    dunned = env["logistics.dunning.log"].search_count([]) > before
    phases["dunning" if dunned else "holds and cases"] += time.perf_counter() - start
    return remaining


cron_time, calls, queries = run_to_completion(env, dun)
logs = env["logistics.dunning.log"].search_count([])
mails = env["mail.mail"].search_count([("model", "=", "res.partner")])
activities = env["mail.activity"].search_count([("res_model", "=", "res.partner")])
assigned = env["mail.mail"].search_count([("model", "=", "mail.activity")])
print(f"history rows: {logs} (statement: {sql_count}), statement e-mails: {mails}")
print(f"activities: {activities}, 'activity assigned' e-mails: {assigned}")
assert logs == sql_count, "the cron and the statement disagree"
assert mails == CUSTOMERS, "one statement e-mail per customer"
print(
    f"cron:  {cron_time:8.2f}s in {calls} calls (batches of {BATCH} customers), "
    f"queries per call min {min(queries)} max {max(queries)}, total {sum(queries)}"
)
print(
    f"       of which dunning {phases['dunning']:.2f}s, then paid holds and collection "
    f"cases {phases['holds and cases']:.2f}s"
)
print(f"SQL:   {sql_time:8.2f}s for {sql_count} invoices (one statement, the same tables)")
print(f"ratio: {cron_time / sql_time:8.1f} (dunning only: {phases['dunning'] / sql_time:.1f})")
print(
    f"(SQL into a copy of the history without foreign keys: {copy_time:.2f}s, "
    f"ratio {cron_time / copy_time:.1f})"
)
