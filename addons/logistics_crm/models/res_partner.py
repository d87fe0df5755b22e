from datetime import timedelta

import psycopg2.errors
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, mute_logger, ormcache
from odoo.tools.sql import column_exists, create_column, create_index, table_exists
from odoo.tools.translate import LazyTranslate

from .logistics_customer_account import (
    ACCOUNT_COMPUTED,
    CUSTOMER_STAGES,
    CUSTOMER_TIERS,
    PARTNER_ACCOUNT_FIELDS,
    POOL_STATES,
    access_keys_query,
    update_access_keys,
)
from .logistics_gated_mixin import COMPUTED_MESSAGE, Gate

_lt = LazyTranslate(__name__)

# Fields only the pool actions and managers may write.
POOL_FIELDS = frozenset(
    {
        "pool_id",
        "pool_state",
        "pool_locked",
        "pool_claim_date",
        "pool_reminder_sent",
        "last_followup_date",
        "last_deal_date",
        "customer_code",
        "customer_tier_auto",
        "logistics_revenue_12m",
        "logistics_margin_12m",
        "customer_tier_override",
        "pool_user_id",
        "lost_reason_id",
        "logistics_account_ids",
    }
)
POOL_GATE_MESSAGE = _lt(
    "Only a sales manager may change %(fields)s directly; use Claim, Release or Assign on "
    "the customer."
)

# What a pool that hides contact details hides from non-owners until they claim the
# customer (its contacts too): how to reach it, not who or where it is.
HIDDEN_CONTACT_FIELDS = frozenset(
    {
        "phone",
        "mobile",
        "email",
        "email_formatted",
        "email_normalized",
        "phone_sanitized",
        "phone_mobile_search",
        "street",
        "street2",
        "zip",
        "contact_address",
        "contact_address_complete",
        "contact_address_inline",
        "website",
    }
)
# display_name contexts that would show them
CONTACT_NAME_CONTEXT = ("show_email", "show_address", "show_address_only", "address_inline")


