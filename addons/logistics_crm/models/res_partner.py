import re
import unicodedata
from datetime import timedelta

import psycopg2.errors
from markupsafe import Markup, escape
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, mute_logger
from odoo.tools.translate import LazyTranslate

from .logistics_gated_mixin import Gate

CUSTOMER_STAGES = [
    ("intent", "Intended"),
    ("formal", "Formal"),
    ("dormant", "Dormant"),
    ("lost", "Lost"),
]
CUSTOMER_TIERS = [
    ("strategic", "Strategic"),
    ("partner", "Partner"),
    ("commercial", "Commercial"),
    ("general", "General"),
]
POOL_STATES = [("pool", "In Pool"), ("owned", "Owned")]
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
        "pool_release_date",
        "pool_reminder_date",
        "customer_tier",
        "customer_tier_override",
    }
)
POOL_GATE_MESSAGE = _lt(
    "Only a sales manager may change %(fields)s directly; use Claim, Release or Assign on "
    "the customer."
)

# Legal-form words ignored when comparing company names (longest first).
LEGAL_SUFFIXES = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团公司",
        "集团",
        "公司",
        "coltd",
        "companylimited",
        "limited",
        "ltd",
        "incorporated",
        "inc",
        "corporation",
        "corp",
        "company",
        "co",
        "gmbh",
        "llc",
        "plc",
        "sa",
        "srl",
        "bv",
    ],
    key=len,
    reverse=True,
)


def normalize_name(name):
    """Company name reduced to what identifies it: case, width, punctuation and the
    legal form do not count ("ACME Logistics Co., Ltd." == "acme logistics")."""
    if not name:
        return False
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[\W_]+", "", text)
    changed = True
    while changed and text:
        changed = False
        for suffix in LEGAL_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
                break
    return text or False


