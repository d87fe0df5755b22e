from odoo import api, fields, models


class LogisticsLane(models.Model):
    """A lane or region a supplier serves (e.g. Shanghai → Rotterdam, East China)."""

    _name = "logistics.lane"
    _description = "Lane / Region"
    _order = "name"

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    origin = fields.Char()
    destination = fields.Char()
    active = fields.Boolean(default=True)

    @api.depends("origin", "destination")
    def _compute_name(self):
        for lane in self:
            if lane.origin and lane.destination:
                lane.name = f"{lane.origin} → {lane.destination}"
            elif not lane.name:
                lane.name = lane.origin or lane.destination or False
