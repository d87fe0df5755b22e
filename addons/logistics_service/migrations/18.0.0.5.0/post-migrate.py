"""18.0.0.5.0: owners are per company (logistics.customer.account, see logistics_crm
18.0.2.0.0): the salesperson rules on complaints, return visits and KPIs read the owner
in the user's companies (the KPI rule also follows the commercial customer, which
18.0.0.4.0 fixed). They are shipped ``noupdate``: set the domains shipped here."""

from odoo import SUPERUSER_ID, api
from odoo.addons.logistics_crm.upgrade import reload_rule_domains


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_rule_domains(
        env,
        "logistics_service",
        "security/logistics_service_security.xml",
        [
            "logistics_complaint_rule_salesman",
            "logistics_return_visit_rule_salesman",
            "logistics_service_kpi_rule_salesman",
        ],
    )