def _account_field(name, field_class, *args, **kwargs):
    """The res.partner field ``name``: the field of the same meaning of the customer's
    account in the current company (PARTNER_ACCOUNT_FIELDS), read and written there,
    searched there (a customer without an account there has it empty)."""

    def search(partners, operator, value):
        return partners._logistics_account_domain(name, operator, value)

    return field_class(
        *args,
        compute="_compute_logistics_account_fields",
        inverse="_inverse_logistics_account_fields",
        search=search,
        copy=False,
        **kwargs,
    )


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["logistics.gated.mixin", "logistics.followup.source", "res.partner"]
    _logistics_reason_actions = (
        "action_pool_release",
        "action_pool_assign",
        "action_customer_lost",
    )
    _logistics_gates = (
        Gate(POOL_FIELDS, POOL_GATE_MESSAGE, groups="logistics_crm.group_logistics_manager"),
        # the owner of a pool customer changes by claim, release and assignment only, and
        # a pool customer is not moved under another company
        Gate(
            frozenset({"user_id", "parent_id", "is_company"}),
            POOL_GATE_MESSAGE,
            groups="logistics_crm.group_logistics_manager",
            applies="_logistics_pooled",
        ),
        # computed: who the customer is (credit, pools) is never typed in
        Gate(
            frozenset({"commercial_partner_id", "logistics_access_key"}) | ACCOUNT_COMPUTED,
            COMPUTED_MESSAGE,
        ),
    )

    # Identity
    customer_code = fields.Char(
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="One code per customer, given from a sequence when it becomes a customer.",
    )
    # the salesperson is who owns a customer no pool manages: looked up by the rules
    user_id = fields.Many2one(index="btree_not_null")
    # Per company: the account of the company the user works in (see
    # logistics.customer.account), read, searched and written through these fields
    logistics_account_ids = fields.One2many(
        "logistics.customer.account", "partner_id", "Accounts per Company", auto_join=True
    )
    customer_stage = _account_field("customer_stage", fields.Selection, CUSTOMER_STAGES)
    lost_reason_id = _account_field(
        "lost_reason_id", fields.Many2one, "crm.lost.reason", "Lost Reason"
    )
    pool_user_id = fields.Many2one(
        "res.users",
        "Owner",
        compute="_compute_logistics_account_fields",
        inverse="_inverse_logistics_account_fields",
        search="_search_pool_user_id",
        help="The customer's owner in the company you work in: the pool's owner there, "
        "or the salesperson of a customer no pool manages there.",
    )
    pool_id = _account_field("pool_id", fields.Many2one, "logistics.customer.pool", "Customer Pool")
    pool_state = _account_field("pool_state", fields.Selection, POOL_STATES, "Pool Status")
    pool_locked = _account_field(
        "pool_locked",
        fields.Boolean,
        "Locked",
        help="Locked customers are never released nor claimed.",
    )
    pool_claim_date = _account_field("pool_claim_date", fields.Date, "Claimed on")
    last_followup_date = _account_field("last_followup_date", fields.Date, "Last Follow-up")
    last_deal_date = _account_field(
        "last_deal_date", fields.Date, "Last Deal", help="Last confirmed order or won opportunity."
    )
    pool_release_date = _account_field(
        "pool_release_date",
        fields.Date,
        "Release Date",
        help="The customer returns to the pool on this day unless followed up or won.",
    )
    pool_reminder_date = _account_field("pool_reminder_date", fields.Date, "Reminder Date")
    pool_reminder_sent = _account_field("pool_reminder_sent", fields.Boolean, "Reminder Sent")
    pool_deal_since_claim = _account_field(
        "pool_deal_since_claim",
        fields.Boolean,
        "Deal since Claim",
        help="A deal was won or an order confirmed since the claim.",
    )
    customer_tier_auto = _account_field(
        "customer_tier_auto",
        fields.Selection,
        CUSTOMER_TIERS,
        "Computed Tier",
        readonly=True,
        help="Written each night from the trailing 12 months' revenue and margin.",
    )
    customer_tier_override = _account_field(
        "customer_tier_override",
        fields.Selection,
        CUSTOMER_TIERS,
        "Tier Override",
        help="Set by hand to keep this tier whatever the nightly computation finds.",
    )
    customer_tier = _account_field("customer_tier", fields.Selection, CUSTOMER_TIERS, "Tier")
    logistics_revenue_12m = _account_field(
        "logistics_revenue_12m", fields.Float, "Revenue (12 months)", readonly=True
    )
    logistics_margin_12m = _account_field(
        "logistics_margin_12m", fields.Float, "Margin (12 months)", readonly=True
    )

    logistics_access_key = fields.Char(
        "Pool Access Key",
        compute="_compute_logistics_access_key",
        store=True,
        readonly=True,
        help="Who the pools leave the customer to, per company (technical: read by the "
        "salespeople's customer rule).",
    )
    pool_visible = fields.Boolean(
        "Visible under the Pool Rules",
        compute="_compute_pool_visible",
        search="_search_pool_visible",
        help="Open to you under the pool rules: customers no pool of your companies "
        "manages, yours, and those in the pools you belong to (the salespeople's rule).",
    )
    service_line_ids = fields.Many2many(
        "logistics.service.line",
        "res_partner_logistics_service_line_rel",
        "partner_id",
        "service_line_id",
        string="Service Lines",
    )
    pool_log_ids = fields.One2many("logistics.pool.log", "partner_id", "Pool History")
    # 360°
    followup_ids = fields.One2many("logistics.followup", "partner_id", "Follow-ups")
    followup_count = fields.Integer(compute="_compute_logistics_counts")
    relation_ids = fields.One2many("logistics.partner.relation", "partner_id", "Relationships")
    relation_count = fields.Integer(compute="_compute_logistics_counts")
    anniversary_ids = fields.One2many("logistics.anniversary", "partner_id", "Anniversaries")
    is_uncontacted = fields.Boolean(
        "Overdue Uncontacted",
        compute="_compute_is_uncontacted",
        search="_search_is_uncontacted",
    )
    pool_days_left = fields.Integer(
        "Days Left",
        compute="_compute_is_release_soon",
        help="Days before the customer returns to the pool (negative: overdue, released "
        "by the next nightly run).",
    )
    pool_workload = fields.Char(
        "Workload",
        compute="_compute_pool_workload",
        help="Customers of this pool its owner owns, out of the pool's cap per salesperson "
        "(for a customer waiting in the pool: yours, before you claim it).",
    )
    is_release_soon = fields.Boolean(
        "About to be Released",
        compute="_compute_is_release_soon",
        search="_search_is_release_soon",
    )

    _sql_constraints = [
        ("customer_code_uniq", "unique(customer_code)", "This customer code is already used."),
    ]

    # ------------------------------------------------------------ COMPUTES

    @api.depends_context("company")
    @api.depends(
        "user_id",
        "logistics_account_ids.company_id",
        *(f"logistics_account_ids.{f}" for f in PARTNER_ACCOUNT_FIELDS.values()),
    )
    def _compute_logistics_account_fields(self):
        company = self.env.company
        accounts = {
            account.partner_id.id: account
            for account in self.sudo().logistics_account_ids
            if account.company_id == company
        }
        for partner in self:
            account = accounts.get(partner.id)
            for fname, account_fname in PARTNER_ACCOUNT_FIELDS.items():
                partner[fname] = account[account_fname] if account else False
            if not partner.pool_state:
                partner.pool_user_id = partner.user_id

    def _inverse_logistics_account_fields(self):
        """What is written on the partner is written on its account in the current
        company (created on the first value); the gates have been passed on the partner."""
        Account = self.env["logistics.customer.account"]
        # one query for the batch (create and import write many partners at once)
        accounts = {account.partner_id: account for account in Account._logistics_get(self)}
        for partner in self:
            account = accounts.get(partner.commercial_partner_id)
            vals = {}
            for fname, account_fname in PARTNER_ACCOUNT_FIELDS.items():
                field = self._fields[fname]
                # the fields written are in cache; the others read as empty here (the
                # write protects them from being computed): leave those alone
                if fname in ACCOUNT_COMPUTED or not self.env.cache.contains(partner, field):
                    continue
                value = field.convert_to_write(partner[fname], partner)
                current = (
                    field.convert_to_write(account[account_fname], account) if account else False
                )
                if value != current:
                    vals[account_fname] = value
            if vals.get("pool_id") and not (account and account.pool_state):
                # put in a pool by create or import: owned by the owner given, or in it
                vals.setdefault("pool_state", "owned" if vals.get("user_id") else "pool")
            if vals.get("pool_state") == "owned" and not (account and account.pool_claim_date):
                vals.setdefault("pool_claim_date", fields.Date.context_today(self))
            if "user_id" in vals and not (vals.get("pool_state") or partner.pool_state):
                # the owner of a customer no pool manages here is its salesperson
                partner.user_id = vals.pop("user_id")
            if not vals:
                continue
            if account:
                account.write(vals)
            else:
                account = Account.sudo().create(
                    {"partner_id": partner.id, "company_id": self.env.company.id, **vals}
                )
                accounts[account.partner_id] = account
        # the write protected these fields from the invalidation the account's change
        # triggers (they share this inverse): read them again from the accounts
        self.invalidate_recordset(list(PARTNER_ACCOUNT_FIELDS))

    @api.depends(
        "commercial_partner_id",
        "commercial_partner_id.logistics_account_ids.company_id",
        "commercial_partner_id.logistics_account_ids.pool_state",
        "commercial_partner_id.logistics_account_ids.user_id",
        "commercial_partner_id.logistics_account_ids.pool_id",
    )
    def _compute_logistics_access_key(self):
        # the one definition of the key is SQL (access_keys_query): read it for the batch
        customers = self.commercial_partner_id._origin
        self.env["logistics.customer.account"].flush_model(
            ["partner_id", "company_id", "pool_state", "user_id", "pool_id"]
        )
        self.env.cr.execute(access_keys_query(customers.ids))
        keys = dict(self.env.cr.fetchall())
        for partner in self:
            partner.logistics_access_key = keys.get(partner.commercial_partner_id._origin.id)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_pool_visible(self):
        # (per user and companies: has_access() evaluates the rule on this value)
        visible = self.search([("id", "in", self.ids), ("pool_visible", "=", True)])
        for partner in self:
            partner.pool_visible = partner in visible

    def _search_pool_visible(self, operator, value):
        """The salespeople's customer rule (record rules of the suite's models read it):
        a customer (or a contact of one) is visible unless a pool of the user's
        companies manages it, or if the user owns it there or it waits in one of their
        pools. A test of the row's own access key (``logistics_access_key``): no
        subquery, whatever the number of customers (see bench/customer_list.py)."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Visible under the pool rules."))
        user = self.env.user
        companies = self.env.companies
        key = "logistics_access_key"
        # no pool of the user's companies manages it...
        unmanaged = [(key, "not like", f"|{company.id}:") for company in companies]
        # ... or, in one of them (one account per company), it is open to the user: theirs,
        # or waiting in one of their pools
        open_to_user = [(key, "like", f"|{company.id}:u{user.id}|") for company in companies]
        open_to_user += [
            (key, "like", f"|{pool.company_id.id}:p{pool.id}|")
            for pool in user.logistics_pool_ids
            if pool.company_id in companies
        ]
        domain = expression.OR([unmanaged, *([leaf] for leaf in open_to_user)])
        return domain if (operator == "=") == value else ["!", *domain]

    def _search_pool_user_id(self, operator, value):
        """The owner here: the pool's owner for customers a pool of the current company
        manages, the salesperson for the others.

        Searching given owners (*My Customers*) reads the customers' access key (an
        index, see ``logistics_access_key``); other searches go through the accounts."""
        company = self.env.company.id
        user_ids = [value] if isinstance(value, int) and not isinstance(value, bool) else value
        if (
            operator in ("=", "in")
            and isinstance(user_ids, list | tuple)
            and user_ids
            and all(isinstance(uid, int) and not isinstance(uid, bool) and uid for uid in user_ids)
        ):
            key = "logistics_access_key"
            # a customer's key is its own (a contact carries its customer's)
            customer = ["|", ("is_company", "=", True), ("parent_id", "=", False)]
            owned_here = expression.OR([[(key, "like", f"|{company}:u{uid}|")] for uid in user_ids])
            return expression.OR(
                [
                    expression.AND([customer, owned_here]),
                    [
                        ("user_id", "in", user_ids),
                        "|",
                        (key, "not like", f"|{company}:"),
                        "&",
                        ("is_company", "=", False),
                        ("parent_id", "!=", False),
                    ],
                ]
            )
        pooled = [("company_id", "=", company), ("pool_state", "!=", False)]
        return [
            "|",
            ("logistics_account_ids", "any", [*pooled, ("user_id", operator, value)]),
            "&",
            ("logistics_account_ids", "not any", pooled),
            ("user_id", operator, value),
        ]

    @api.model
    def _logistics_account_domain(self, fname, operator, value):
        """Search on the account in the current company; customers without an account
        there match what an empty value matches."""
        leaf = (PARTNER_ACCOUNT_FIELDS[fname], operator, value)
        company_leaf = ("company_id", "=", self.env.company.id)
        domain = [("logistics_account_ids", "any", [company_leaf, leaf])]
        if self.env["logistics.customer.account"].new({}).filtered_domain([leaf]):
            return ["|", ("logistics_account_ids", "not any", [company_leaf]), *domain]
        return domain

    def _compute_logistics_counts(self):
        for field, model in (
            ("followup_count", "logistics.followup"),
            ("relation_count", "logistics.partner.relation"),
        ):
            counts = dict(
                self.env[model]._read_group(
                    [("partner_id", "in", self.commercial_partner_id.ids)],
                    ["partner_id"],
                    ["__count"],
                )
            )
            for partner in self:
                partner[field] = counts.get(partner.commercial_partner_id, 0)

    @api.depends_context("company", "uid")
    @api.depends("pool_id", "pool_user_id", "pool_state")
    def _compute_pool_workload(self):
        pools = self.pool_id.sudo()
        owners = self.filtered(lambda p: p.pool_state == "owned").pool_user_id | self.env.user
        counts = pools._owned_counts(owners)
        for partner in self:
            pool = partner.pool_id.sudo()
            user = partner.pool_user_id if partner.pool_state == "owned" else self.env.user
            if not pool or not user:
                partner.pool_workload = False
                continue
            owned = counts[pool.id, user.id]
            cap = pool.max_owned_per_user
            partner.pool_workload = f"{owned} / {cap}" if cap else str(owned)

    def _uncontacted_limit(self):
        days = self.env.company.logistics_uncontacted_days
        return fields.Date.context_today(self) - timedelta(days=days)

    def _compute_is_uncontacted(self):
        limit = self._uncontacted_limit()
        for partner in self:
            partner.is_uncontacted = bool(partner.customer_stage) and (
                not partner.last_followup_date or partner.last_followup_date < limit
            )

    def _search_is_uncontacted(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Overdue Uncontacted."))
        # one subquery on the accounts of the current company (a customer has a stage
        # there): PostgreSQL joins it, whatever the number of customers
        domain = [
            (
                "logistics_account_ids",
                "any",
                [
                    ("company_id", "=", self.env.company.id),
                    ("customer_stage", "!=", False),
                    "|",
                    ("last_followup_date", "=", False),
                    ("last_followup_date", "<", self._uncontacted_limit()),
                ],
            )
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _release_soon_limit(self):
        days = self.env.company.logistics_release_soon_days
        return fields.Date.context_today(self) + timedelta(days=days)

    def _compute_is_release_soon(self):
        limit = self._release_soon_limit()
        today = fields.Date.context_today(self)
        for partner in self:
            release = partner.pool_release_date
            partner.pool_days_left = (release - today).days if release else 0
            partner.is_release_soon = bool(release) and release <= limit

    def _search_is_release_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on About to be Released."))
        domain = [
            (
                "logistics_account_ids",
                "any",
                [
                    ("company_id", "=", self.env.company.id),
                    ("pool_release_date", "!=", False),
                    ("pool_release_date", "<=", self._release_soon_limit()),
                ],
            )
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------ CRUD

    def _auto_init(self):
        # a new stored column is computed by the ORM for every partner, one batch at a
        # time: create the access key's column here and fill it in one statement (empty
        # on install; from the accounts on upgrade), whatever the number of partners
        if not column_exists(self.env.cr, self._table, "logistics_access_key"):
            create_column(self.env.cr, self._table, "logistics_access_key", "varchar")
            if table_exists(self.env.cr, "logistics_customer_account"):
                update_access_keys(self.env.cr)
        return super()._auto_init()

    def init(self):
        res = super().init()
        if self.env.registry.has_trigram:
            # My Customers: an owner's token within the key (LIKE '%|1:u6|%')
            create_index(
                self.env.cr,
                "res_partner_logistics_access_key_index",
                self._table,
                ["logistics_access_key gin_trgm_ops"],
                method="gin",
            )
        return res

    def _logistics_pooled(self):
        return self.filtered("pool_state")

    # ------------------------------------------------------------ HIDDEN CONTACT DETAILS
    # Pools may hide how to reach their waiting customers (WukongCRM's 公海 field
    # hiding): a salesperson sees the name, code, city and history, and the phone,
    # e-mail and address once the customer is theirs. Managers, the owner and the suite's
    # own code (duplicate checks, as superuser) see everything.

    @api.model
    @ormcache()
    def _logistics_hiding_pool_ids(self):
        """Pools that hide their waiting customers' contact details (cleared with the
        registry cache whenever a pool changes, like the rules)."""
        return tuple(
            self.env["logistics.customer.pool"]
            .sudo()
            .with_context(active_test=False)
            .search([("hide_contact_details", "=", True)])
            .ids
        )

    def _logistics_contact_hidden_ids(self):
        """Ids of these partners whose contact details the current user may not see:
        their customer waits in a pool that hides them (in any company) and is owned by
        the user nowhere. Judged on the commercial customer, so that a contact being
        created under it, or an onchange's copy, is hidden too."""
        if not self._logistics_hiding_applies():
            return set()
        customers = {p.commercial_partner_id._origin.id for p in self} - {False}
        if not customers:
            return set()
        self.env.cr.execute(
            SQL(
                "SELECT c.id FROM res_partner c WHERE c.id = ANY(%s) AND %s",
                list(customers),
                self._logistics_hidden_condition(SQL("c.id")),
            )
        )
        hidden = {row[0] for row in self.env.cr.fetchall()}
        return {p.id for p in self if p.commercial_partner_id._origin.id in hidden}

    def _logistics_hiding_applies(self):
        """Whether the current user is one pools hide contact details from."""
        return bool(self._logistics_hiding_pool_ids()) and not (
            self.env.su or self.env.user.has_group("logistics_crm.group_logistics_manager")
        )

    def _logistics_hidden_condition(self, customer_id):
        """SQL: the customer ``customer_id`` (an SQL expression) waits in a hiding pool
        and the current user owns it nowhere."""
        self.env["logistics.customer.account"].flush_model(
            ["partner_id", "pool_id", "pool_state", "user_id"]
        )
        return SQL(
            """(EXISTS (SELECT 1 FROM logistics_customer_account a
                         WHERE a.partner_id = %(customer)s
                           AND a.pool_state = 'pool' AND a.pool_id = ANY(%(pools)s))
                AND NOT EXISTS (SELECT 1 FROM logistics_customer_account a
                                 WHERE a.partner_id = %(customer)s
                                   AND a.pool_state = 'owned' AND a.user_id = %(uid)s))""",
            customer=customer_id,
            pools=list(self._logistics_hiding_pool_ids()),
            uid=self.env.uid,
        )

    def _condition_to_sql(self, alias, fname, operator, value, query):
        sql = super()._condition_to_sql(alias, fname, operator, value, query)
        if (
            fname in HIDDEN_CONTACT_FIELDS
            and operator not in ("=", "in")
            and self._logistics_hiding_applies()
        ):
            # a known number or address still finds its customer (is it already in
            # the pool?); a pattern, a range or a negation would spell hidden ones out
            commercial = SQL.identifier(alias, "commercial_partner_id")
            sql = SQL("(%s AND NOT %s)", sql, self._logistics_hidden_condition(commercial))
        return sql

    def _track_filter_for_display(self, tracking_values):
        values = super()._track_filter_for_display(tracking_values)
        if self._logistics_contact_hidden_ids():
            values = values.filtered(lambda v: v.field_id.name not in HIDDEN_CONTACT_FIELDS)
        return values

    def _logistics_hidden_error(self):
        return AccessError(
            self.env._(
                "The contact details of this pool's customers are hidden until you claim " "them."
            )
        )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        hidden = HIDDEN_CONTACT_FIELDS.intersection(fnames)
        if hidden:
            hidden_ids = self._logistics_contact_hidden_ids()
            for values in result:
                if values["id"] in hidden_ids:
                    values.update(dict.fromkeys(hidden, False))
        return result

    def onchange(self, values, field_names, fields_spec):
        # (the form's onchange reads records directly, not through _read_format: a
        # contact being created under a hidden customer copies its address)
        result = super().onchange(values, field_names, fields_spec)
        changed = result.get("value", {})
        hidden = HIDDEN_CONTACT_FIELDS & changed.keys()
        if hidden and self._logistics_hiding_applies():
            parent = values.get("parent_id")
            parent = parent.get("id") if isinstance(parent, dict) else parent
            probe = self.browse(self.ids)
            if isinstance(parent, int):
                probe |= self.browse(parent)
            if probe._logistics_contact_hidden_ids():
                changed.update(dict.fromkeys(hidden, False))
        return result

    def _compute_display_name(self):
        res = super()._compute_display_name()
        if any(self.env.context.get(key) for key in CONTACT_NAME_CONTEXT):
            for partner in self.browse(self._logistics_contact_hidden_ids()):
                # the name as shown without those contexts (no e-mail, no address)
                name = partner.with_context(lang=self.env.lang)._get_complete_name()
                partner.display_name = name.strip()
        return res

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        names = {spec.split(":")[0].split(".")[0] for spec in (*groupby, *aggregates)}
        if HIDDEN_CONTACT_FIELDS & names and self._logistics_hiding_applies():
            raise self._logistics_hidden_error()
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    def export_data(self, fields_to_export):
        names = {part for path in fields_to_export for part in path.split("/")}
        if HIDDEN_CONTACT_FIELDS & names and self._logistics_contact_hidden_ids():
            raise self._logistics_hidden_error()
        return super().export_data(fields_to_export)

    @api.model
    def _logistics_check_readable(self, vals_list, fname="partner_id"):
        """Records are created on customers the user can see only: another owner's
        protected customer is not one to log follow-ups, complaints or visits on."""
        ids = [vals[fname] for vals in vals_list if vals.get(fname)]
        if ids and not self.env.su:
            partners = self.browse(ids)  # (a list: ids of the wrong type are refused)
            try:
                partners.check_access("read")
            except AccessError:
                raise AccessError(self.env._("This customer is not available to you.")) from None

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        customers = partners.filtered(lambda p: p.customer_stage and not p.parent_id)
        if customers:
            customers._logistics_ensure_code()
            customers._logistics_enroll_default_pool()
        return partners

    def write(self, vals):
        # (what cannot be read cannot be typed over: nor used to test a guess)
        if HIDDEN_CONTACT_FIELDS & vals.keys() and self._logistics_contact_hidden_ids():
            raise self._logistics_hidden_error()
        res = super().write(vals)
        if vals.get("customer_stage"):
            self.filtered(
                lambda p: not p.customer_code and not p.parent_id
            )._logistics_ensure_code()
        return res

    # ------------------------------------------------------------ ACTIONS

    def action_pool_claim(self):
        """The current user claims these customers from their pool."""
        user = self.env.user
        if not user._is_internal():
            raise AccessError(self.env._("Only internal users can claim customers."))
        self._logistics_check_available()
        self._logistics_lock_for_update()
        self.env["logistics.customer.pool"]._claim(self._logistics_accounts(), user)
        return True

    def action_pool_serve(self):
        """Serve these group customers from the current company (a branch): their
        account here opens in the company's default pool and the user claims it under
        that pool's rules - the customer, its code and contacts stay the group's one."""
        user = self.env.user
        if not user._is_internal():
            raise AccessError(self.env._("Only internal users can claim customers."))
        self._logistics_check_available()
        company = self.env.company
        pool = self.env["logistics.customer.pool"]._get_default(company)
        partners = self.commercial_partner_id
        Account = self.env["logistics.customer.account"]
        served = Account._logistics_get(partners).filtered("pool_id")
        if served:
            raise UserError(
                self.env._(
                    "%(company)s already serves %(customer)s: claim it from the pool or ask "
                    "its owner.",
                    company=company.name,
                    customer=served[:1].partner_id.display_name,
                )
            )
        partners._logistics_lock_for_update()
        partners._logistics_ensure_code()
        accounts = Account._logistics_get(partners, create=True)
        pool._put_in(accounts)
        self.env["logistics.pool.log"]._log(
            accounts, "enroll", reason=self.env._("Served from %s.", company.name)
        )
        self.env["logistics.customer.pool"]._claim(accounts, user)
        return True

    def _logistics_accounts(self):
        """The accounts of these customers in the current company, every one of them
        (pool actions act in the company the user works in)."""
        accounts = self.env["logistics.customer.account"]._logistics_get(self.sudo())
        missing = self.commercial_partner_id - accounts.partner_id
        if missing:
            raise UserError(
                self.env._(
                    "%(customer)s is not served by %(company)s yet: use Serve from my "
                    "Branch first.",
                    customer=missing[:1].display_name,
                    company=self.env.company.name,
                )
            )
        return accounts

    def _logistics_check_available(self):
        """Pool actions on customers the user cannot see say nothing about them (ids can
        be enumerated over RPC: no name, no owner)."""
        if not self:
            raise UserError(self.env._("Select the customers first."))
        if self.env.su:
            return
        # the rules are checked on what is in the pool or the user's now, before locking
        if self - self.exists()._filtered_access("read"):
            raise AccessError(self.env._("This customer is not available to you."))

    def _logistics_lock_for_update(self):
        """Lock the rows so that two users claiming the same customer at the same time
        cannot both win: the second gets a clear error instead of waiting."""

        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM res_partner WHERE id IN %s FOR UPDATE NOWAIT",
                        tuple(self.ids),
                    )
                )
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            raise UserError(
                self.env._(
                    "Someone else is claiming or changing this customer right now; "
                    "reload it and try again."
                )
            ) from None
        self.invalidate_recordset()

    def action_pool_release(self, reason=None):
        """Give the customers back to their pool (owner or manager), with a reason."""
        if not reason:
            return self.env["logistics.reason.wizard"]._logistics_open(
                self, "action_pool_release", self.env._("Release to Pool")
            )
        reason = self._logistics_text_argument(reason)
        self._logistics_check_available()
        is_manager = self.env.user.has_group("logistics_crm.group_logistics_manager")
        accounts = self._logistics_accounts()
        for account in accounts:
            name = account.partner_id.display_name
            if account.user_id != self.env.user and not is_manager:
                raise AccessError(
                    self.env._("Only the owner or a sales manager can release %s.", name)
                )
            if account.pool_state != "owned":
                raise UserError(self.env._("%s is not owned by anyone.", name))
            if account.pool_locked and not is_manager:
                raise UserError(self.env._("%s is locked by a manager.", name))
        self.env["logistics.customer.pool"]._release(accounts, "release", reason)
        return True

    def action_customer_lost(self, reason=None, lost_reason=None):
        """The customer is lost for the current company (with Odoo's lost reasons): it
        leaves the pool rules there - no owner, no release clock, not claimable - until
        a manager puts it in a pool again. Owner or sales manager; logged."""
        if not reason:
            return self.env["logistics.reason.wizard"]._logistics_open(
                self, "action_customer_lost", self.env._("Customer Lost"), ask_lost_reason=True
            )
        reason = self._logistics_text_argument(reason)
        if lost_reason is not None and not isinstance(lost_reason, models.BaseModel):
            self._logistics_check_ids([lost_reason])
            lost_reason = self.env["crm.lost.reason"].browse([lost_reason]).exists()
        self._logistics_check_available()
        is_manager = self.env.user.has_group("logistics_crm.group_logistics_manager")
        accounts = self._logistics_accounts()
        for account in accounts:
            if (
                account.pool_state == "owned"
                and account.user_id != self.env.user
                and not is_manager
            ):
                raise AccessError(
                    self.env._(
                        "Only the owner or a sales manager can mark %s as lost.",
                        account.partner_id.display_name,
                    )
                )
            if account.pool_state == "pool" and not is_manager:
                raise AccessError(
                    self.env._("Only a sales manager can mark a pool customer as lost.")
                )
        if lost_reason:
            reason = f"{lost_reason[:1].name}: {reason}"
        self.env["logistics.pool.log"]._log(
            accounts, "lost", to_user=self.env["res.users"], reason=reason
        )
        accounts._logistics_drop_release_reminders()
        accounts.write(
            {
                "customer_stage": "lost",
                "lost_reason_id": lost_reason[:1].id if lost_reason else False,
                "pool_state": False,
                "user_id": False,
                "pool_claim_date": False,
                "pool_reminder_sent": False,
            }
        )
        return True

    def action_pool_assign(self, user=None, reason=None):
        """A manager gives the customers to ``user`` (res.users record or id)."""
        if not self.env.user.has_group("logistics_crm.group_logistics_manager"):
            raise AccessError(self.env._("Only a sales manager can assign customers."))
        if user is None:
            return self.env["logistics.reason.wizard"]._logistics_open(
                self, "action_pool_assign", self.env._("Assign Customers"), ask_user=True
            )
        if reason is not None:
            reason = self._logistics_text_argument(reason)
        if isinstance(user, models.BaseModel):
            user = user[:1]
        else:
            self._logistics_check_ids([user])
            user = self.env["res.users"].browse([user]).exists()
        if not user or not user._is_internal():
            raise UserError(self.env._("Customers can only be assigned to internal users."))
        missing = self.filtered(lambda p: not p.pool_id)
        if missing:
            raise UserError(
                self.env._(
                    "%s is not in a customer pool.", ", ".join(missing.mapped("display_name"))
                )
            )
        self._logistics_lock_for_update()
        self.env["logistics.customer.pool"]._set_owner(
            self._logistics_accounts(), user, "assign", reason
        )
        return True

    def action_pool_lock(self):
        return self._pool_set_lock(True)

    def action_pool_unlock(self):
        return self._pool_set_lock(False)

    def _pool_set_lock(self, locked):
        if not self.env.user.has_group("logistics_crm.group_logistics_manager"):
            raise AccessError(self.env._("Only a sales manager can lock or unlock customers."))
        accounts = self.filtered("pool_id")._logistics_accounts()
        accounts = accounts.filtered(lambda a: a.pool_locked != locked)
        self.env["logistics.pool.log"]._log(accounts, "lock" if locked else "unlock")
        accounts.write({"pool_locked": locked})
        return True

    def action_pool_enroll(self, pool=None):
        """Manager: put customers without an owner into ``pool`` (default pool if None)."""
        if not self.env.user.has_group("logistics_crm.group_logistics_manager"):
            raise AccessError(self.env._("Only a sales manager can put customers in a pool."))
        if pool is not None and not isinstance(pool, models.BaseModel):
            pool = self.env["logistics.customer.pool"].browse([pool]).exists()
            if not pool:
                raise UserError(self.env._("This customer pool does not exist."))
        pool = pool or self.env["logistics.customer.pool"]._get_default(self.env.company)
        for partner in self:
            if partner.parent_id:
                raise UserError(
                    self.env._(
                        "Only companies and individuals can be pooled, "
                        "not contacts of a company (%s).",
                        partner.display_name,
                    )
                )
        self._logistics_ensure_code()
        accounts = self.env["logistics.customer.account"]._logistics_get(
            self, company=pool.company_id, create=True
        )
        # the salesperson of a customer first served here becomes its owner
        for account in accounts.filtered(lambda a: not a.user_id and a.is_home):
            account.user_id = account.partner_id.user_id
        owned = accounts.filtered("user_id")
        self.env["logistics.pool.log"]._log(accounts, "enroll", pool=pool)
        today = fields.Date.context_today(self)
        pool._put_in(accounts - owned)
        for account in owned:
            account.write(
                {
                    "pool_id": pool.id,
                    "pool_state": "owned",
                    "pool_claim_date": account.pool_claim_date or today,
                    "customer_stage": account.customer_stage or "intent",
                }
            )
        return True

    def action_view_followups(self):
        self._logistics_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_crm.logistics_followup_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_view_relations(self):
        self._logistics_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_crm.logistics_partner_relation_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    # ------------------------------------------------------------ BUSINESS

    def _logistics_ensure_code(self):
        sequence = self.env["ir.sequence"].sudo()
        for partner in self.filtered(lambda p: not p.customer_code):
            partner.sudo().customer_code = sequence.next_by_code("logistics.customer.code")

    def _logistics_enroll_default_pool(self):
        """New customers created by a member go to the company's default pool, owned by
        their salesperson (or the creator) — within the pool's cap and daily limit, as a
        claim would be (creating customers is no way round them)."""
        pools = (
            self.env["logistics.customer.pool"]
            .sudo()
            .search([("is_default", "=", True), ("company_id", "in", self.env.companies.ids)])
        )
        pool = pools.filtered(lambda p: p.company_id == self.env.company)[:1] or pools[:1]
        if not pool:
            return
        Account = self.env["logistics.customer.account"]
        for partner in self:
            account = Account._logistics_get(partner, company=pool.company_id, create=True)
            if account.pool_id:
                continue
            owner = partner.user_id or self.env.user
            if owner._is_internal() and pool._is_member(owner):
                account.pool_id = pool
                pool._check_claim_limits(account, owner)
                self.env["logistics.customer.pool"]._set_owner(
                    account, owner, "claim", self.env._("Created the customer.")
                )
            else:
                pool._put_in(account)

    def _logistics_touch_followup(self, date=None, company=None, kind="manual"):
        """A follow-up of ``kind`` (logistics.followup ``source``) happened in
        ``company`` (default: the current one): restart the follow-up clock of the
        customers' accounts there, where their pool counts that kind (never into the
        future: a follow-up dated ahead cannot buy protection)."""
        today = fields.Date.context_today(self)
        date = min(date or today, today)
        accounts = self.env["logistics.customer.account"]._logistics_get(self, company)
        accounts = accounts.filtered(
            lambda a: (not a.last_followup_date or a.last_followup_date < date)
            and a.pool_id._counts_followup(kind)
        )
        if accounts:
            accounts.write({"last_followup_date": date, "pool_reminder_sent": False})
            accounts._logistics_drop_release_reminders()

    def _logistics_touch_deal(self, date=None, company=None):
        """A deal was won or an order confirmed in ``company`` (default: the current
        one): record it on the customers' accounts there and make them formal
        (customers the company does not serve are left alone)."""
        today = fields.Date.context_today(self)
        date = min(date or today, today)
        accounts = self.env["logistics.customer.account"]._logistics_get(self, company)
        accounts = accounts.filtered(lambda a: a.customer_stage or a.pool_id)
        renewed = accounts.filtered(lambda a: not a.last_deal_date or a.last_deal_date < date)
        renewed.write({"last_deal_date": date, "pool_reminder_sent": False})
        renewed._logistics_drop_release_reminders()
        accounts.filtered(lambda a: a.customer_stage != "formal").write(
            {"customer_stage": "formal"}
        )

    def _logistics_followup_customer(self):
        self.ensure_one()
        return self.commercial_partner_id, self.env.company

    def _logistics_home_company(self):
        """The company of the group that serves this customer: the one holding its key
        account (which served it first), else any serving it, else the customer's own
        company, else the current one - where what the customer sends in belongs."""
        self.ensure_one()
        customer = self.commercial_partner_id
        account = (
            self.env["logistics.customer.account"]
            .sudo()
            .search([("partner_id", "=", customer.id)], order="is_home desc, id", limit=1)
        )
        return account.company_id or customer.company_id or self.env.company
