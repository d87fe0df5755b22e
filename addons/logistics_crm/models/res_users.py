from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    logistics_pool_ids = fields.Many2many(
        "logistics.customer.pool",
        compute="_compute_logistics_pool_ids",
        string="Customer Pools",
        help="Pools the user belongs to, directly or by sales team.",
    )

    def _compute_logistics_pool_ids(self):
        for user in self:
            user.logistics_pool_ids = self.env["logistics.customer.pool"]._get_user_pools(user)
