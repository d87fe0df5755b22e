from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    logistics_uncontacted_days = fields.Integer(
        "Overdue Uncontacted after (days)",
        default=30,
        help="Customers not followed up for this many days are listed as overdue uncontacted.",
    )
    logistics_release_soon_days = fields.Integer(
        "About to be Released within (days)",
        default=7,
    )
    # Value tiers (Pareto): cumulative share of 12-month revenue reached before the customer
    logistics_tier_strategic_share = fields.Float("Strategic up to (% of revenue)", default=50.0)
    logistics_tier_partner_share = fields.Float("Partner up to (% of revenue)", default=80.0)
    logistics_tier_commercial_share = fields.Float("Commercial up to (% of revenue)", default=95.0)
    logistics_tier_min_margin = fields.Float(
        "Minimum margin for the tier (%)",
        default=5.0,
        help="Customers whose 12-month margin is below this go one tier down.",
    )
    logistics_tier_date = fields.Date(
        "Tiers Ranked on", readonly=True, help="Last night the customers' tiers were ranked."
    )

    _sql_constraints = [
        (
            "logistics_days_positive",
            "CHECK(logistics_uncontacted_days >= 0 AND logistics_release_soon_days >= 0)",
            "Day counts cannot be negative.",
        ),
        (
            "logistics_tier_shares",
            "CHECK(0 <= logistics_tier_strategic_share "
            "AND logistics_tier_strategic_share <= logistics_tier_partner_share "
            "AND logistics_tier_partner_share <= logistics_tier_commercial_share "
            "AND logistics_tier_commercial_share <= 100)",
            "Tier shares must grow from strategic to commercial, between 0 and 100%.",
        ),
    ]
