from odoo import fields, models


class LogisticsServiceUnit(models.Model):
    """What a service item is billed per (服务单元): declaration, pallet-day, km, trip,
    kg, CBM, 20GP/40HQ container, piece… mapped to an Odoo unit of measure so that
    quantities flow into sale orders, invoices and vendor bills unchanged."""

    _name = "logistics.service.unit"
    _description = "Service Unit"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    uom_id = fields.Many2one("uom.uom", "Unit of Measure", required=True, ondelete="restrict")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a service unit must be unique."),
    ]
