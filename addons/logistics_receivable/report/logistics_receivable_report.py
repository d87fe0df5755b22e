from odoo import fields, models, tools
from odoo.addons.logistics_crm.models.logistics_customer_account import CUSTOMER_TIERS
from odoo.tools import SQL

# The keys sort in bucket order: grouped reports (pivot columns, read_group) order
# selection values by their key, not by their position in the list.
AGING_BUCKETS = [
    ("0_not_due", "Not Due"),
    ("1_30", "1-30"),
    ("31_60", "31-60"),
    ("61_90", "61-90"),
    ("over_90", "Over 90"),
]


class LogisticsReceivableReport(models.Model):
    """Aged receivables (应收账龄): one row per open receivable journal item, with its
    due-date bucket, so that pivots can total the debt per salesperson, customer and
    tier. Amounts are residuals in the company currency."""

    _name = "logistics.receivable.report"
    _description = "Aged Receivables"
    _auto = False
    _rec_name = "move_id"
    _order = "date_maturity, id"
    _depends = {
        "account.move.line": [
            "move_id",
            "partner_id",
            "company_id",
            "company_currency_id",
            "account_id",
            "date",
            "date_maturity",
            "parent_state",
            "reconciled",
            "amount_residual",
        ],
        "account.move": ["invoice_user_id", "team_id", "invoice_date"],
        "account.account": ["account_type"],
        "res.partner": ["commercial_partner_id"],
        "logistics.customer.account": ["partner_id", "company_id", "customer_tier"],
    }

    move_id = fields.Many2one("account.move", "Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    customer_tier = fields.Selection(CUSTOMER_TIERS, "Tier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    # Dates
    invoice_date = fields.Date(readonly=True)
    date_maturity = fields.Date("Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    aging = fields.Selection(AGING_BUCKETS, readonly=True)
    overdue = fields.Boolean(readonly=True)
    # Amounts
    amount_residual = fields.Monetary("Amount Due", currency_field="currency_id", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT aml.id,
                       aml.move_id,
                       customer.id AS partner_id,
                       move.invoice_user_id AS user_id,
                       move.team_id,
                       customer_account.customer_tier,
                       aml.company_id,
                       aml.company_currency_id AS currency_id,
                       move.invoice_date,
                       due.date AS date_maturity,
                       GREATEST(CURRENT_DATE - due.date, 0) AS days_overdue,
                       CASE WHEN due.date >= CURRENT_DATE THEN '0_not_due'
                            WHEN CURRENT_DATE - due.date <= 30 THEN '1_30'
                            WHEN CURRENT_DATE - due.date <= 60 THEN '31_60'
                            WHEN CURRENT_DATE - due.date <= 90 THEN '61_90'
                            ELSE 'over_90'
                       END AS aging,
                       -- an unapplied payment or credit note is no late debt
                       due.date < CURRENT_DATE AND aml.amount_residual > 0 AS overdue,
                       aml.amount_residual
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN account_account account ON account.id = aml.account_id
             LEFT JOIN res_partner partner ON partner.id = aml.partner_id
             LEFT JOIN res_partner customer ON customer.id = partner.commercial_partner_id
             LEFT JOIN logistics_customer_account customer_account
                       ON customer_account.partner_id = customer.id
                      AND customer_account.company_id = aml.company_id
                       -- a receivable without due date (misc. entry) falls due on its date
                 CROSS JOIN LATERAL (SELECT COALESCE(aml.date_maturity, aml.date) AS date) due
                 WHERE account.account_type = 'asset_receivable'
                   AND aml.parent_state = 'posted'
                   AND aml.reconciled IS NOT TRUE
                   AND aml.amount_residual != 0
            )
            """,
                table=SQL.identifier(self._table),
            )
        )
