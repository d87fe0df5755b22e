from odoo import fields, models


class LogisticsServiceLine(models.Model):
    """A line of business (customs, warehousing, trucking, ocean/air freight…).

    Used to classify customers here and, in ``logistics_service``, to group the
    service items of the catalogue.
    """

    _name = "logistics.service.line"
    _description = "Logistics Service Line"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a service line must be unique."),
    ]
