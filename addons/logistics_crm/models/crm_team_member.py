from odoo import api, models


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    def _logistics_teams_in_pools(self):
        return bool(
            self.crm_team_id
            and self.env["logistics.customer.pool"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("member_team_ids", "in", self.crm_team_id.ids)], limit=1)
        )

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        if members._logistics_teams_in_pools():
            self.env["res.users"]._logistics_pools_changed()
        return members

    def write(self, vals):
        in_pools = self._logistics_teams_in_pools()
        res = super().write(vals)
        if {"user_id", "crm_team_id", "active"} & vals.keys() and (
            in_pools or self._logistics_teams_in_pools()
        ):
            self.env["res.users"]._logistics_pools_changed()
        return res

    def unlink(self):
        in_pools = self._logistics_teams_in_pools()
        res = super().unlink()
        if in_pools:
            self.env["res.users"]._logistics_pools_changed()
        return res
