from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index
from odoo.tools.translate import LazyTranslate

from .logistics_gated_mixin import COMPUTED_MESSAGE, Gate

_lt = LazyTranslate(__name__)

CUSTOMER_STAGES = [
    ("intent", "Intended"),
    ("formal", "Formal"),
    ("dormant", "Dormant"),
    ("lost", "Lost"),
]
POOL_STATES = [("pool", "In Pool"), ("owned", "Owned")]
CUSTOMER_TIERS = [
    ("strategic", "Strategic"),
    ("partner", "Partner"),
    ("commercial", "Commercial"),
    ("general", "General"),
]

# res.partner field -> field of the customer's account in the current company (the
# partner shows and searches the account of the company the user works in)
PARTNER_ACCOUNT_FIELDS = {
    "pool_user_id": "user_id",
    "pool_id": "pool_id",
    "pool_state": "pool_state",
    "pool_locked": "pool_locked",
    "pool_claim_date": "pool_claim_date",
    "last_followup_date": "last_followup_date",
    "last_deal_date": "last_deal_date",
    "pool_release_date": "pool_release_date",
    "pool_reminder_date": "pool_reminder_date",
    "pool_reminder_sent": "pool_reminder_sent",
    "pool_deal_since_claim": "pool_deal_since_claim",
    "customer_stage": "customer_stage",
    "lost_reason_id": "lost_reason_id",
    "customer_tier_auto": "customer_tier_auto",
    "customer_tier_override": "customer_tier_override",
    "customer_tier": "customer_tier",
    "logistics_revenue_12m": "logistics_revenue_12m",
    "logistics_margin_12m": "logistics_margin_12m",
}
ACCOUNT_GATE_MESSAGE = _lt(
    "%(fields)s of a customer account are set when a company starts serving the customer "
    "(Serve from my Branch, Claim, Put in Pool)."
)
# computed on the account: never written through the partner
ACCOUNT_COMPUTED = frozenset(
    {"pool_release_date", "pool_reminder_date", "pool_deal_since_claim", "customer_tier"}
)


def access_keys_query(partner_ids=None):
    """The pool access key of customers (``partner_ids``, or all): who a pool leaves
    each customer to, in every company where one manages it - ``|<company>:u<owner>|``
    for an owned account, ``|<company>:p<pool>|`` for one waiting in a pool, sorted by
    company ("|1:u6|3:p2|"); none when no pool manages it anywhere. Rows (customer id,
    key), customers with a key only.

    Stored on every partner (``res.partner.logistics_access_key``, contacts carry their
    customer's key) so that the salespeople's customer rule and *My Customers* test a
    column of the row instead of searching the accounts (see
    ``res.partner._search_pool_visible``). The one definition of the key: the
    partner's compute, the release batch and the migrations all use this query."""
    return SQL(
        """
        SELECT partner_id,
               '|' || string_agg(
                   company_id || ':' || CASE pool_state WHEN 'owned' THEN 'u' || COALESCE(user_id, 0)
                                                        ELSE 'p' || COALESCE(pool_id, 0) END,
                   '|' ORDER BY company_id) || '|' AS key
          FROM logistics_customer_account
         WHERE pool_state IS NOT NULL %s
         GROUP BY partner_id
        """,
        SQL() if partner_ids is None else SQL("AND partner_id = ANY(%s)", list(partner_ids)),
    )


