"""What the benchmarks share (they run as `odoo shell < bench/NAME.py`; `./dev bench` puts
this folder on the Python path)."""

import time

from odoo.tools import SQL


def table_columns(cr, table):
    """The columns of ``table`` but its id."""
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name != 'id'",
            table,
        )
    )
    return [row[0] for row in cr.fetchall()]


def copy_rows(cr, table, template_id, count, overrides, series="n"):
    """INSERT ``count`` copies of one template row of ``table`` in one statement, with SQL
    expressions (``overrides``: column -> SQL, may use the series ``series``) for some
    columns."""
    columns = table_columns(cr, table)
    select = SQL(", ").join(overrides.get(col, SQL.identifier(col)) for col in columns)
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s, generate_series(1, %s) %s WHERE %s.id = %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(col) for col in columns),
            select,
            SQL.identifier(table),
            count,
            SQL.identifier(series),
            SQL.identifier(table),
            template_id,
        )
    )


def copy_orders(cr, template_id, count, first_partner, customers, overrides):
    """``count`` confirmed copies of one template sale order, spread over ``customers``
    consecutive partners from ``first_partner`` (series ``n``); ``overrides`` as for
    ``copy_rows`` (name, date, amounts)."""
    partner = SQL("%s + mod(n, %s)", first_partner, customers)
    copy_rows(
        cr,
        "sale_order",
        template_id,
        count,
        {
            "partner_id": partner,
            "partner_invoice_id": partner,
            "partner_shipping_id": partner,
            "state": SQL("'sale'"),
            "currency_rate": SQL("1.0"),
            **overrides,
        },
    )


# what the suite's customer list shows (its optional="hide" columns are not read): the
# fields the web client's web_search_read asks for
CUSTOMER_LIST_SPEC = {
    "customer_code": {},
    "display_name": {},
    "customer_stage": {},
    "customer_tier": {},
    "pool_user_id": {"fields": {"display_name": {}}},
    "pool_id": {"fields": {"display_name": {}}},
    "pool_state": {},
    "last_followup_date": {},
    "pool_release_date": {},
}


def timed(env, call):
    """Seconds ``call()`` takes from cold ORM caches."""
    env.invalidate_all()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def run_to_completion(env, call):
    """Call a batched cron method until nothing remains, committing after each call as
    the cron worker does. Returns (seconds, calls, queries of each call)."""
    cr = env.cr
    calls, queries = 0, []
    start = time.perf_counter()
    while True:
        before = cr.sql_log_count
        remaining = call()
        env.flush_all()
        cr.commit()
        env.invalidate_all()
        queries.append(cr.sql_log_count - before)
        calls += 1
        if not remaining:
            break
    return time.perf_counter() - start, calls, queries


def vacuum(cr, *tables):
    """VACUUM ANALYZE ``tables`` as autovacuum does to a table at rest after a bulk load
    (statistics, and the visibility map index-only scans need)."""
    import odoo.sql_db  # noqa: PLC0415

    with odoo.sql_db.db_connect(cr.dbname).cursor() as vacuum_cr:
        vacuum_cr._cnx.autocommit = True
        for table in tables:
            vacuum_cr.execute(SQL("VACUUM ANALYZE %s", SQL.identifier(table)))
