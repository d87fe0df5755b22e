"""18.0.0.4.0: the salesperson rule on service KPIs follows the commercial customer (a
complaint filed on a contact of another owner's customer showed in the KPIs). The rule is
shipped ``noupdate``, so the update does not rewrite it: set the domain shipped here."""

from odoo import SUPERUSER_ID, api
from odoo.addons.logistics_crm.upgrade import reload_rule_domains


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_rule_domains(
        env,
        "logistics_service",
        "security/logistics_service_security.xml",
        ["logistics_service_kpi_rule_salesman"],
    )
