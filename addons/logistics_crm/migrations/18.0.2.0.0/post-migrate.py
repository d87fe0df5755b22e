"""18.0.2.0.0: owner, pool, protection dates, stage and tier are per company
(logistics.customer.account), no longer single values of the shared res.partner.

Each customer's values move to its account in the company of its pool (or its own
company, or the first company); that account is the customer's key account. The old
res_partner columns are dropped once copied. The record rules that read them are
rewritten (they are shipped noupdate)."""

from odoo import SUPERUSER_ID, api
from odoo.addons.logistics_crm.models.logistics_customer_account import update_access_keys
from odoo.addons.logistics_crm.upgrade import reload_rule_domains
from odoo.tools import SQL
from odoo.tools.sql import column_exists

MOVED = (
    "customer_stage",
    "pool_id",
    "pool_state",
    "pool_locked",
    "pool_claim_date",
    "last_followup_date",
    "last_deal_date",
    "pool_release_date",
    "pool_reminder_date",
    "pool_reminder_sent",
    "pool_deal_since_claim",
    "customer_tier_auto",
    "customer_tier_override",
    "customer_tier",
    "logistics_revenue_12m",
    "logistics_margin_12m",
)
RULES = (
    "res_partner_rule_pool_salesman",
    "logistics_followup_rule_salesman",
    "logistics_pool_log_rule_salesman",
    "logistics_anniversary_rule_salesman",
    "logistics_partner_relation_rule_salesman",
)


def migrate(cr, version):
    if all(column_exists(cr, "res_partner", column) for column in MOVED):
        columns = SQL(", ").join(SQL.identifier(column) for column in MOVED)
        values = SQL(", ").join(SQL.identifier("p", column) for column in MOVED)
        cr.execute(
            SQL(
                """
            INSERT INTO logistics_customer_account
                   (partner_id, company_id, user_id, is_home, %(columns)s,
                    create_uid, create_date, write_uid, write_date)
            SELECT p.id,
                   COALESCE(pool.company_id, p.company_id,
                            (SELECT id FROM res_company ORDER BY id LIMIT 1)),
                   CASE WHEN p.pool_state IS NOT NULL THEN p.user_id END, TRUE, %(values)s,
                   %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
              FROM res_partner p
              LEFT JOIN logistics_customer_pool pool ON pool.id = p.pool_id
             WHERE p.parent_id IS NULL
               AND (p.customer_stage IS NOT NULL OR p.pool_id IS NOT NULL
                    OR p.customer_tier_override IS NOT NULL)
            ON CONFLICT (partner_id, company_id) DO NOTHING
            """,
                columns=columns,
                values=values,
                uid=SUPERUSER_ID,
            )
        )
        # SQL views reading them (the receivable reports) go too: the update of the
        # modules that own them, which follows this one's, creates them again
        for column in MOVED:
            cr.execute(
                SQL(
                    "ALTER TABLE res_partner DROP COLUMN IF EXISTS %s CASCADE",
                    SQL.identifier(column),
                )
            )
        # the customers' access keys (the rules read them) from the accounts just made
        update_access_keys(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_rule_domains(env, "logistics_crm", "security/logistics_crm_rules.xml", RULES)
    # the tier cron works on the accounts now (the cron is shipped noupdate)
    cron = env.ref("logistics_crm.ir_cron_customer_tiers", raise_if_not_found=False)
    if cron:
        cron.model_id = env["ir.model"]._get("logistics.customer.account")
