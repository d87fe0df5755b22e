import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

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
    tier_rule_ids = fields.One2many("logistics.customer.pool.tier", "pool_id", "Tier Overrides")
    # Figures
    partner_ids = fields.One2many("res.partner", "pool_id", "Customers")
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
        groups = self.env["res.partner"]._read_group(
            [("pool_id", "in", self.ids)], ["pool_id", "pool_state"], ["__count"]
        )
        counts = {(pool.id, state): count for pool, state, count in groups}
        for pool in self:
            pool.pool_count = counts.get((pool.id, "pool"), 0)
            pool.owned_count = counts.get((pool.id, "owned"), 0)

    # ------------------------------------------------------------ CRUD

    def write(self, vals):
        res = super().write(vals)
        if {"member_user_ids", "member_team_ids", "active", "company_id"} & vals.keys():
            # record rules on customers read the pools a user belongs to
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

    # ------------------------------------------------------------ BUSINESS

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

    def _release_date(self, partner):
        """Date on which an owned ``partner`` falls back to this pool, or False."""
        self.ensure_one()
        if not partner.pool_claim_date:
            return False
        last_deal = partner.last_deal_date
        claim = partner.pool_claim_date
        days = self._get_days(partner.customer_tier)
        dates = []
        if days["protect_days"]:
            # business renews the protection
            dates.append(max(claim, last_deal or claim) + timedelta(days=days["protect_days"]))
        if days["followup_days"]:
            last_followup = max(claim, partner.last_followup_date or claim)
            dates.append(last_followup + timedelta(days=days["followup_days"]))
        if days["deal_days"] and not (last_deal and last_deal >= claim):
            dates.append(claim + timedelta(days=days["deal_days"]))
        if not dates:
            return False
        release = min(dates)
        if self.exempt_business_days and partner.customer_stage == "formal" and last_deal:
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
        partners = self.env["res.partner"].sudo()
        domain = [
            ("pool_state", "=", "owned"),
            ("pool_locked", "=", False),
            ("pool_release_date", "<=", fields.Date.context_today(self)),
        ]
        ids = partners.search(domain, limit=batch_size + 1, order="pool_release_date, id").ids
        batch = partners.browse(ids[:batch_size])
        if batch:
            batch._pool_release_batch(
                "auto_release", self.env._("Protection period expired without follow-up or deal.")
            )
        remaining = partners.search_count(domain, limit=batch_size) if len(ids) > batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        _logger.info("Pool release: %s customers released, %s+ remaining", len(batch), remaining)
        return remaining

    @api.model
    def _cron_remind_owners(self, batch_size=None):
        """Schedule one activity per owner and customer ``reminder_days`` before release."""
        batch_size = batch_size or self._batch_size()
        partners = self.env["res.partner"].sudo()
        domain = [
            ("pool_state", "=", "owned"),
            ("pool_locked", "=", False),
            ("pool_reminder_sent", "=", False),
            ("pool_reminder_date", "<=", fields.Date.context_today(self)),
        ]
        batch = partners.search(domain, limit=batch_size, order="pool_reminder_date, id")
        activity_type = self.env.ref("logistics_crm.mail_activity_type_pool_release")
        model_id = self.env["ir.model"]._get_id("res.partner")
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": partner.user_id.id,
                    "date_deadline": partner.pool_release_date,
                    "summary": self.env._("Follow up or this customer returns to the pool"),
                }
                for partner in batch
                if partner.user_id
            ]
        )
        batch.write({"pool_reminder_sent": True})
        return self.env["ir.cron"]._logistics_report_batch(partners, domain, len(batch), batch_size)
