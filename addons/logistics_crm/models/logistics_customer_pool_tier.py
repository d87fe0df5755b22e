from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .logistics_customer_account import CUSTOMER_TIERS


class LogisticsCustomerPoolTier(models.Model):
    """Per-tier override of a pool's day counts (0 keeps the pool's value)."""

    _name = "logistics.customer.pool.tier"
    _inherit = ["logistics.gated.mixin"]
    _description = "Customer Pool Tier Rule"
    _order = "pool_id, tier"

    pool_id = fields.Many2one(
        "logistics.customer.pool", required=True, ondelete="cascade", index=True
    )
    tier = fields.Selection(CUSTOMER_TIERS, required=True)
    protect_days = fields.Integer(help="Protection after a claim for customers of this tier.")
    followup_days = fields.Integer(help="Release when not followed up for this many days.")
    deal_days = fields.Integer(help="Release when no deal within this many days of the claim.")

    _sql_constraints = [
        ("pool_tier_uniq", "unique(pool_id, tier)", "A pool has one rule per customer tier."),
    ]

    @api.constrains("protect_days", "followup_days", "deal_days")
    def _check_days(self):
        for rule in self:
            if min(rule.protect_days, rule.followup_days, rule.deal_days) < 0:
                raise ValidationError(self.env._("Day counts of a tier rule cannot be negative."))
