import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestMigrations(TransactionCase):
    def _migration(self, version, name):
        path = Path(__file__).parent.parent / "migrations" / version / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"{version}_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def test_0_5_salesperson_rules_read_the_owner_per_company(self):
        """A database of 18.0.0.2.0 or 18.0.0.4.0 has rules on the partner's single owner
        (or the complaint's own partner): the upgrade sets the shipped rules, which read
        the owner per company, as a fresh install has them."""
        xmlids = (
            "logistics_complaint_rule_salesman",
            "logistics_return_visit_rule_salesman",
            "logistics_service_kpi_rule_salesman",
        )
        rules = [self.env.ref(f"logistics_service.{xmlid}") for xmlid in xmlids]
        fresh = [rule.domain_force for rule in rules]
        for rule in rules:
            rule.domain_force = "[('partner_id.user_id', '=', user.id)]"
        self._migration("18.0.0.5.0", "post-migrate").migrate(self.env.cr, "18.0.0.2.0")
        for rule, domain in zip(rules, fresh):
            self.assertEqual(
                "".join(rule.domain_force.split()), "".join(domain.split()), "same as the XML"
            )
        self.assertIn("partner_id.pool_visible", rules[2].domain_force)
        self.assertIn("pool_user_id", rules[0].domain_force)

    def test_0_6_working_days_become_sla_policies(self):
        """A database of 18.0.0.5.0 had working days per severity on the company, one
        ``escalated`` flag and the cron on ``_cron_escalate_overdue``: the company that
        changed its days gets its own policies, every complaint its SLA from its filing,
        resolved ones keep what they were measured by, complaints already handled keep
        being answered and escalated, the cron runs the new escalation."""
        cr = self.env.cr
        company = self.env.company
        company.resource_calendar_id.hours_per_day = 8.0
        cr.execute(
            "ALTER TABLE res_company ADD COLUMN complaint_days_critical int DEFAULT 1, "
            "ADD COLUMN complaint_days_high int DEFAULT 2, "
            "ADD COLUMN complaint_days_medium int DEFAULT 5, "
            "ADD COLUMN complaint_days_low int DEFAULT 10"
        )
        cr.execute("UPDATE res_company SET complaint_days_high = 3 WHERE id = %s", [company.id])
        cr.execute("ALTER TABLE logistics_complaint ADD COLUMN escalated boolean")
        customer = self.env["res.partner"].create({"name": "Old Complaint Co", "is_company": True})
        Complaint = self.env["logistics.complaint"]
        handled, escalated, resolved = Complaint.create(
            [
                {"subject": "Started", "partner_id": customer.id, "severity": "high"},
                {"subject": "Escalated", "partner_id": customer.id, "severity": "high"},
                {
                    "subject": "Resolved",
                    "partner_id": customer.id,
                    "root_cause": "x",
                    "corrective_action": "y",
                },
            ]
        )
        (handled | resolved).action_start()
        resolved.action_resolve()
        self.env.flush_all()
        # as 18.0.0.5.0 left them: no first response recorded, the old flag, the old
        # measure of resolved complaints; as the upgrade makes the new columns: no policy
        # yet (computed before the data is loaded), the clock started at the upgrade
        cr.execute(
            "UPDATE logistics_complaint SET first_response_date = NULL, escalated = id = %s, "
            "sla_policy_id = NULL, response_deadline = NULL, resolution_deadline = NULL, "
            "sla_at_risk_date = NULL, sla_final_date = NULL, next_escalation_date = NULL, "
            "sla_start_date = date + interval '30 days'",
            [escalated.id],
        )
        cr.execute(
            "UPDATE logistics_complaint SET deadline = '2020-01-01', on_time = FALSE "
            "WHERE id = %s",
            [resolved.id],
        )
        self.env.invalidate_all()
        cron = self.env.ref("logistics_service.ir_cron_complaint_escalate")
        cron.write({"code": "model._cron_escalate_overdue()", "interval_type": "hours"})
        rule = self.env.ref("logistics_service.logistics_complaint_rule_company")
        rule.domain_force = "[('company_id', 'in', company_ids)]"

        self._migration("18.0.0.6.0", "pre-migrate").migrate(cr, "18.0.0.5.0")
        self._migration("18.0.0.6.0", "post-migrate").migrate(cr, "18.0.0.5.0")

        policies = self.env["logistics.complaint.sla"].search([("company_id", "=", company.id)])
        self.assertEqual(len(policies), 4, "one per severity")
        high = policies.filtered(lambda p: p.severity == "high")
        self.assertEqual(high.resolution_hours, 24.0, "3 working days of 8 hours")
        self.assertEqual(handled.sla_policy_id, high, "the complaints follow it")
        self.assertEqual(handled.sla_start_date, handled.date, "counted from the filing")
        self.assertEqual(
            handled.resolution_deadline,
            high._logistics_dates(handled.date, company.resource_calendar_id)[2],
        )
        self.assertTrue(handled.deadline)
        self.assertEqual(handled.first_response_date, handled.date)
        self.assertTrue(escalated.next_escalation_date, "escalates from level 2 on")
        self.assertEqual(escalated.escalation_level, 2, "nobody told twice")
        self.assertEqual(
            (resolved.deadline.isoformat(), resolved.on_time),
            ("2020-01-01", False),
            "resolved complaints keep what they were measured by",
        )
        self.assertEqual(
            (cron.code, cron.interval_number, cron.interval_type),
            ("model._cron_escalate()", 15, "minutes"),
        )
        self.assertIn("user.share", rule.domain_force)
