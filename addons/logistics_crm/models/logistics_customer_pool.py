import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .logistics_customer_account import update_access_keys

_logger = logging.getLogger(__name__)

DAY_FIELDS = ("protect_days", "followup_days", "deal_days")


class LogisticsCustomerPool(models.Model):
    """A shared customer pool (客户公海) and the rules of its protection periods.

    Customers of a pool are either *in the pool* (anyone of its members may claim
    them) or *owned* by a salesperson, who keeps them protected as long as the
    rules below are met; otherwise the release cron gives them back to the pool.
    """

    _name = "logistics.customer.pool"
    _description = "Customer Pool"
    _inherit = ["logistics.gated.mixin", "mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    is_default = fields.Boolean(
        "Default Pool",
        help="New customers created by members of the pool's company are put in this pool.",
    )
    # Members
    member_user_ids = fields.Many2many(
        "res.users",
        "logistics_customer_pool_user_rel",
        "pool_id",
        "user_id",
        string="Members",
        domain=[("share", "=", False)],
    )
    member_team_ids = fields.Many2many(
        "crm.team",
        "logistics_customer_pool_team_rel",
        "pool_id",
        "team_id",
        string="Member Teams",
        check_company=True,
    )
    # Rules
    protect_days = fields.Integer(
        "Protection (days)",
        default=90,
        tracking=True,
        help="A claimed customer is protected for this many days; a won deal or confirmed "
        "order restarts the period. 0 = no limit.",
    )
    followup_days = fields.Integer(
        "Release without follow-up (days)",
        default=30,
        tracking=True,
        help="Released when not followed up for this many days. 0 = never.",
    )
    deal_days = fields.Integer(
        "Release without deal (days)",
        default=60,
        tracking=True,
        help="Released when no opportunity is won and no order confirmed within this many "
        "days of the claim. 0 = never.",
    )
    reminder_days = fields.Integer(
        "Remind owner (days before)",
        default=7,
        tracking=True,
        help="The owner gets an activity this many days before the customer is released.",
    )
    max_owned_per_user = fields.Integer(
        "Max customers per salesperson",
        tracking=True,
        help="How many customers of this pool one salesperson may own. 0 = unlimited.",
    )
    cap_counts_business = fields.Boolean(
        "Customers with business count",
        help="When unticked, formal customers (with confirmed business) do not count "
        "towards the cap.",
    )
    daily_claim_limit = fields.Integer(
        "Claims per day", tracking=True, help="Claims per salesperson and day. 0 = unlimited."
    )
    reclaim_cooldown_days = fields.Integer(
        "Re-claim cooldown (days)",
        tracking=True,
        help="A previous owner must wait this many days after losing a customer before "
        "claiming it again.",
    )
    exempt_business_days = fields.Integer(
        "Exempt with business in last (days)",
        tracking=True,
        help="Formal customers with a confirmed order or won deal in the last N days are "
        "never released automatically. 0 = no exemption.",
    )
    manager_id = fields.Many2one(
        "res.users",
        "Pool Manager",
        domain=[("share", "=", False)],
        tracking=True,
        help="Receives the open opportunities and activities of the customers released to "
        "the pool. Empty: the opportunities are unassigned (their sales team keeps them).",
    )
    tier_rule_ids = fields.One2many("logistics.customer.pool.tier", "pool_id", "Tier Overrides")
    hide_contact_details = fields.Boolean(
        "Hide contact details until claimed",
        tracking=True,
        help="Salespeople see the phone, mobile, e-mail, street and website of the pool's "
        "waiting customers (and of their contacts) only once they claim them; managers "
        "and owners always do. Duplicate checks still compare them.",
    )
    # What counts as a follow-up (a follow-up logged by hand always does)
    followup_on_activity = fields.Boolean(
        "Activities done",
        default=True,
        tracking=True,
        help="An activity marked done on the customer, its contacts, opportunities, "
        "quotations or orders restarts the follow-up clock.",
    )
    followup_on_message = fields.Boolean(
        "Messages and e-mails sent",
        default=True,
        tracking=True,
        help="A message or e-mail sent from the customer, its contacts, opportunities, "
        "quotations or orders restarts the follow-up clock.",
    )
    followup_on_note = fields.Boolean(
        "Internal notes",
        tracking=True,
        help="An internal note logged on them restarts the follow-up clock too.",
    )
    followup_on_meeting = fields.Boolean(
        "Meetings held",
        default=True,
        tracking=True,
        help="A meeting with the customer's people (or on its opportunity) restarts the "
        "follow-up clock once it has ended.",
    )
    # Figures
    account_ids = fields.One2many("logistics.customer.account", "pool_id", "Customers")
    pool_count = fields.Integer("In Pool", compute="_compute_counts")
    owned_count = fields.Integer("Owned", compute="_compute_counts")

    _sql_constraints = [
        (
            "positive_rules",
            "CHECK(protect_days >= 0 AND followup_days >= 0 AND deal_days >= 0 "
            "AND reminder_days >= 0 AND max_owned_per_user >= 0 AND daily_claim_limit >= 0 "
            "AND reclaim_cooldown_days >= 0 AND exempt_business_days >= 0)",
            "The day counts and limits of a pool cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------ CONSTRAINTS

    @api.constrains(
        *DAY_FIELDS,
        "reminder_days",
        "max_owned_per_user",
        "daily_claim_limit",
        "reclaim_cooldown_days",
        "exempt_business_days",
    )
    def _check_rules(self):
        for pool in self:
            values = [
                pool[f]
                for f in (
                    *DAY_FIELDS,
                    "reminder_days",
                    "max_owned_per_user",
                    "daily_claim_limit",
                    "reclaim_cooldown_days",
                    "exempt_business_days",
                )
            ]
            if min(values) < 0:
                raise ValidationError(
                    self.env._(
                        "The day counts and limits of pool %s cannot be negative.", pool.name
                    )
                )
            shortest = min((pool[f] for f in DAY_FIELDS if pool[f]), default=0)
            if shortest and pool.reminder_days >= shortest:
                raise ValidationError(
                    self.env._(
                        "Pool %(pool)s: the reminder (%(reminder)s days before release) must be "
                        "shorter than its shortest release period (%(days)s days).",
                        pool=pool.name,
                        reminder=pool.reminder_days,
                        days=shortest,
                    )
                )

    @api.constrains("name")
    def _check_name(self):
        if any(not (pool.name or "").strip() for pool in self):
            raise ValidationError(self.env._("A customer pool needs a name."))

    @api.constrains("is_default", "company_id", "active")
    def _check_single_default(self):
        for pool in self.filtered(lambda p: p.is_default and p.active):
            if self.search_count(
                [
                    ("is_default", "=", True),
                    ("company_id", "=", pool.company_id.id),
                    ("id", "!=", pool.id),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._("Company %s already has a default pool.", pool.company_id.name)
                )

    # ------------------------------------------------------------ COMPUTES

    def _compute_counts(self):
        groups = (
            self.env["logistics.customer.account"]
            .sudo()
            ._read_group([("pool_id", "in", self.ids)], ["pool_id", "pool_state"], ["__count"])
        )
        counts = {(pool.id, state): count for pool, state, count in groups}
        for pool in self:
            pool.pool_count = counts.get((pool.id, "pool"), 0)
            pool.owned_count = counts.get((pool.id, "owned"), 0)

    # ------------------------------------------------------------ CRUD

    def write(self, vals):
        res = super().write(vals)
        if {
            "member_user_ids",
            "member_team_ids",
            "active",
            "company_id",
            "hide_contact_details",
        } & vals.keys():
            # record rules on customers read the pools a user belongs to (and what their
            # waiting customers hide: res.partner._logistics_hiding_pool_ids)
            self.env["res.users"]._logistics_pools_changed()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        pools = super().create(vals_list)
        self.env["res.users"]._logistics_pools_changed()
        return pools

    def unlink(self):
        res = super().unlink()
        self.env["res.users"]._logistics_pools_changed()
        return res

    # ------------------------------------------------------------ ACTIONS

    def action_view_customers(self):
        self._logistics_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "logistics_crm.res_partner_action_pool"
        )
        action["domain"] = [("pool_id", "=", self.id)]
        action["context"] = {"search_default_filter_in_pool": 0}
        return action

    # ------------------------------------------------------------ POOL RULES
    # Claim, assignment and release of customers in one company: ``accounts``
    # (logistics.customer.account, read as superuser by the callers: res.partner's
    # actions, which check who may call them).

    @api.model
    def _claim(self, accounts, user):
        """``user`` claims ``accounts`` (rows locked by the caller) under their pools'
        rules: in the pool and not locked, membership, cap, daily limit, cooldown."""
        for account in accounts:
            if account.pool_state != "pool" or not account.pool_id:
                raise UserError(
                    self.env._(
                        "%(customer)s is not in a pool any more (owner: %(owner)s).",
                        customer=account.partner_id.display_name,
                        owner=account.user_id.name or self.env._("nobody"),
                    )
                )
            if account.pool_locked:
                raise UserError(
                    self.env._("%s is locked by a manager.", account.partner_id.display_name)
                )
        for pool, members in accounts.grouped("pool_id").items():
            pool._check_member(members, user)
        for pool, members in accounts.grouped("pool_id").items():
            pool._check_claim_limits(members, user)
        self._set_owner(accounts, user, "claim")

    def _check_member(self, accounts, user):
        self.ensure_one()
        if user.has_group("logistics_crm.group_logistics_manager") or self._is_member(user):
            return
        raise UserError(
            self.env._(
                "You are not a member of pool %(pool)s of customer %(customer)s.",
                pool=self.name,
                customer=accounts[:1].partner_id.display_name,
            )
        )

    @api.model
    def _serialize_claims(self, user):
        """One user's claims, one at a time. Two claims of *different* customers by the
        same user in parallel would each count the user's customers on its own snapshot
        and could both pass the cap. Touching the user's row makes the second wait for
        the first and then fail with a serialization error, which Odoo's RPC layer
        retries on fresh data - where the cap is counted right."""
        self.env.cr.execute(
            SQL("UPDATE res_users SET write_date = write_date WHERE id = %s", user.id)
        )

    def _check_claim_limits(self, accounts, user):
        """Cap, daily limit and cooldown of this pool for ``user`` claiming ``accounts``."""
        self.ensure_one()
        if self.max_owned_per_user or self.daily_claim_limit:
            self._serialize_claims(user)
        if self.max_owned_per_user:
            owned = self._owned_counts(user)[self.id, user.id]
            if owned + len(accounts) > self.max_owned_per_user:
                raise UserError(
                    self.env._(
                        "You already own %(owned)s customers of pool %(pool)s; its limit is %(max)s "
                        "per salesperson. Release a customer first.",
                        owned=owned,
                        pool=self.name,
                        max=self.max_owned_per_user,
                    )
                )
        Log = self.env["logistics.pool.log"].sudo()
        if self.daily_claim_limit:
            start = fields.Datetime.to_datetime(fields.Date.context_today(self))
            claimed = Log.search_count(
                [
                    ("pool_id", "=", self.id),
                    ("action", "=", "claim"),
                    ("user_id", "=", user.id),
                    ("date", ">=", start),
                ]
            )
            if claimed + len(accounts) > self.daily_claim_limit:
                raise UserError(
                    self.env._(
                        "You have claimed %(claimed)s customers from pool %(pool)s today; the daily "
                        "limit is %(max)s.",
                        claimed=claimed,
                        pool=self.name,
                        max=self.daily_claim_limit,
                    )
                )
        if self.reclaim_cooldown_days:
            recent = self._recently_lost(accounts.partner_id, user)[:1]
            if recent:
                raise UserError(
                    self.env._(
                        "You lost %(customer)s on %(date)s; pool %(pool)s lets a previous owner claim "
                        "it again only after %(days)s days.",
                        customer=recent.partner_id.display_name,
                        date=fields.Date.to_string(recent.date.date()),
                        pool=self.name,
                        days=self.reclaim_cooldown_days,
                    )
                )

    def _owned_counts(self, users):
        """Customers each of ``users`` owns in these pools, counted as for the cap - a
        customer with a deal since its claim counts only where the pool says so (a deal,
        not the stage a salesperson may set by hand): {(pool id, user id): count}."""
        counts = defaultdict(int)
        Account = self.env["logistics.customer.account"].sudo()
        for counts_business, pools in self.grouped("cap_counts_business").items():
            domain = [
                ("pool_id", "in", pools.ids),
                ("pool_state", "=", "owned"),
                ("user_id", "in", users.ids),
            ]
            if not counts_business:
                domain.append(("pool_deal_since_claim", "=", False))
            for pool, user, count in Account._read_group(
                domain, ["pool_id", "user_id"], ["__count"]
            ):
                counts[pool.id, user.id] = count
        return counts

    def _recently_lost(self, partners, users):
        """The history rows by which ``users`` lost ``partners`` in this pool's company
        within its re-claim cooldown (none without one): a previous owner may not take
        them back yet, by a claim or a distribution."""
        self.ensure_one()
        Log = self.env["logistics.pool.log"].sudo()
        if not self.reclaim_cooldown_days:
            return Log
        since = fields.Datetime.now() - timedelta(days=self.reclaim_cooldown_days)
        return Log.search_fetch(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", self.company_id.id),
                ("from_user_id", "in", users.ids),
                ("action", "in", ("release", "auto_release", "assign")),
                ("date", ">", since),
            ],
            ["partner_id", "from_user_id", "date"],
        )

    @api.model
    def _set_owner(self, accounts, user, action, reason=False):
        """``user`` owns ``accounts`` from today (claim, assignment), logged, with the
        customers' opportunities left to the pool."""
        self.env["logistics.pool.log"]._log(accounts, action, to_user=user, reason=reason)
        accounts.sudo().write(
            {
                "user_id": user.id,
                "pool_state": "owned",
                "pool_claim_date": fields.Date.context_today(self),
                "pool_reminder_sent": False,
            }
        )
        accounts.filtered(lambda a: not a.customer_stage).sudo().write({"customer_stage": "intent"})
        self._hand_back_opportunities(accounts, user)

    @api.model
    def _hand_back_opportunities(self, accounts, user):
        """The new owner gets the customers' open opportunities nobody works on: those a
        release gave to the pool's manager or left unassigned (in the accounts'
        companies). One search and one write per company."""
        Lead = self.env["crm.lead"].sudo()
        for company, group in accounts.grouped("company_id").items():
            managers = group.pool_id.manager_id
            leads = Lead.search(
                [
                    ("partner_id", "child_of", group.partner_id.ids),
                    ("type", "=", "opportunity"),
                    ("company_id", "in", [company.id, False]),
                    "|",
                    ("probability", "=", False),
                    ("probability", "<", 100),
                    "|",
                    ("user_id", "=", False),
                    ("user_id", "in", managers.ids),
                ]
            )
            leads.write({"user_id": user.id})

    @api.model
    def _release(self, accounts, action, reason):
        """Give ``accounts`` back to their pool - by hand (Release to Pool) or by the
        release cron - in one statement whatever the number of customers, that

        - releases the accounts;
        - hands the former owner's open opportunities of the customer (and its
          contacts) in that company back: to the pool's manager, or unassigned (their
          sales team keeps them);
        - reassigns the former owner's open activities on the customer and on those
          opportunities to the pool's manager, or closes them (done, kept) when the pool
          has none, and drops the now pointless "about to be released" reminders;
        - writes the history, with the hand-over: to whom, how many opportunities and
          activities;

        then writes the customers' rows once (``update_access_keys``): their access
        key, and their salesperson cleared where their key account was released.
        Nothing is deleted: contacts, follow-ups, opportunities and history stay. A
        batch costs the same few queries for 10 or 10,000 customers. What is stored and
        depends on the fields it changes - the release/reminder dates, the customers'
        access keys - it writes itself (the other dependents are non-stored caches,
        invalidated below).
        """
        self.env.flush_all()
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
            WITH old AS (
                SELECT id, user_id FROM logistics_customer_account
                 WHERE id = ANY(%(ids)s) AND pool_state = 'owned'
            ), released AS (
                UPDATE logistics_customer_account a
                   SET user_id = NULL, pool_state = 'pool', pool_claim_date = NULL,
                       pool_release_date = NULL, pool_reminder_date = NULL,
                       pool_reminder_sent = FALSE, write_uid = %(uid)s, write_date = %(now)s
                  FROM old
                 WHERE a.id = old.id
             RETURNING a.partner_id, a.pool_id, a.company_id, a.is_home,
                       old.user_id AS from_user_id
            ), leads AS (
                UPDATE crm_lead l
                   SET user_id = pool.manager_id, write_uid = %(uid)s, write_date = %(now)s
                  FROM released r
                  JOIN logistics_customer_pool pool ON pool.id = r.pool_id
                  JOIN res_partner contact ON contact.commercial_partner_id = r.partner_id
                 WHERE l.partner_id = contact.id AND l.user_id = r.from_user_id
                   AND l.active AND l.type = 'opportunity' AND COALESCE(l.probability, 0) < 100
                   AND (l.company_id = r.company_id OR l.company_id IS NULL)
             RETURNING l.id, pool.manager_id, r.from_user_id, r.partner_id, r.company_id
            ), open_activities AS (
                -- the former owner's open activities on the customer and on those
                -- opportunities (not the stale release reminders, dropped below)
                -- (not while the owner still owns the customer in another company:
                -- an activity on the customer is theirs there too)
                SELECT DISTINCT ON (act.id) act.id, r.partner_id, r.company_id, pool.manager_id
                  FROM released r
                  JOIN logistics_customer_pool pool ON pool.id = r.pool_id
                  JOIN mail_activity act ON act.res_model = 'res.partner'
                   AND act.res_id = r.partner_id AND act.user_id = r.from_user_id
                 WHERE act.active
                   AND act.activity_type_id IS DISTINCT FROM %(reminder_type)s
                   AND NOT EXISTS (
                        SELECT 1 FROM logistics_customer_account kept
                         WHERE kept.partner_id = r.partner_id AND kept.user_id = r.from_user_id
                           AND kept.pool_state = 'owned'
                           AND kept.id != ALL(%(ids)s))
                 UNION ALL
                SELECT act.id, leads.partner_id, leads.company_id, leads.manager_id
                  FROM leads
                  JOIN mail_activity act ON act.res_model = 'crm.lead'
                   AND act.res_id = leads.id AND act.user_id = leads.from_user_id
                 WHERE act.active
            ), handed AS (
                -- to the pool's manager, or closed (archived, as Odoo keeps done ones)
                UPDATE mail_activity act
                   SET user_id = COALESCE(o.manager_id, act.user_id),
                       active = o.manager_id IS NOT NULL,
                       date_done = CASE WHEN o.manager_id IS NULL THEN %(today)s END,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM open_activities o
                 WHERE act.id = o.id
             RETURNING act.id
            ), reminders AS (
                DELETE FROM mail_activity act
                 USING released r
                 WHERE act.res_model = 'res.partner' AND act.res_id = r.partner_id
                   AND act.user_id = r.from_user_id
                   AND act.activity_type_id = %(reminder_type)s
             RETURNING act.id
            ), history AS (
                INSERT INTO logistics_pool_log (partner_id, pool_id, company_id, action, date,
                                                user_id, from_user_id, reason,
                                                handover_user_id, lead_count, activity_count,
                                                create_uid, create_date, write_uid, write_date)
                SELECT r.partner_id, r.pool_id, r.company_id, %(action)s, %(now)s,
                       %(uid)s, r.from_user_id, %(reason)s, pool.manager_id,
                       (SELECT count(*) FROM leads
                         WHERE leads.partner_id = r.partner_id
                           AND leads.company_id = r.company_id),
                       (SELECT count(*) FROM open_activities o
                         WHERE o.partner_id = r.partner_id AND o.company_id = r.company_id),
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM released r
             LEFT JOIN logistics_customer_pool pool ON pool.id = r.pool_id
            )
            SELECT pool_id, from_user_id, partner_id, is_home FROM released
            """,
                ids=accounts.ids,
                reminder_type=self.env["ir.model.data"]._xmlid_to_res_id(
                    "logistics_crm.mail_activity_type_pool_release"
                ),
                uid=self.env.uid,
                now=now,
                today=fields.Date.context_today(self),
                action=action,
                reason=reason,
            )
        )
        rows = self.env.cr.fetchall()
        # the customers' rows, once: their access key, and their salesperson cleared where
        # their key account was released
        update_access_keys(
            self.env.cr,
            {row[2] for row in rows},
            unassign={row[2] for row in rows if row[3]},
            uid=self.env.uid,
            now=now,
        )
        released = [row[:3] for row in rows]
        self.env.invalidate_all()
        self._notify_released(released, reason)

    def _customer_names(self, partners):
        """The names of ``partners`` for a message, in this pool's language: the first
        20 (a night's release or distribution can be hundreds) and how many more."""
        names = ", ".join(partners[:20].mapped("display_name"))
        if len(partners) > 20:
            names = self.env._(
                "%(names)s and %(count)s more", names=names, count=len(partners) - 20
            )
        return names

    def _notify_released(self, released, reason):
        """Tell each former owner, in their language, which of their customers went back
        to which pool and why - one message per owner and pool (not when the owner
        released them). ``released``: (pool id, former owner id, customer id) rows."""
        by_owner = defaultdict(list)
        for pool_id, user_id, partner_id in released:
            if user_id and user_id != self.env.uid:
                by_owner[pool_id, user_id].append(partner_id)
        for (pool_id, user_id), partner_ids in by_owner.items():
            owner = self.env["res.users"].sudo().browse(user_id)
            pool = self.sudo().with_context(lang=owner.lang).browse(pool_id)
            names = pool._customer_names(self.env["res.partner"].sudo().browse(partner_ids))
            pool.message_notify(
                partner_ids=owner.partner_id.ids,
                subject=pool.env._("Customers returned to pool %s", pool.name),
                body=pool.env._(
                    "%(customers)s returned to pool %(pool)s: %(reason)s",
                    customers=names,
                    pool=pool.name,
                    reason=reason,
                ),
            )

    # ------------------------------------------------------------ BUSINESS

    def _counts_followup(self, kind):
        """Whether a follow-up of ``kind`` (logistics.followup ``source``) restarts the
        clock of this pool's customers (no pool: every kind does)."""
        if not self or kind == "manual":
            return True
        return self[f"followup_on_{kind}"]

    @api.model
    def _get_default(self, company):
        """The default pool of ``company`` (as superuser), or a clear error."""
        pool = self.sudo().search(
            [("is_default", "=", True), ("company_id", "=", company.id)], limit=1
        )
        if not pool:
            raise UserError(
                self.env._("Configure a default customer pool for %s first.", company.name)
            )
        return pool

    def _put_in(self, accounts):
        """``accounts`` wait in this pool for a member to claim them; a customer without
        a stage becomes intended (formal, dormant or lost ones keep theirs)."""
        self.ensure_one()
        accounts.write({"pool_id": self.id, "pool_state": "pool"})
        accounts.filtered(lambda a: not a.customer_stage).write({"customer_stage": "intent"})

    @api.model
    def _get_user_pools(self, user):
        """Pools the user belongs to, directly or through a sales team."""
        return self.sudo().search(
            [
                "|",
                ("member_user_ids", "in", user.ids),
                ("member_team_ids.member_ids", "in", user.ids),
            ]
        )

    def _is_member(self, user):
        self.ensure_one()
        return user in self.sudo().member_user_ids or bool(
            self.sudo().member_team_ids.member_ids & user
        )

    def _get_days(self, tier):
        """Day counts (protect, follow-up, deal) for a customer of ``tier``."""
        self.ensure_one()
        rule = self.tier_rule_ids.filtered(lambda r: r.tier == tier)[:1]
        return {f: (rule[f] if rule and rule[f] else self[f]) for f in DAY_FIELDS}

    def _release_date(self, account):
        """Date on which an owned ``account`` falls back to this pool, or False."""
        self.ensure_one()
        if not account.pool_claim_date:
            return False
        last_deal = account.last_deal_date
        claim = account.pool_claim_date
        days = self._get_days(account.customer_tier)
        dates = []
        if days["protect_days"]:
            # business renews the protection
            dates.append(max(claim, last_deal or claim) + timedelta(days=days["protect_days"]))
        if days["followup_days"]:
            last_followup = max(claim, account.last_followup_date or claim)
            dates.append(last_followup + timedelta(days=days["followup_days"]))
        if days["deal_days"] and not (last_deal and last_deal >= claim):
            dates.append(claim + timedelta(days=days["deal_days"]))
        if not dates:
            return False
        release = min(dates)
        if self.exempt_business_days and account.customer_stage == "formal" and last_deal:
            # formal customers with recent business are kept until that business is
            # exempt_business_days old (a stored date, so it moves on by itself)
            release = max(release, last_deal + timedelta(days=self.exempt_business_days))
        return release

    @api.model
    def _batch_size(self):
        return int(
            self.env["ir.config_parameter"].sudo().get_param("logistics_crm.pool_batch_size", 1000)
        )

    @api.model
    def _cron_release_expired(self, batch_size=None):
        """Give back to their pool one batch of customers whose protection expired.

        Each call handles at most ``batch_size`` customers with a constant number of
        queries and reports progress; the cron framework calls it again at once while
        some remain. A crash loses at most the current (rolled back) batch, which the
        next call picks up again since it selects by state, not by a saved position.
        ``remaining`` is counted up to one batch only, so that a call never costs more
        than its batch however many customers expire the same day.
        """
        batch_size = batch_size or self._batch_size()
        accounts = self.env["logistics.customer.account"].sudo()
        domain = [
            ("pool_state", "=", "owned"),
            ("pool_locked", "=", False),
            ("pool_release_date", "<=", fields.Date.context_today(self)),
        ]
        Cron = self.env["ir.cron"]

        def release_batch():
            batch = Cron._logistics_lock_batch(
                accounts, domain, batch_size, "pool_release_date, id"
            )
            if batch:
                self._release(
                    batch,
                    "auto_release",
                    self.env._("Protection period expired without follow-up or deal."),
                )
            return batch

        batch = Cron._logistics_run_batch(release_batch)
        remaining = Cron._logistics_report_batch(accounts, domain, len(batch), batch_size)
        _logger.info("Pool release: %s customers released, %s+ remaining", len(batch), remaining)
        return remaining

    @api.model
    def _cron_remind_owners(self, batch_size=None):
        """Schedule one activity per owner and customer ``reminder_days`` before release."""
        batch_size = batch_size or self._batch_size()
        accounts = self.env["logistics.customer.account"].sudo()
        domain = [
            ("pool_state", "=", "owned"),
            ("pool_locked", "=", False),
            ("pool_reminder_sent", "=", False),
            ("pool_reminder_date", "<=", fields.Date.context_today(self)),
        ]
        activity_type = self.env.ref("logistics_crm.mail_activity_type_pool_release")
        model_id = self.env["ir.model"]._get_id("res.partner")
        Cron = self.env["ir.cron"]

        def remind_batch():
            batch = Cron._logistics_lock_batch(
                accounts, domain, batch_size, "pool_reminder_date, id"
            )
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": account.partner_id.id,
                        "activity_type_id": activity_type.id,
                        "user_id": account.user_id.id,
                        "date_deadline": account.pool_release_date,
                        "automated": True,  # the suite's own: a follow-up removes it
                        "summary": self.env._("Follow up or this customer returns to the pool"),
                    }
                    for account in batch
                    if account.user_id
                ]
            )
            batch.write({"pool_reminder_sent": True})
            return batch

        batch = Cron._logistics_run_batch(remind_batch)
        return Cron._logistics_report_batch(accounts, domain, len(batch), batch_size)
