"""18.0.0.6.0: keep what resolved complaints were measured by (their deadline in
working days and whether they met it): the upgrade computes the SLA of every complaint
anew, and the post-migration puts the history back (see post-migrate.py)."""

from odoo.tools.sql import column_exists, table_exists


def migrate(cr, version):
    if not column_exists(cr, "logistics_complaint", "on_time") or table_exists(
        cr, "logistics_complaint_pre_sla"
    ):
        return
    cr.execute(
        """
        CREATE TABLE logistics_complaint_pre_sla AS
        SELECT id, deadline, on_time FROM logistics_complaint
         WHERE state IN ('resolved', 'closed')
        """
    )