def normalize_vat(vat):
    return re.sub(r"[\W_]+", "", vat).upper() if vat else False


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["logistics.gated.mixin", "res.partner"]
    _logistics_gates = (
        Gate(POOL_FIELDS, POOL_GATE_MESSAGE, groups="logistics_crm.group_logistics_manager"),
        # the owner of a pool customer changes by claim, release and assignment only
        Gate(
            frozenset({"user_id"}),
            POOL_GATE_MESSAGE,
            groups="logistics_crm.group_logistics_manager",
            applies="_logistics_pooled",
        ),
    )

    # Identity
    customer_code = fields.Char(
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="One code per customer, given from a sequence when it becomes a customer.",
    )
    name_normalized = fields.Char(
        compute="_compute_name_normalized",
        store=True,
        index="btree_not_null",
        help="Name without case, punctuation and legal form, used to find duplicates.",
    )
    vat_normalized = fields.Char(
        compute="_compute_vat_normalized",
        store=True,
        index="btree_not_null",
        help="Tax ID / unified social credit code without spaces and punctuation.",
    )
    duplicate_info = fields.Html(compute="_compute_duplicate_info", sanitize=False)
    duplicate_count = fields.Integer(compute="_compute_duplicate_info")
    # Classification
    customer_stage = fields.Selection(CUSTOMER_STAGES, index=True, tracking=True, copy=False)
    customer_tier_auto = fields.Selection(
        CUSTOMER_TIERS,
        "Computed Tier",
        readonly=True,
        copy=False,
        help="Written each night from the trailing 12 months' revenue and margin.",
    )
    customer_tier_override = fields.Selection(
        CUSTOMER_TIERS,
        "Tier Override",
        tracking=True,
        copy=False,
        help="Set by hand to keep this tier whatever the nightly computation finds.",
    )
    customer_tier = fields.Selection(
        CUSTOMER_TIERS,
        compute="_compute_customer_tier",
        store=True,
        index=True,
    )
    logistics_revenue_12m = fields.Float("Revenue (12 months)", readonly=True, copy=False)
    logistics_margin_12m = fields.Float("Margin (12 months)", readonly=True, copy=False)
    service_line_ids = fields.Many2many(
        "logistics.service.line",
        "res_partner_logistics_service_line_rel",
        "partner_id",
        "service_line_id",
        string="Service Lines",
    )
    # Pool
    pool_id = fields.Many2one(
        "logistics.customer.pool", "Customer Pool", index=True, copy=False, tracking=True
    )
    pool_state = fields.Selection(POOL_STATES, "Pool Status", index=True, copy=False, tracking=True)
    pool_locked = fields.Boolean(
        "Locked", copy=False, tracking=True, help="Locked customers are never released nor claimed."
    )
    pool_claim_date = fields.Date("Claimed on", copy=False)
    last_followup_date = fields.Date("Last Follow-up", copy=False, index=True)
    last_deal_date = fields.Date(
        "Last Deal", copy=False, help="Last confirmed order or won opportunity."
    )
    pool_release_date = fields.Date(
        "Release Date",
        compute="_compute_pool_release_date",
        store=True,
        index=True,
        help="The customer returns to the pool on this day unless followed up or won.",
    )
    pool_reminder_date = fields.Date(compute="_compute_pool_release_date", store=True, index=True)
    pool_reminder_sent = fields.Boolean(copy=False)
    pool_deal_since_claim = fields.Boolean(
        compute="_compute_pool_deal_since_claim",
        store=True,
        help="A deal was won or an order confirmed since the claim.",
    )
    pool_log_ids = fields.One2many("logistics.pool.log", "partner_id", "Pool History")
    # 360°
    followup_ids = fields.One2many("logistics.followup", "partner_id", "Follow-ups")
    followup_count = fields.Integer(compute="_compute_logistics_counts")
    relation_ids = fields.One2many("logistics.partner.relation", "partner_id", "Relationships")
    relation_count = fields.Integer(compute="_compute_logistics_counts")
    anniversary_ids = fields.One2many("logistics.anniversary", "partner_id", "Anniversaries")
    logistics_overdue_amount = fields.Monetary(
        "Overdue",
        compute="_compute_logistics_overdue_amount",
        currency_field="logistics_currency_id",
    )
    logistics_currency_id = fields.Many2one(
        "res.currency", compute="_compute_logistics_overdue_amount"
    )
    is_uncontacted = fields.Boolean(
        "Overdue Uncontacted",
        compute="_compute_is_uncontacted",
        search="_search_is_uncontacted",
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

    @api.depends("name", "parent_id")
    def _compute_name_normalized(self):
        for partner in self:
            partner.name_normalized = not partner.parent_id and normalize_name(partner.name)

    @api.depends("vat")
    def _compute_vat_normalized(self):
        for partner in self:
            partner.vat_normalized = normalize_vat(partner.vat)

    @api.depends("customer_tier_auto", "customer_tier_override")
    def _compute_customer_tier(self):
        for partner in self:
            partner.customer_tier = partner.customer_tier_override or partner.customer_tier_auto

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
        for partner in self:
            release = False
            if partner.pool_state == "owned" and not partner.pool_locked and partner.pool_id:
                release = partner.pool_id._release_date(partner)
            partner.pool_release_date = release
            partner.pool_reminder_date = release and release - timedelta(
                days=partner.pool_id.reminder_days
            )

    @api.depends("last_deal_date", "pool_claim_date")
    def _compute_pool_deal_since_claim(self):
        for partner in self:
            partner.pool_deal_since_claim = bool(
                partner.last_deal_date
                and partner.pool_claim_date
                and partner.last_deal_date >= partner.pool_claim_date
            )

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

    def _compute_logistics_overdue_amount(self):
        today = fields.Date.context_today(self)
        groups = self.env["account.move.line"]._read_group(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("date_maturity", "<", today),
                ("company_id", "in", self.env.companies.ids),
            ],
            ["partner_id"],
            ["amount_residual:sum"],
        )
        overdue = dict(groups)
        for partner in self:
            partner.logistics_currency_id = self.env.company.currency_id
            partner.logistics_overdue_amount = overdue.get(partner.commercial_partner_id, 0.0)

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
        domain = [
            ("customer_stage", "!=", False),
            "|",
            ("last_followup_date", "=", False),
            ("last_followup_date", "<", self._uncontacted_limit()),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _release_soon_limit(self):
        days = self.env.company.logistics_release_soon_days
        return fields.Date.context_today(self) + timedelta(days=days)

    def _compute_is_release_soon(self):
        limit = self._release_soon_limit()
        for partner in self:
            partner.is_release_soon = (
                bool(partner.pool_release_date) and partner.pool_release_date <= limit
            )

    def _search_is_release_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on About to be Released."))
        domain = [
            ("pool_release_date", "!=", False),
            ("pool_release_date", "<=", self._release_soon_limit()),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("name", "vat", "phone", "mobile", "email", "is_company", "parent_id")
    def _compute_duplicate_info(self):
        for partner in self:
            duplicates = partner._logistics_find_duplicates()
            partner.duplicate_count = len(duplicates)
            partner.duplicate_info = partner._logistics_duplicate_html(duplicates)

    # ------------------------------------------------------------ CRUD

    def _logistics_pooled(self):
        return self.filtered("pool_state")

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
        res = super().write(vals)
        if vals.get("customer_stage"):
            self.filtered(
                lambda p: not p.customer_code and not p.parent_id
            )._logistics_ensure_code()
        return res

    # ------------------------------------------------------------ ACTIONS

    def _logistics_check_member(self, user):
        if user.has_group("logistics_crm.group_logistics_manager"):
            return
        for partner in self:
            if not partner.pool_id._is_member(user):
                raise UserError(
                    self.env._(
                        "You are not a member of pool %(pool)s of customer %(customer)s.",
                        pool=partner.pool_id.name,
                        customer=partner.display_name,
                    )
                )

    def action_pool_claim(self):
        """The current user claims these customers from their pool."""
        user = self.env.user
        if not user._is_internal():
            raise AccessError(self.env._("Only internal users can claim customers."))
        self._logistics_check_available()
        self._logistics_lock_for_update()
        # Read as superuser: a customer claimed meanwhile is hidden from the user by the
        # record rules, and they deserve to know why their claim failed.
        for partner in self.sudo():
            if partner.pool_state != "pool" or not partner.pool_id:
                owner = partner.user_id.name or self.env._("nobody")
                raise UserError(
                    self.env._(
                        "%(customer)s is not in a pool any more (owner: %(owner)s).",
                        customer=partner.display_name,
                        owner=owner,
                    )
                )
            if partner.pool_locked:
                raise UserError(self.env._("%s is locked by a manager.", partner.display_name))
        self.sudo()._logistics_check_member(user)
        for pool, partners in self.sudo().grouped("pool_id").items():
            partners._logistics_check_claim_limits(pool, user)
        self.sudo()._pool_set_owner(user, "claim")
        return True

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

    def _logistics_serialize_claims(self, user):
        """One user's claims, one at a time. Two claims of *different* customers by the
        same user in parallel would each count the user's customers on its own snapshot
        and could both pass the cap. Touching the user's row makes the second wait for
        the first and then fail with a serialization error, which Odoo's RPC layer
        retries on fresh data - where the cap is counted right."""
        self.env.cr.execute(
            SQL("UPDATE res_users SET write_date = write_date WHERE id = %s", user.id)
        )

    def _logistics_check_claim_limits(self, pool, user):
        """Cap, daily limit and cooldown of ``pool`` for ``user`` claiming ``self``."""
        sudo_partner = self.sudo()
        if pool.max_owned_per_user or pool.daily_claim_limit:
            self._logistics_serialize_claims(user)
        if pool.max_owned_per_user:
            domain = [
                ("pool_id", "=", pool.id),
                ("pool_state", "=", "owned"),
                ("user_id", "=", user.id),
            ]
            if not pool.cap_counts_business:
                # customers with a deal since their claim do not count (a deal, not the
                # stage a salesperson may set by hand)
                domain.append(("pool_deal_since_claim", "=", False))
            owned = sudo_partner.search_count(domain)
            if owned + len(self) > pool.max_owned_per_user:
                raise UserError(
                    self.env._(
                        "You already own %(owned)s customers of pool %(pool)s; its limit is %(max)s "
                        "per salesperson. Release a customer first.",
                        owned=owned,
                        pool=pool.name,
                        max=pool.max_owned_per_user,
                    )
                )
        Log = self.env["logistics.pool.log"].sudo()
        if pool.daily_claim_limit:
            start = fields.Datetime.to_datetime(fields.Date.context_today(self))
            claimed = Log.search_count(
                [
                    ("pool_id", "=", pool.id),
                    ("action", "=", "claim"),
                    ("user_id", "=", user.id),
                    ("date", ">=", start),
                ]
            )
            if claimed + len(self) > pool.daily_claim_limit:
                raise UserError(
                    self.env._(
                        "You have claimed %(claimed)s customers from pool %(pool)s today; the daily "
                        "limit is %(max)s.",
                        claimed=claimed,
                        pool=pool.name,
                        max=pool.daily_claim_limit,
                    )
                )
        if pool.reclaim_cooldown_days:
            since = fields.Datetime.now() - timedelta(days=pool.reclaim_cooldown_days)
            recent = Log.search(
                [
                    ("partner_id", "in", self.ids),
                    ("from_user_id", "=", user.id),
                    ("action", "in", ("release", "auto_release", "assign")),
                    ("date", ">", since),
                ],
                limit=1,
            )
            if recent:
                raise UserError(
                    self.env._(
                        "You lost %(customer)s on %(date)s; pool %(pool)s lets a previous owner claim "
                        "it again only after %(days)s days.",
                        customer=recent.partner_id.display_name,
                        date=fields.Date.to_string(recent.date.date()),
                        pool=pool.name,
                        days=pool.reclaim_cooldown_days,
                    )
                )

    def action_pool_release(self, reason=None):
        """Give the customers back to their pool (owner or manager), with a reason."""
        if not reason:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Release to Pool"),
                "res_model": "logistics.pool.release",
                "view_mode": "form",
                "target": "new",
                "context": {"default_partner_ids": self.ids},
            }
        reason = self._logistics_text_argument(reason)
        self._logistics_check_available()
        is_manager = self.env.user.has_group("logistics_crm.group_logistics_manager")
        for partner in self.sudo():
            if partner.user_id != self.env.user and not is_manager:
                raise AccessError(
                    self.env._(
                        "Only the owner or a sales manager can release %s.", partner.display_name
                    )
                )
            if partner.pool_state != "owned":
                raise UserError(self.env._("%s is not owned by anyone.", partner.display_name))
            if partner.pool_locked and not is_manager:
                raise UserError(self.env._("%s is locked by a manager.", partner.display_name))
        self.sudo()._pool_release("release", reason)
        return True

    def action_pool_assign(self, user=None, reason=None):
        """A manager gives the customers to ``user`` (res.users record or id)."""
        if not self.env.user.has_group("logistics_crm.group_logistics_manager"):
            raise AccessError(self.env._("Only a sales manager can assign customers."))
        if user is None:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Assign Customers"),
                "res_model": "logistics.pool.assign",
                "view_mode": "form",
                "target": "new",
                "context": {"default_partner_ids": self.ids},
            }
        if reason is not None:
            reason = self._logistics_text_argument(reason)
        if isinstance(user, models.BaseModel):
            user = user.id
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
        self._pool_set_owner(user, "assign", reason)
        return True

    def action_pool_lock(self):
        return self._pool_set_lock(True)

    def action_pool_unlock(self):
        return self._pool_set_lock(False)

    def _pool_set_lock(self, locked):
        if not self.env.user.has_group("logistics_crm.group_logistics_manager"):
            raise AccessError(self.env._("Only a sales manager can lock or unlock customers."))
        partners = self.filtered(lambda p: p.pool_locked != locked and p.pool_id)
        self.env["logistics.pool.log"].sudo().create(
            [
                {
                    "partner_id": p.id,
                    "pool_id": p.pool_id.id,
                    "action": "lock" if locked else "unlock",
                    "user_id": self.env.uid,
                    "from_user_id": p.user_id.id,
                    "to_user_id": p.user_id.id,
                }
                for p in partners
            ]
        )
        partners.sudo().write({"pool_locked": locked})
        return True

    def action_pool_enroll(self, pool=None):
        """Manager: put customers without an owner into ``pool`` (default pool if None)."""
        if not self.env.user.has_group("logistics_crm.group_logistics_manager"):
            raise AccessError(self.env._("Only a sales manager can put customers in a pool."))
        if pool is not None and not isinstance(pool, models.BaseModel):
            pool = self.env["logistics.customer.pool"].browse([pool]).exists()
            if not pool:
                raise UserError(self.env._("This customer pool does not exist."))
        pool = pool or self.env["logistics.customer.pool"].search(
            [("is_default", "=", True), ("company_id", "=", self.env.company.id)], limit=1
        )
        if not pool:
            raise UserError(
                self.env._("Configure a default customer pool for %s first.", self.env.company.name)
            )
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
        owned = self.filtered("user_id")
        self.env["logistics.pool.log"].sudo().create(
            [
                {
                    "partner_id": p.id,
                    "pool_id": pool.id,
                    "action": "enroll",
                    "user_id": self.env.uid,
                    "from_user_id": p.user_id.id,
                    "to_user_id": p.user_id.id,
                }
                for p in self
            ]
        )
        today = fields.Date.context_today(self)
        unowned = (self - owned).sudo()
        unowned.write({"pool_id": pool.id, "pool_state": "pool"})
        # formal (or dormant, lost) customers keep their stage
        unowned.filtered(lambda p: not p.customer_stage).write({"customer_stage": "intent"})
        for partner in owned:
            partner.sudo().write(
                {
                    "pool_id": pool.id,
                    "pool_state": "owned",
                    "pool_claim_date": partner.pool_claim_date or today,
                    "customer_stage": partner.customer_stage or "intent",
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

    def action_merge_duplicates(self):
        """Open Odoo's merge wizard on this customer and its duplicates."""
        self._logistics_ensure_one()
        duplicates = self._logistics_find_duplicates()
        return {
            "type": "ir.actions.act_window",
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": (self | duplicates).ids},
        }

    # ------------------------------------------------------------ BUSINESS

    def _pool_set_owner(self, user, action, reason=False):
        today = fields.Date.context_today(self)
        self.env["logistics.pool.log"].sudo().create(
            [
                {
                    "partner_id": p.id,
                    "pool_id": p.pool_id.id,
                    "action": action,
                    "user_id": self.env.uid,
                    "from_user_id": p.user_id.id,
                    "to_user_id": user.id,
                    "reason": reason,
                }
                for p in self
            ]
        )
        self.sudo().write(
            {
                "user_id": user.id,
                "pool_state": "owned",
                "pool_claim_date": today,
                "pool_reminder_sent": False,
            }
        )
        self.filtered(lambda p: not p.customer_stage).sudo().write({"customer_stage": "intent"})

    def _pool_release(self, action, reason):
        """Give the customers back to their pool. Nothing else changes: contacts,
        follow-ups, opportunities and history stay."""
        self.env["logistics.pool.log"].sudo().create(
            [
                {
                    "partner_id": p.id,
                    "pool_id": p.pool_id.id,
                    "action": action,
                    "user_id": self.env.uid,
                    "from_user_id": p.user_id.id,
                    "reason": reason,
                }
                for p in self
            ]
        )
        self.sudo().with_context(tracking_disable=True).write(
            {
                "user_id": False,
                "pool_state": "pool",
                "pool_claim_date": False,
                "pool_reminder_sent": False,
            }
        )

    def _pool_release_batch(self, action, reason):
        """Set-based twin of :meth:`_pool_release` for the release cron.

        One statement releases the whole batch and writes its history, so a batch costs
        the same few queries for 10 or 10,000 customers. Nothing stored depends on the
        fields it changes but the release/reminder dates it resets itself (the other
        dependents are non-stored caches, invalidated below).
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH old AS (
                SELECT id, user_id FROM res_partner
                 WHERE id = ANY(%(ids)s) AND pool_state = 'owned'
            ), released AS (
                UPDATE res_partner p
                   SET user_id = NULL, pool_state = 'pool', pool_claim_date = NULL,
                       pool_release_date = NULL, pool_reminder_date = NULL,
                       pool_reminder_sent = FALSE, write_uid = %(uid)s, write_date = %(now)s
                  FROM old
                 WHERE p.id = old.id
             RETURNING p.id, p.pool_id, old.user_id AS from_user_id
            )
            INSERT INTO logistics_pool_log (partner_id, pool_id, company_id, action, date,
                                            user_id, from_user_id, reason,
                                            create_uid, create_date, write_uid, write_date)
            SELECT r.id, r.pool_id, pool.company_id, %(action)s, %(now)s,
                   %(uid)s, r.from_user_id, %(reason)s, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM released r
              LEFT JOIN logistics_customer_pool pool ON pool.id = r.pool_id
            """,
                ids=self.ids,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                action=action,
                reason=reason,
            )
        )
        self.env.invalidate_all()

    def _logistics_ensure_code(self):
        sequence = self.env["ir.sequence"].sudo()
        for partner in self.filtered(lambda p: not p.customer_code):
            partner.sudo().customer_code = sequence.next_by_code("logistics.customer.code")

    def _logistics_enroll_default_pool(self):
        """New customers created by a member go to the company's default pool, owned by
        their salesperson (or the creator)."""
        pools = (
            self.env["logistics.customer.pool"]
            .sudo()
            .search([("is_default", "=", True), ("company_id", "in", self.env.companies.ids)])
        )
        pool = pools.filtered(lambda p: p.company_id == self.env.company)[:1] or pools[:1]
        if not pool:
            return
        for partner in self.filtered(lambda p: not p.pool_id):
            owner = partner.user_id or self.env.user
            if owner._is_internal() and pool._is_member(owner):
                partner.sudo().write({"pool_id": pool.id, "user_id": owner.id})
                partner._pool_set_owner(owner, "claim", self.env._("Created the customer."))
            else:
                partner.sudo().write({"pool_id": pool.id, "pool_state": "pool"})

    def _logistics_touch_followup(self, date=None):
        """A follow-up happened: restart the follow-up clock of the commercial entities
        (never into the future: a follow-up dated ahead cannot buy protection)."""
        today = fields.Date.context_today(self)
        date = min(date or today, today)
        partners = self.commercial_partner_id.sudo().filtered(
            lambda p: not p.last_followup_date or p.last_followup_date < date
        )
        if partners:
            partners.write({"last_followup_date": date, "pool_reminder_sent": False})

    def _logistics_touch_deal(self, date=None):
        """A deal was won or an order confirmed: record it on the customers the suite
        manages and make them formal (partners outside the suite are left alone)."""
        today = fields.Date.context_today(self)
        date = min(date or today, today)
        partners = self.commercial_partner_id.sudo().filtered(
            lambda p: p.customer_stage or p.pool_id
        )
        partners.filtered(lambda p: not p.last_deal_date or p.last_deal_date < date).write(
            {"last_deal_date": date, "pool_reminder_sent": False}
        )
        partners.filtered(lambda p: p.customer_stage != "formal").write(
            {"customer_stage": "formal"}
        )

    def _logistics_duplicate_domain(self):
        """Domain matching other commercial entities that look like this one."""
        self.ensure_one()
        conditions = []
        if self.name_normalized or normalize_name(self.name):
            conditions.append(
                [("name_normalized", "=", self.name_normalized or normalize_name(self.name))]
            )
        if self.vat:
            conditions.append([("vat_normalized", "=", normalize_vat(self.vat))])
        if self.phone_sanitized:
            conditions.append([("phone_sanitized", "=", self.phone_sanitized)])
        if self.email_normalized:
            conditions.append([("email_normalized", "=", self.email_normalized)])
        if not conditions:
            return None
        domain = ["|"] * (len(conditions) - 1) + [leaf for cond in conditions for leaf in cond]
        own_id = self._origin.id
        return ["&", "&", ("parent_id", "=", False), ("id", "!=", own_id or 0), *domain]

    def _logistics_find_duplicates(self):
        """Possible duplicates across the pool and other owners' customers.

        Searched as superuser on purpose: the point is to warn about customers the
        user cannot see (protected by another owner); only name, code and owner are
        shown to them.
        """
        self.ensure_one()
        if self.parent_id:
            return self.browse()
        domain = self._logistics_duplicate_domain()
        if domain is None:
            return self.browse()
        return self.sudo().with_context(active_test=False).search(domain, limit=10).sudo(False)

    @api.model
    def _logistics_unique_code_fields(self):
        """Unique code fields kept through a merge (hook: supplier codes)."""
        return ["customer_code"]

    def _logistics_codes(self):
        """Codes identifying this partner, shown with duplicates (hook: supplier codes)."""
        self.ensure_one()
        return [self.customer_code] if self.customer_code else []

    def _logistics_duplicate_html(self, duplicates):
        # read as superuser on purpose: name, codes and owner of partners the user may
        # not see (see _logistics_find_duplicates)
        if not duplicates:
            return False
        rows = []
        for dup in duplicates.sudo():
            codes = ", ".join(dup._logistics_codes())
            owner = (
                self.env._("owned by %s", dup.user_id.name)
                if dup.user_id
                else self.env._("in pool %s", dup.pool_id.name)
                if dup.pool_id
                else self.env._("no owner")
            )
            rows.append(
                Markup("<li><b>%s</b> %s — %s</li>")
                % (
                    dup.name,
                    f"({codes})" if codes else "",
                    owner,
                )
            )
        title = escape(self.env._("This partner may already exist:"))
        return Markup("<div>%s<ul class='mb-0'>%s</ul></div>") % (title, Markup("").join(rows))

    @api.model
    def _cron_compute_tiers(self):
        """Nightly value tiering (Pareto / 80-20) in one set-based statement.

        Customers are ranked by their trailing 12 months' confirmed revenue; the share
        of total revenue reached *before* a customer decides its tier (so the largest
        customer is always strategic). A margin below the company minimum moves the
        customer one tier down. A manual override always wins.
        """
        company = self.env.company
        since = fields.Date.context_today(self) - timedelta(days=365)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH revenue AS (
                SELECT p.commercial_partner_id AS partner_id,
                       SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS revenue,
                       SUM(COALESCE(so.margin, 0) / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS margin
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND so.date_order >= %(since)s
                 GROUP BY p.commercial_partner_id
            ), ranked AS (
                SELECT partner_id, revenue, margin,
                       100.0 * (SUM(revenue) OVER w - revenue)
                             / NULLIF(SUM(revenue) OVER (), 0) AS share_before
                  FROM revenue
                WINDOW w AS (ORDER BY revenue DESC, partner_id ROWS UNBOUNDED PRECEDING)
            ), tiered AS (
                SELECT partner_id, revenue, margin,
                       LEAST(
                           CASE WHEN revenue <= 0 THEN 4
                                WHEN share_before < %(strategic)s THEN 1
                                WHEN share_before < %(partner)s THEN 2
                                WHEN share_before < %(commercial)s THEN 3
                                ELSE 4 END
                           + CASE WHEN revenue > 0 AND 100.0 * margin / revenue < %(min_margin)s
                                  THEN 1 ELSE 0 END,
                           4) AS rank
                  FROM ranked
            ), target AS (
                SELECT p.id,
                       (ARRAY['strategic', 'partner', 'commercial', 'general'])[COALESCE(t.rank, 4)]
                           AS tier,
                       COALESCE(t.revenue, 0) AS revenue, COALESCE(t.margin, 0) AS margin
                  FROM res_partner p
                  LEFT JOIN tiered t ON t.partner_id = p.id
                 WHERE p.customer_stage IS NOT NULL AND p.parent_id IS NULL
            )
            UPDATE res_partner p
               SET customer_tier_auto = target.tier,
                   customer_tier = COALESCE(p.customer_tier_override, target.tier),
                   logistics_revenue_12m = target.revenue,
                   logistics_margin_12m = target.margin
              FROM target
             WHERE p.id = target.id
               AND (p.customer_tier_auto IS DISTINCT FROM target.tier
                    OR p.customer_tier IS DISTINCT FROM COALESCE(p.customer_tier_override, target.tier)
                    OR p.logistics_revenue_12m IS DISTINCT FROM target.revenue
                    OR p.logistics_margin_12m IS DISTINCT FROM target.margin)
         RETURNING p.id
            """,
                since=since,
                strategic=company.logistics_tier_strategic_share,
                partner=company.logistics_tier_partner_share,
                commercial=company.logistics_tier_commercial_share,
                min_margin=company.logistics_tier_min_margin,
            )
        )
        changed = self.browse(row[0] for row in self.env.cr.fetchall())
        # the SQL bypassed the ORM: drop stale cache and recompute what depends on the tier
        self.invalidate_model(
            ["customer_tier_auto", "customer_tier", "logistics_revenue_12m", "logistics_margin_12m"]
        )
        self.env.add_to_compute(self._fields["pool_release_date"], changed.filtered("pool_id"))
        self.env.add_to_compute(self._fields["pool_reminder_date"], changed.filtered("pool_id"))
        self._logistics_mark_dormant()
        return len(changed)

    @api.model
    def _logistics_mark_dormant(self, batch_size=1000):
        """Formal customers without business for a year become dormant, a bounded batch
        a night (a backlog, e.g. right after installation, takes several nights)."""
        since = fields.Date.context_today(self) - timedelta(days=365)
        dormant = self.search(
            [
                ("customer_stage", "=", "formal"),
                ("parent_id", "=", False),
                "|",
                ("last_deal_date", "=", False),
                ("last_deal_date", "<", since),
            ],
            limit=batch_size,
            order="id",
        )
        dormant.write({"customer_stage": "dormant"})
        return len(dormant)

    def _message_post_after_hook(self, message, msg_vals):
        # A message sent to the customer (not an internal note) counts as a follow-up.
        if (
            self.customer_stage
            and msg_vals.get("message_type") in ("comment", "email")
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.env.user._is_internal()
        ):
            self._logistics_touch_followup()
        return super()._message_post_after_hook(message, msg_vals)
