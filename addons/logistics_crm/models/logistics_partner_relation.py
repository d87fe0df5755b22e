from odoo import api, fields, models
from odoo.exceptions import ValidationError

RELATION_TYPES = [
    ("group", "Same Group"),
    ("holding", "Holding Company of"),
    ("subsidiary", "Subsidiary of"),
    ("payer", "Pays for"),
    ("consignee", "Consignee of"),
    ("shipper", "Shipper of"),
    ("other", "Other"),
]


class LogisticsPartnerRelation(models.Model):
    """A business relationship between two customers (group, payer, consignee…)."""

    _name = "logistics.partner.relation"
    _inherit = ["logistics.gated.mixin"]
    _description = "Customer Relationship"
    _order = "partner_id, relation_type"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    related_partner_id = fields.Many2one(
        "res.partner", "Related Customer", required=True, index=True, ondelete="cascade"
    )
    relation_type = fields.Selection(RELATION_TYPES, "Relationship", required=True, default="group")
    note = fields.Char()

    _sql_constraints = [
        (
            "relation_uniq",
            "unique(partner_id, related_partner_id, relation_type)",
            "This relationship is already recorded.",
        ),
    ]

    @api.constrains("partner_id", "related_partner_id")
    def _check_not_self(self):
        for relation in self:
            if (
                relation.partner_id.commercial_partner_id
                == relation.related_partner_id.commercial_partner_id
            ):
                raise ValidationError(self.env._("A customer cannot be related to itself."))
