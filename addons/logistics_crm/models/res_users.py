from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    logistics_pool_ids = fields.Many2many(
        "logistics.customer.pool",
        compute="_compute_logistics_pool_ids",
        string="Customer Pools",
        help="Pools the user belongs to, directly or by sales team.",
    )

    @api.model
    def _logistics_pools_changed(self):
        """Pool or team membership changed: the rule domains that read
        ``logistics_pool_ids`` (cached per user) and the field itself are stale."""
        self.env.registry.clear_cache()
        self.invalidate_model(["logistics_pool_ids"])

    def _compute_logistics_pool_ids(self):
        for user in self:
            user.logistics_pool_ids = self.env["logistics.customer.pool"]._get_user_pools(user)
