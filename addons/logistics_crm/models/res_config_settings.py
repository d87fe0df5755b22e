from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    logistics_uncontacted_days = fields.Integer(
        related="company_id.logistics_uncontacted_days", readonly=False
    )
    logistics_release_soon_days = fields.Integer(
        related="company_id.logistics_release_soon_days", readonly=False
    )
    logistics_tier_strategic_share = fields.Float(
        related="company_id.logistics_tier_strategic_share", readonly=False
    )
    logistics_tier_partner_share = fields.Float(
        related="company_id.logistics_tier_partner_share", readonly=False
    )
    logistics_tier_commercial_share = fields.Float(
        related="company_id.logistics_tier_commercial_share", readonly=False
    )
    logistics_tier_min_margin = fields.Float(
        related="company_id.logistics_tier_min_margin", readonly=False
    )
