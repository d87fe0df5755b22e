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

    def test_0_4_kpi_rule_follows_the_commercial_customer(self):
        """A database of 18.0.0.2.0 has the rule on the complaint's own partner: the
        upgrade moves it onto the commercial customer, as a fresh install has it."""
        rule = self.env.ref("logistics_service.logistics_service_kpi_rule_salesman")
        fresh = rule.domain_force
        rule.domain_force = "[('partner_id.user_id', '=', user.id)]"
        self._migration("18.0.0.4.0", "post-migrate").migrate(self.env.cr, "18.0.0.2.0")
        self.assertIn("partner_id.pool_visible", rule.domain_force)
        self.assertEqual(
            "".join(rule.domain_force.split()), "".join(fresh.split()), "same as the XML"
        )
