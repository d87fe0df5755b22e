import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from .logistics_gated_mixin import Gate

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

DISTRIBUTION_METHODS = [
    ("round_robin", "Round robin"),
    ("capacity", "By free capacity"),
    ("matching", "By region, industry and service line"),
]


class LogisticsCustomerPoolMember(models.Model):
    """A pool member who receives customers when the pool distributes them (分配规则):
    how many at most, and - for the matching method - which customers."""

    _name = "logistics.customer.pool.member"
    _description = "Customer Pool Distribution Member"
    _inherit = ["logistics.gated.mixin"]
    _order = "pool_id, sequence, id"
    _rec_name = "user_id"
    _logistics_gates = (
        Gate(
            frozenset({"assigned_count"}),
            _lt("%(fields)s is counted by the distribution itself."),
        ),
    )

    pool_id = fields.Many2one(
        "logistics.customer.pool", "Pool", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="pool_id.company_id")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users", "Salesperson", required=True, domain=[("share", "=", False)]
    )
    capacity = fields.Integer(
        "Max customers",
        help="How many customers of the pool the distribution lets this salesperson own. "
        "0 = the pool's cap per salesperson (none: no limit).",
    )
    country_ids = fields.Many2many("res.country", string="Countries")
    state_ids = fields.Many2many("res.country.state", string="Regions")
    industry_ids = fields.Many2many("res.partner.industry", string="Industries")
    service_line_ids = fields.Many2many("logistics.service.line", string="Service Lines")
    assigned_count = fields.Integer(
        "Distributed", readonly=True, help="Customers distributed to them so far."
    )
    owned_count = fields.Integer("Owned", compute="_compute_owned_count")

    _sql_constraints = [
        ("pool_user_uniq", "unique(pool_id, user_id)", "A salesperson is listed once per pool."),
        ("capacity_positive", "CHECK(capacity >= 0)", "A capacity cannot be negative."),
    ]

    @api.constrains("user_id", "pool_id")
    def _check_member(self):
        for member in self:
            if not member.pool_id._is_member(member.user_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of pool %(pool)s: only its members receive "
                        "its customers.",
                        user=member.user_id.name,
                        pool=member.pool_id.name,
                    )
                )

    def _compute_owned_count(self):
        owned = self.pool_id._owned_counts(self.user_id)
        for member in self:
            member.owned_count = owned[member.pool_id.id, member.user_id.id]

    def _limit(self):
        """How many customers of the pool this member may own at most, or 0 (no limit)."""
        self.ensure_one()
        limits = [n for n in (self.capacity, self.pool_id.max_owned_per_user) if n]
        return min(limits, default=0)

    def _matches(self, partner):
        """Whether ``partner`` is one of this member's customers (matching method):
        every criterion the member sets must hold (an empty one holds for all)."""
        self.ensure_one()
        return (
            (not self.country_ids or partner.country_id in self.country_ids)
            and (not self.state_ids or partner.state_id in self.state_ids)
            and (not self.industry_ids or partner.industry_id in self.industry_ids)
            and (
                not self.service_line_ids or bool(partner.service_line_ids & self.service_line_ids)
            )
        )


