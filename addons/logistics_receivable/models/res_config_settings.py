from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_block_enabled = fields.Boolean(related="company_id.credit_block_enabled", readonly=False)
    credit_overdue_days = fields.Integer(related="company_id.credit_overdue_days", readonly=False)
    credit_group_company_id = fields.Many2one(
        related="company_id.credit_group_company_id", readonly=False
    )
    credit_controller_id = fields.Many2one(
        related="company_id.credit_controller_id", readonly=False
    )
    credit_hold_release = fields.Selection(
        related="company_id.credit_hold_release", readonly=False, required=True
    )
    margin_low_percent = fields.Float(related="company_id.margin_low_percent", readonly=False)
    receivable_reminder_days = fields.Integer(
        related="company_id.receivable_reminder_days", readonly=False
    )
    anomaly_period = fields.Selection(related="company_id.anomaly_period", readonly=False)
    anomaly_sensitivity = fields.Float(related="company_id.anomaly_sensitivity", readonly=False)
    anomaly_min_periods = fields.Integer(related="company_id.anomaly_min_periods", readonly=False)
    logistics_dunning_warning = fields.Char(compute="_compute_logistics_dunning_warning")

    @api.depends("company_id", "credit_controller_id")
    def _compute_logistics_dunning_warning(self):
        """Dunning levels that name someone the company does not have: they notify
        nobody in their place - said here, next to the credit controller."""
        for settings in self:
            levels = self.env["logistics.dunning.level"].search(
                [("company_id", "=", settings.company_id.id)]
            )
            warnings = []
            controlled = levels.filtered("notify_credit_controller")
            if controlled and not settings.credit_controller_id:
                warnings.append(
                    self.env._(
                        "%s notify the credit controller, but none is set.",
                        ", ".join(controlled.mapped("name")),
                    )
                )
            managed = levels.filtered("notify_sales_manager")
            teams = levels._leaderless_teams(settings.company_id) if managed else levels.browse()
            if teams:
                warnings.append(
                    self.env._(
                        "%(levels)s notify the sales team leader, but these teams have none: "
                        "%(teams)s.",
                        levels=", ".join(managed.mapped("name")),
                        teams=", ".join(teams.mapped("name")),
                    )
                )
            settings.logistics_dunning_warning = "\n".join(warnings) or False
