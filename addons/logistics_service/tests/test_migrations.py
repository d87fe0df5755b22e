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
        changed its days gets its own policies, complaints already handled keep being
        answered and escalated, the cron runs the new escalation."""
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
        handled, escalated = Complaint.create(
            [
                {"subject": "Started", "partner_id": customer.id, "severity": "high"},
                {"subject": "Escalated", "partner_id": customer.id, "severity": "high"},
            ]
        )
        handled.action_start()
        handled.first_response_date = False  # not recorded before 18.0.0.6.0
        self.env.flush_all()
        cr.execute("UPDATE logistics_complaint SET escalated = TRUE WHERE id = %s", [escalated.id])
        cron = self.env.ref("logistics_service.ir_cron_complaint_escalate")
        cron.code = "model._cron_escalate_overdue()"

        self._migration("18.0.0.6.0", "post-migrate").migrate(cr, "18.0.0.5.0")

        policies = self.env["logistics.complaint.sla"].search([("company_id", "=", company.id)])
        self.assertEqual(len(policies), 4, "one per severity")
        high = policies.filtered(lambda p: p.severity == "high")
        self.assertEqual(high.resolution_hours, 24.0, "3 working days of 8 hours")
        self.assertEqual(handled.sla_policy_id, high, "the complaints follow it")
        self.assertEqual(handled.first_response_date, handled.date)
        self.assertEqual(escalated.escalation_level, 2, "nobody told twice")
        self.assertEqual(cron.code, "model._cron_escalate()")