def update_access_keys(cr, partner_ids=None, unassign=(), uid=None, now=None):
    """Write the pool access key of customers (``partner_ids``, or all) and of their
    contacts after their accounts changed in SQL (the release batch, migrations, bulk
    loads); the ORM recomputes it by itself otherwise. One statement - res_partner has
    some forty indexes, so each row is written once: the release also clears here the
    salesperson of the customers in ``unassign`` (their key account went back to its
    pool), stamped with ``uid`` and ``now``."""
    if partner_ids is None:
        # every customer, right after a bulk load: plan the join on fresh statistics
        cr.execute("ANALYZE res_partner, logistics_customer_account")
    unassign = list(unassign)
    cleared = SQL("(p.id = ANY(%s) AND p.user_id IS NOT NULL)", unassign)
    cr.execute(
        SQL(
            """
        UPDATE res_partner p
           SET logistics_access_key = k.key,
               user_id = CASE WHEN %(cleared)s THEN NULL ELSE p.user_id END,
               write_uid = CASE WHEN %(cleared)s THEN %(uid)s ELSE p.write_uid END,
               write_date = CASE WHEN %(cleared)s THEN %(now)s ELSE p.write_date END
          FROM res_partner c
          LEFT JOIN (%(keys)s) k ON k.partner_id = c.id
         WHERE p.commercial_partner_id = c.id %(only)s
           AND (p.logistics_access_key IS DISTINCT FROM k.key OR %(cleared)s)
            """,
            keys=access_keys_query(partner_ids),
            only=SQL() if partner_ids is None else SQL("AND c.id = ANY(%s)", list(partner_ids)),
            cleared=cleared,
            uid=uid,
            now=now,
        )
    )


