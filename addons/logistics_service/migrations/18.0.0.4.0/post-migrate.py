"""18.0.0.4.0: the salesperson rule on service KPIs follows the commercial customer (a
complaint filed on a contact of another owner's customer showed in the KPIs). The rule is
shipped ``noupdate``, so the update does not rewrite it: set its new domain here."""

from odoo import SUPERUSER_ID, api

DOMAIN = """['|', '|',
    ('partner_id.commercial_partner_id.pool_state', '=', False),
    ('partner_id.commercial_partner_id.user_id', '=', user.id),
    '&',
        ('partner_id.commercial_partner_id.pool_state', '=', 'pool'),
        ('partner_id.commercial_partner_id.pool_id', 'in', user.logistics_pool_ids.ids),
]"""


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("logistics_service.logistics_service_kpi_rule_salesman", False)
    if rule:
        rule.domain_force = DOMAIN
