from odoo import api, fields, models
from odoo.tools import clean_context

POOL_ACTIONS = [
    ("enroll", "Put in pool"),
    ("claim", "Claimed"),
    ("release", "Released"),
    ("auto_release", "Released automatically"),
    ("assign", "Assigned"),
    ("lock", "Locked"),
    ("unlock", "Unlocked"),
    ("lost", "Lost"),
]


class LogisticsPoolLog(models.Model):
    """Immutable history of every move of a customer in or out of a pool."""

    _name = "logistics.pool.log"
    _description = "Customer Pool History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="cascade", index=True
    )
    pool_id = fields.Many2one("logistics.customer.pool", ondelete="set null", index=True)
    company_id = fields.Many2one("res.company", index=True)
    action = fields.Selection(POOL_ACTIONS, required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", string="Done by", required=True, index=True)
    from_user_id = fields.Many2one("res.users", string="Previous owner", index=True)
    to_user_id = fields.Many2one("res.users", string="New owner")
    reason = fields.Text()
    # what a release handed over with the customer
    handover_user_id = fields.Many2one(
        "res.users",
        "Handed over to",
        help="The pool's manager, who received the former owner's open opportunities and "
        "activities of the customer. Empty: the opportunities were unassigned and the "
        "activities closed.",
    )
    lead_count = fields.Integer("Opportunities handed over")
    activity_count = fields.Integer("Activities handed over or closed")

    @api.model
    def _log(self, accounts, action, to_user=None, reason=False, pool=None):
        """One history row per customer account (logistics.customer.account) for
        ``action`` done now by the current user: the previous owner is the owner in
        that company before the move, the new one ``to_user`` (default: the same
        owner; an empty record for nobody)."""
        # the context's defaults are the caller's, not the history's (e.g. a date)
        env = self.env(context=clean_context(self.env.context), su=True)
        return self.with_env(env).create(
            [
                {
                    "partner_id": account.partner_id.id,
                    "pool_id": (pool or account.pool_id).id,
                    "company_id": account.company_id.id,
                    "action": action,
                    "date": fields.Datetime.now(),
                    "user_id": self.env.uid,
                    "from_user_id": account.user_id.id,
                    "to_user_id": (account.user_id if to_user is None else to_user).id,
                    "reason": reason,
                }
                for account in accounts
            ]
        )