class LogisticsCustomerAccount(models.Model):
    """A group customer as one company of the group serves it (客户 × 分公司).

    The customer itself (``res.partner``: name, code, contacts, VAT) is one record for
    the whole group. What a branch decides about it - who owns it there, its pool and
    protection dates, its stage and value tier - lives here, one row per customer and
    company, so that the customs branch and the trucking branch each have their own
    owner for the same customer. ``res.partner`` shows the row of the company the user
    works in (see ``PARTNER_ACCOUNT_FIELDS``).
    """

    _name = "logistics.customer.account"
    _description = "Customer Account (per company)"
    _inherit = ["logistics.gated.mixin"]
    _order = "company_id, partner_id"
    _rec_name = "partner_id"
    _check_company_auto = True
    _logistics_gates = (
        Gate(ACCOUNT_COMPUTED, COMPUTED_MESSAGE),
        # whose account it is is set when a company starts serving the customer
        Gate(frozenset({"partner_id", "company_id", "is_home"}), ACCOUNT_GATE_MESSAGE),
    )

    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("parent_id", "=", False)],
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    customer_code = fields.Char(related="partner_id.customer_code")
    user_id = fields.Many2one("res.users", "Owner", index=True)
    is_home = fields.Boolean(
        "Key Account",
        readonly=True,
        help="The company that served the customer first: its owner is the customer's "
        "salesperson for the whole group.",
    )
    customer_stage = fields.Selection(CUSTOMER_STAGES, index=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", "Lost Reason")
    # Pool
    pool_id = fields.Many2one(
        "logistics.customer.pool", "Customer Pool", index=True, check_company=True
    )
    pool_state = fields.Selection(POOL_STATES, "Pool Status", index=True)
    pool_locked = fields.Boolean("Locked", help="Locked customers are never released nor claimed.")
    pool_claim_date = fields.Date("Claimed on")
    last_followup_date = fields.Date("Last Follow-up", index=True)
    last_deal_date = fields.Date("Last Deal", help="Last confirmed order or won opportunity.")
    pool_release_date = fields.Date(
        "Release Date",
        compute="_compute_pool_release_date",
        store=True,
        index=True,
        help="The customer returns to the pool on this day unless followed up or won.",
    )
    pool_reminder_date = fields.Date(compute="_compute_pool_release_date", store=True, index=True)
    pool_reminder_sent = fields.Boolean()
    pool_deal_since_claim = fields.Boolean(
        compute="_compute_pool_deal_since_claim",
        store=True,
        help="A deal was won or an order confirmed since the claim.",
    )
    # Value tier (in this company's orders and currency)
    customer_tier_auto = fields.Selection(CUSTOMER_TIERS, "Computed Tier", readonly=True)
    customer_tier_override = fields.Selection(CUSTOMER_TIERS, "Tier Override")
    customer_tier = fields.Selection(
        CUSTOMER_TIERS, compute="_compute_customer_tier", store=True, index=True
    )
    logistics_revenue_12m = fields.Monetary("Revenue (12 months)", readonly=True)
    logistics_margin_12m = fields.Monetary("Margin (12 months)", readonly=True)

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "A customer has one account per company.",
        ),
    ]

    def init(self):
        # a claim counts the claimer's customers of the pool against its cap
        create_index(
            self.env.cr,
            "logistics_customer_account_owner_index",
            self._table,
            ["user_id", "pool_id"],
            where="pool_state = 'owned'",
        )
        # the nightly dormancy: formal customers by their last deal
        create_index(
            self.env.cr,
            "logistics_customer_account_dormancy_index",
            self._table,
            ["last_deal_date"],
            where="customer_stage = 'formal'",
        )

    # ------------------------------------------------------------ COMPUTES

    @api.depends(
        "pool_state",
        "pool_locked",
        "pool_claim_date",
        "last_followup_date",
        "last_deal_date",
        "customer_tier",
        "customer_stage",
        "pool_id.protect_days",
        "pool_id.followup_days",
        "pool_id.deal_days",
        "pool_id.reminder_days",
        "pool_id.exempt_business_days",
        "pool_id.tier_rule_ids.tier",
        "pool_id.tier_rule_ids.protect_days",
        "pool_id.tier_rule_ids.followup_days",
        "pool_id.tier_rule_ids.deal_days",
    )
    def _compute_pool_release_date(self):
        for account in self:
            release = False
            if account.pool_state == "owned" and not account.pool_locked and account.pool_id:
                release = account.pool_id._release_date(account)
            account.pool_release_date = release
            account.pool_reminder_date = release and release - timedelta(
                days=account.pool_id.reminder_days
            )

    @api.depends("last_deal_date", "pool_claim_date")
    def _compute_pool_deal_since_claim(self):
        for account in self:
            account.pool_deal_since_claim = bool(
                account.last_deal_date
                and account.pool_claim_date
                and account.last_deal_date >= account.pool_claim_date
            )

    @api.depends("customer_tier_auto", "customer_tier_override")
    def _compute_customer_tier(self):
        for account in self:
            account.customer_tier = account.customer_tier_override or account.customer_tier_auto

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        # the first company to serve a customer holds its key account
        served = self.search(
            [
                ("partner_id", "in", accounts.partner_id.ids),
                ("is_home", "=", True),
                ("id", "not in", accounts.ids),
            ]
        ).partner_id
        first = self.browse()
        for partner, group in accounts.grouped("partner_id").items():
            if partner not in served:
                first |= group[:1]
        first.is_home = True
        first.filtered("user_id")._logistics_sync_salesperson()
        return accounts

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals:
            self.filtered("is_home")._logistics_sync_salesperson()
        return res

    def _logistics_sync_salesperson(self):
        """The key account's owner is the customer's salesperson (res.partner.user_id),
        the one Odoo proposes on documents of companies without an account of their
        own: a single-company database sees no difference with one owner per customer."""
        for account in self.sudo():
            if account.partner_id.user_id != account.user_id:
                account.partner_id.with_context(tracking_disable=True).write(
                    {"user_id": account.user_id.id}
                )

    # ------------------------------------------------------------ BUSINESS

    @api.model
    def _logistics_get(self, partners, company=None, create=False):
        """The accounts of (commercial) ``partners`` in ``company`` (default: the
        current one), created when missing if ``create``."""
        company = company or self.env.company
        partners = partners.commercial_partner_id
        Account = self.sudo()
        accounts = Account.search(
            [("partner_id", "in", partners.ids), ("company_id", "=", company.id)]
        )
        if create:
            missing = partners - accounts.partner_id
            if missing:
                accounts |= Account.create(
                    [{"partner_id": p.id, "company_id": company.id} for p in missing]
                )
        return accounts

    def _logistics_drop_release_reminders(self):
        """The protection moved on: the owners' "about to be released" reminders are
        stale (the next one is armed again by ``pool_reminder_sent``)."""
        for user, accounts in self.filtered("user_id").grouped("user_id").items():
            accounts.partner_id.activity_unlink(
                ["logistics_crm.mail_activity_type_pool_release"], user_id=user.id
            )
