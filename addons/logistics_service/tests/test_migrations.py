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
