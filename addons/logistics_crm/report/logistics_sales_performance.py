from odoo import fields, models, tools
from odoo.tools import SQL

# achievement field -> (achieved, target): its value for any group of rows is the ratio
# of their sums, in percent (logistics.ratio.mixin)
ACHIEVEMENTS = {
    "revenue_achievement": ("revenue", "target_revenue"),
    "margin_achievement": ("margin", "target_margin"),
    "new_customer_achievement": ("new_customers", "target_new_customers"),
    "followup_achievement": ("followups", "target_followups"),
    "retention_rate": ("retained_customers", "last_year_customers"),
}


class LogisticsSalesPerformance(models.Model):
    """What each salesperson and team did, month by month, against its targets: one row
    per target, confirmed order, first order of a customer (a new customer), follow-up,
    claim and release suffered, so that a pivot sums them per person, team, company and
    period. Money is in each company's currency (group by company before adding up).

    A salesperson's own target sits on their rows; a team's target on the team's (the
    team's achievement is against it, the members' targets are theirs). The team leader
    sees the rows of their teams, a salesperson their own, sales managers all."""

    _name = "logistics.sales.performance"
    _inherit = ["logistics.ratio.mixin"]
    _description = "Sales Performance"
    _auto = False
    _order = "date desc"
    _logistics_ratios = ACHIEVEMENTS

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    leader_id = fields.Many2one("res.users", "Team Leader", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    kind = fields.Selection(
        [
            ("target", "Target"),
            ("order", "Order"),
            ("new_customer", "New Customer"),
            ("followup", "Follow-up"),
            ("claim", "Claim"),
            ("release", "Release"),
            ("retention", "Customer of Last Year"),
        ],
        readonly=True,
    )
    target_revenue = fields.Float("Revenue Target", readonly=True)
    revenue = fields.Float(readonly=True)
    target_margin = fields.Float("Margin Target", readonly=True)
    margin = fields.Float(readonly=True)
    target_new_customers = fields.Integer("New Customers Target", readonly=True)
    new_customers = fields.Integer(
        readonly=True, help="Customers whose first order in the company was confirmed."
    )
    target_followups = fields.Integer("Follow-ups Target", readonly=True)
    followups = fields.Integer("Follow-ups", readonly=True)
    claims = fields.Integer(readonly=True, help="Customers claimed from a pool.")
    releases = fields.Integer(
        "Releases Suffered", readonly=True, help="Customers lost back to their pool."
    )
    last_year_customers = fields.Integer(
        "Customers of Last Year",
        readonly=True,
        help="Customers with a confirmed order last year (calendar year), counted on the "
        "first day of this year for the salesperson of their latest order.",
    )
    retained_customers = fields.Integer(
        readonly=True,
        help="Customers of last year with a confirmed order this year too.",
    )
    retention_rate = fields.Float("Retention (%)", readonly=True, aggregator="avg")
    revenue_achievement = fields.Float("Revenue Achieved (%)", readonly=True, aggregator="avg")
    margin_achievement = fields.Float("Margin Achieved (%)", readonly=True, aggregator="avg")
    new_customer_achievement = fields.Float(
        "New Customers Achieved (%)", readonly=True, aggregator="avg"
    )
    followup_achievement = fields.Float("Follow-ups Achieved (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL("\nUNION ALL\n").join(self._logistics_parts()),
            )
        )

    def _logistics_row(self, source_id, kind_index, **values):
        """One SELECT list of the view: every column, those not given empty."""
        columns = {
            "id": SQL("%s * 8 + %s", source_id, kind_index),
            "date": SQL("NULL::date"),
            "company_id": SQL("NULL::int"),
            "user_id": SQL("NULL::int"),
            "team_id": SQL("NULL::int"),
            "leader_id": SQL("NULL::int"),
            "partner_id": SQL("NULL::int"),
            "kind": SQL("NULL::varchar"),
            "target_revenue": SQL("0.0"),
            "revenue": SQL("0.0"),
            "target_margin": SQL("0.0"),
            "margin": SQL("0.0"),
            "target_new_customers": SQL("0"),
            "new_customers": SQL("0"),
            "target_followups": SQL("0"),
            "followups": SQL("0"),
            "claims": SQL("0"),
            "releases": SQL("0"),
            "last_year_customers": SQL("0"),
            "retained_customers": SQL("0"),
            **dict.fromkeys(ACHIEVEMENTS, SQL("NULL::float")),
        }
        columns.update(values)
        return SQL(", ").join(
            SQL("%s AS %s", value, SQL.identifier(name)) for name, value in columns.items()
        )

    def _logistics_team(self, user, company):
        """The team a salesperson's row counts for: their first team in the company."""
        return SQL(
            """(SELECT m.crm_team_id FROM crm_team_member m
                  JOIN crm_team t ON t.id = m.crm_team_id
                 WHERE m.user_id = %(user)s AND m.active AND t.active
                   AND (t.company_id = %(company)s OR t.company_id IS NULL)
              ORDER BY m.id LIMIT 1)""",
            user=user,
            company=company,
        )

    def _logistics_part(self, kind_index, kind, source, **measures):
        """One SELECT of the view: the rows of ``source``, a query whose columns are
        ``id, date, company_id, user_id, team_id, partner_id`` and ``leader_team_id``
        (the team whose leader sees the row), as rows of ``kind`` with ``measures``
        (column -> SQL expression on ``s``)."""
        return SQL(
            "SELECT %s FROM (%s) s LEFT JOIN crm_team t ON t.id = s.leader_team_id",
            self._logistics_row(
                SQL("s.id"),
                kind_index,
                date=SQL("s.date"),
                company_id=SQL("s.company_id"),
                user_id=SQL("s.user_id"),
                team_id=SQL("s.team_id"),
                leader_id=SQL("t.user_id"),
                partner_id=SQL("s.partner_id"),
                kind=SQL("%s", kind),
                **measures,
            ),
            source,
        )

    def _logistics_parts(self):
        """The SELECTs the view is the union of (modules add theirs)."""
        team = self._logistics_team
        orders = SQL(
            """SELECT so.id, so.date_order::date AS date, so.company_id, so.user_id,
                      so.team_id, so.team_id AS leader_team_id,
                      p.commercial_partner_id AS partner_id,
                      so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS revenue,
                      so.margin / COALESCE(NULLIF(so.currency_rate, 0), 1) AS margin
                 FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                WHERE so.state = 'sale'"""
        )
        return [
            # a salesperson's target is theirs (their team's leader sees it), a team's
            # the team's
            self._logistics_part(
                0,
                "target",
                SQL(
                    """SELECT tg.*, NULL::int AS partner_id,
                              COALESCE(tg.team_id, %s) AS leader_team_id
                         FROM logistics_sales_target tg""",
                    team(SQL("tg.user_id"), SQL("tg.company_id")),
                ),
                target_revenue=SQL("s.revenue"),
                target_margin=SQL("s.margin"),
                target_new_customers=SQL("s.new_customers"),
                target_followups=SQL("s.followups"),
            ),
            self._logistics_part(
                1, "order", orders, revenue=SQL("s.revenue"), margin=SQL("s.margin")
            ),
            # a customer's first confirmed order in a company made it a new customer
            self._logistics_part(
                2,
                "new_customer",
                SQL(
                    """SELECT DISTINCT ON (o.partner_id, o.company_id) o.*
                         FROM (%s) o
                     ORDER BY o.partner_id, o.company_id, o.date, o.id""",
                    orders,
                ),
                new_customers=SQL("1"),
            ),
            self._logistics_part(
                3,
                "followup",
                SQL(
                    """SELECT f.id, f.date, f.company_id, f.user_id, %(team)s AS team_id,
                              %(team)s AS leader_team_id, f.partner_id
                         FROM logistics_followup f""",
                    team=team(SQL("f.user_id"), SQL("f.company_id")),
                ),
                followups=SQL("1"),
            ),
            *(
                self._logistics_part(
                    index,
                    kind,
                    SQL(
                        """SELECT g.id, g.date::date AS date, g.company_id,
                                  %(owner)s AS user_id, %(team)s AS team_id,
                                  %(team)s AS leader_team_id, g.partner_id
                             FROM logistics_pool_log g WHERE g.action IN %(actions)s""",
                        owner=SQL(owner),
                        team=team(SQL(owner), SQL("g.company_id")),
                        actions=actions,
                    ),
                    **{measure: SQL("1")},
                )
                for index, kind, measure, owner, actions in (
                    (4, "claim", "claims", "g.to_user_id", ("claim",)),
                    (5, "release", "releases", "g.from_user_id", ("release", "auto_release")),
                )
            ),
            # retention: each customer (per company) with business last year, on the first
            # day of this year, retained if it has business this year too
            self._logistics_part(
                7,
                "retention",
                SQL(
                    """SELECT *, c.team_id AS leader_team_id FROM (
                        SELECT MIN(o.id) AS id,
                               date_trunc('year', CURRENT_DATE)::date AS date, o.company_id,
                               (array_agg(o.user_id ORDER BY o.date DESC, o.id DESC))[1] AS user_id,
                               (array_agg(o.team_id ORDER BY o.date DESC, o.id DESC))[1] AS team_id,
                               o.partner_id,
                               bool_or(o.date >= date_trunc('year', CURRENT_DATE)) AS this_year,
                               bool_or(o.date >= date_trunc('year', CURRENT_DATE) - interval '1 year'
                                       AND o.date < date_trunc('year', CURRENT_DATE)) AS last_year
                          FROM (%s) o
                      GROUP BY o.partner_id, o.company_id
                    ) c WHERE c.last_year""",
                    orders,
                ),
                last_year_customers=SQL("1"),
                retained_customers=SQL("s.this_year::int"),
            ),
        ]
