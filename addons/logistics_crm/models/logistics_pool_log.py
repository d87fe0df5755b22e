from odoo import fields, models

POOL_ACTIONS = [
    ("enroll", "Put in pool"),
    ("claim", "Claimed"),
    ("release", "Released"),
    ("auto_release", "Released automatically"),
    ("assign", "Assigned"),
    ("lock", "Locked"),
    ("unlock", "Unlocked"),
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
    company_id = fields.Many2one(related="pool_id.company_id", store=True)
    action = fields.Selection(POOL_ACTIONS, required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", string="Done by", required=True, index=True)
    from_user_id = fields.Many2one("res.users", string="Previous owner", index=True)
    to_user_id = fields.Many2one("res.users", string="New owner")
    reason = fields.Text()
