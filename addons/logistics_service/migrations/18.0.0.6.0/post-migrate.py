"""18.0.0.6.0: complaints have SLA policies (working hours per severity and tier) and
three escalation levels instead of working days per severity on the company and one
``escalated`` flag.

- A company whose working days differ from the defaults (1, 2, 5, 10) gets its own
  policies with those days as working hours of its calendar; the others follow the
  group's shipped policies, which are the same days.
- Complaints already started were answered: their first response is their filing date
  (the time was not recorded); open complaints already escalated (as overdue) are at
  level 2 (breached), so that nobody is told again.
- Every complaint's SLA is computed from its filing date with those policies; resolved
  and closed ones keep the deadline and on-time flag they were measured by (saved by
  pre-migrate.py).
- The escalation cron calls the new method every 15 minutes; customers see their
  complaints in any company of the group (complaints' company rule); the complaints
  e-mail alias is created if its name is free.
"""

from odoo import SUPERUSER_ID, api
from odoo.addons.logistics_crm.upgrade import reload_rule_domains
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

DEFAULT_DAYS = {"critical": 1, "high": 2, "medium": 5, "low": 10}


def _company_policies(env):
    if not column_exists(env.cr, "res_company", "complaint_days_low"):
        return
    columns = SQL(", ").join(
        SQL.identifier(f"complaint_days_{severity}") for severity in DEFAULT_DAYS
    )
    env.cr.execute(SQL("SELECT id, %s FROM res_company", columns))
    Policy = env["logistics.complaint.sla"]
    for company_id, *days in env.cr.fetchall():
        company_days = dict(zip(DEFAULT_DAYS, days, strict=True))
        if all(company_days[s] in (None, d) for s, d in DEFAULT_DAYS.items()):
            continue
        company = env["res.company"].browse(company_id)
        hours_per_day = company.resource_calendar_id.hours_per_day or 8.0
        for severity, day_count in company_days.items():
            group_policy = env.ref(f"logistics_service.complaint_sla_{severity}")
            resolution = (day_count or DEFAULT_DAYS[severity]) * hours_per_day
            Policy.create(
                {
                    "name": f"{company.name}: {severity}, {day_count} working days",
                    "company_id": company.id,
                    "severity": severity,
                    "response_hours": min(group_policy.response_hours, resolution),
                    "resolution_hours": resolution,
                    "final_escalation_hours": group_policy.final_escalation_hours,
                }
            )


def _recompute_sla(env):
    """Every complaint's SLA anew, counted from its filing (the column's default, the
    upgrade's time, is no clock start), with the policies now there."""
    env.cr.execute("UPDATE logistics_complaint SET sla_start_date = date")
    Complaint = env["logistics.complaint"].with_context(active_test=False)
    complaints = Complaint.search([])
    complaints.invalidate_recordset(["sla_start_date"])
    complaints.modified(["severity", "sla_start_date"])
    env.flush_all()
    # what resolved complaints were measured by stays as it was
    if table_exists(env.cr, "logistics_complaint_pre_sla"):
        env.cr.execute(
            """
            UPDATE logistics_complaint c SET deadline = p.deadline, on_time = p.on_time
              FROM logistics_complaint_pre_sla p
             WHERE p.id = c.id
            """
        )
        env.cr.execute("DROP TABLE logistics_complaint_pre_sla")
        complaints.invalidate_recordset(["deadline", "on_time"])
    return complaints


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _company_policies(env)
    Complaint = env["logistics.complaint"].with_context(active_test=False)
    started = Complaint.search(
        [
            ("state", "in", ("in_progress", "resolved", "closed")),
            ("first_response_date", "=", False),
        ]
    )
    for complaint in started:
        complaint.first_response_date = complaint.date
    if column_exists(cr, "logistics_complaint", "escalated"):
        cr.execute(
            "SELECT id FROM logistics_complaint WHERE escalated "
            "AND state NOT IN ('resolved', 'closed')"
        )
        Complaint.browse(row[0] for row in cr.fetchall()).write({"escalation_level": 2})
    _recompute_sla(env)
    cron = env.ref("logistics_service.ir_cron_complaint_escalate", raise_if_not_found=False)
    if cron and "_cron_escalate_overdue" in (cron.code or ""):
        cron.write(
            {
                "name": "Logistics: escalate complaints at risk or past their SLA",
                "code": "model._cron_escalate()",
                "interval_number": 15,
                "interval_type": "minutes",
            }
        )
    # customers follow their complaints in the company of the group that serves them
    reload_rule_domains(
        env,
        "logistics_service",
        "security/logistics_service_security.xml",
        ["logistics_complaint_rule_company"],
    )
    Complaint._logistics_ensure_alias()
    env.flush_all()