class LogisticsCustomerPool(models.Model):
    _inherit = "logistics.customer.pool"

    distribution_method = fields.Selection(
        DISTRIBUTION_METHODS,
        "Distribution",
        tracking=True,
        help="How Distribute gives the pool's waiting customers to the salespeople listed "
        "below, never past their capacity: in turn (round robin), to whoever has the most "
        "room left (by free capacity), or to whoever covers the customer's region, industry "
        "and service lines (matching; the least loaded first).",
    )
    distribution_auto = fields.Boolean(
        "Distribute every night",
        tracking=True,
        help="The scheduled job distributes the waiting customers once a day.",
    )
    distribution_member_ids = fields.One2many(
        "logistics.customer.pool.member", "pool_id", "Distributed to"
    )
    # progress of the current pass over the pool (technical)
    distribution_cursor = fields.Integer(readonly=True, copy=False)
    distribution_date = fields.Datetime("Last Distribution", readonly=True, copy=False)
    distribution_requested = fields.Boolean(readonly=True, copy=False)
    distribution_last_user_id = fields.Many2one("res.users", readonly=True, copy=False)

    # ------------------------------------------------------------ ACTIONS

    def action_distribute(self):
        """Manager: distribute the pool's waiting customers now. The first batch is
        distributed at once; the rest, if any, by the scheduled job right after."""
        if not self.env.user.has_group("logistics_crm.group_logistics_manager"):
            raise AccessError(self.env._("Only a sales manager can distribute customers."))
        self._logistics_ensure_one()
        self.check_access("write")  # (a pool of the manager's companies)
        pool = self.sudo()
        if not pool.distribution_method or not pool._distribution_members():
            raise UserError(
                self.env._(
                    "Choose a distribution method for pool %s and list who receives its "
                    "customers first.",
                    pool.name,
                )
            )
        pool.write({"distribution_cursor": 0, "distribution_requested": True})
        done, remaining = pool._distribute_batch(self._batch_size())
        if remaining:
            self.env.ref("logistics_crm.ir_cron_pool_distribute")._trigger()
            message = self.env._(
                "%(done)s customers distributed; the others follow in the background.",
                done=done,
            )
        else:
            message = self.env._("%(done)s customers distributed.", done=done)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": pool.name,
                "message": message,
                "type": "success" if done else "warning",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------ DISTRIBUTION

    def _distribution_members(self):
        self.ensure_one()
        # (still members: one removed from the pool since receives nothing)
        return self.distribution_member_ids.filtered(
            lambda m: m.user_id.active and m.user_id._is_internal() and self._is_member(m.user_id)
        )

    def _distribution_pick(self, members, candidates, owned, limits):
        """The member of ``candidates`` (those of ``members`` with room left for the
        customer) who gets the next customer."""
        self.ensure_one()
        if self.distribution_method == "round_robin":
            # in turn: the first after the last one who received a customer
            users = members.user_id
            last = self.distribution_last_user_id
            start = users.ids.index(last.id) + 1 if last in users else 0
            turn = members[start:] + members[:start]
            return turn.filtered(lambda m: m in candidates)[:1]
        if self.distribution_method == "capacity":
            # the most room left (members without a limit have all the room)
            def room(member):
                limit = limits[member.id]
                return float("inf") if not limit else limit - owned[member.user_id.id]

            return max(candidates, key=lambda m: (room(m), -owned[m.user_id.id]))
        # matching: the least loaded of those who cover the customer
        return min(candidates, key=lambda m: owned[m.user_id.id])

    def _distribute_batch(self, batch_size):
        """Distribute the next ``batch_size`` waiting customers of this pool (not locked)
        to its distribution members, under the method and within their capacity; each
        assignment is logged and each member told once. A pass goes through the pool in
        id order (``distribution_cursor``) so that customers nobody can take do not hold
        up the others. Returns (customers distributed, customers left to look at in this
        pass - counted up to one batch). The queries of a batch do not depend on its
        size (a few per member who receives customers)."""
        self.ensure_one()
        Account = self.env["logistics.customer.account"].sudo()
        members = self._distribution_members()
        domain = [
            ("pool_id", "=", self.id),
            ("pool_state", "=", "pool"),
            ("pool_locked", "=", False),
            ("id", ">", self.distribution_cursor),
        ]
        batch = self.env["ir.cron"]._logistics_lock_batch(Account, domain, batch_size, "id")
        users = members.user_id
        owned_by_pool = self._owned_counts(users)
        owned = defaultdict(int, {user.id: owned_by_pool[self.id, user.id] for user in users})
        limits = {member.id: member._limit() for member in members}
        cooling = {
            (log.partner_id.id, log.from_user_id.id)
            for log in self._recently_lost(batch.partner_id, users)
        }
        if self.distribution_method == "matching":
            batch.partner_id.fetch(["country_id", "state_id", "industry_id", "service_line_ids"])
        received = defaultdict(lambda: Account)
        for account in batch:
            candidates = members.filtered(
                lambda m, account=account: (not limits[m.id] or owned[m.user_id.id] < limits[m.id])
                and (account.partner_id.id, m.user_id.id) not in cooling
                and (self.distribution_method != "matching" or m._matches(account.partner_id))
            )
            if not candidates:
                continue
            member = self._distribution_pick(members, candidates, owned, limits)
            received[member] |= account
            owned[member.user_id.id] += 1
            self.distribution_last_user_id = member.user_id  # (in cache, written once)
        method = dict(self._fields["distribution_method"]._description_selection(self.env))
        reason = self.env._("Distributed: %s", method[self.distribution_method])
        for member, accounts in received.items():
            self._set_owner(accounts, member.user_id, "assign", reason)
            member.sudo().assigned_count += len(accounts)
            self._notify_distributed(member.user_id, accounts)
        done = sum(len(accounts) for accounts in received.values())
        full = all(limits[m.id] and owned[m.user_id.id] >= limits[m.id] for m in members)
        if len(batch) < batch_size or full:
            # the pass is over (or nobody has room left): the next one starts from the
            # first customer again
            self._distribution_pass_done()
            remaining = 0
        else:
            domain[-1] = ("id", ">", batch[-1].id)
            remaining = Account.search_count(domain, limit=batch_size)
            if remaining:
                self.distribution_cursor = batch[-1].id
            else:  # (the last batch was exactly full)
                self._distribution_pass_done()
        _logger.info("Pool %s: %s customers distributed, %s+ to go", self.id, done, remaining)
        return done, remaining

    def _distribution_pass_done(self):
        """This pool's pass is over: the next one starts from the first customer."""
        self.write(
            {
                "distribution_cursor": 0,
                "distribution_date": fields.Datetime.now(),
                "distribution_requested": False,
            }
        )

    def _notify_distributed(self, user, accounts):
        """Tell ``user``, in their language, which customers of this pool they received."""
        pool = self.with_context(lang=user.lang)
        names = pool._customer_names(accounts.partner_id)
        pool.message_notify(
            partner_ids=user.partner_id.ids,
            subject=pool.env._("Customers of pool %s for you", pool.name),
            body=pool.env._(
                "Pool %(pool)s gave you %(count)s customers: %(customers)s",
                pool=pool.name,
                count=len(accounts),
                customers=names,
            ),
        )

    @api.model
    def _cron_distribute(self, batch_size=None):
        """One batch of the first pool that distributes now: every night for pools that
        distribute automatically (one pass a day), and right after a manager's
        Distribute for the rest of that pass. One pool per call, so that a batch lost to
        a race is the only work rolled back; returns what remains (the other pools count
        as work left), for the cron framework to call again at once."""
        batch_size = batch_size or self._batch_size()
        today = fields.Datetime.to_datetime(fields.Date.context_today(self))
        pools = (
            self.sudo()
            .search(
                [
                    ("distribution_method", "!=", False),
                    "|",
                    "|",
                    ("distribution_requested", "=", True),
                    ("distribution_cursor", ">", 0),
                    "&",
                    ("distribution_auto", "=", True),
                    "|",
                    ("distribution_date", "=", False),
                    ("distribution_date", "<", today),
                ],
                order="id",
            )
            .filtered(lambda p: p._distribution_members())
        )
        if not pools:
            return 0
        Cron = self.env["ir.cron"]
        done, remaining = Cron._logistics_run_batch(lambda: pools[0]._distribute_batch(batch_size))
        remaining += len(pools) - 1
        Cron._notify_progress(done=done, remaining=remaining)
        return remaining
