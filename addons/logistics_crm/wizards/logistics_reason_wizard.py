from odoo import api, fields, models
from odoo.exceptions import AccessError


class LogisticsReasonWizard(models.TransientModel):
    """Do X with a reason: one wizard for every action of the suite that asks for one
    (release customers to their pool, assign them, reject a quotation, override the
    credit check, blacklist or clear a supplier), in the spirit of OCA's comment wizard.

    A model (with ``logistics.gated.mixin``) lists the actions that may be called from
    here in ``_logistics_reason_actions`` (each module its own); the wizard calls the action on the records as the
    user, with the reason (and the salesperson, for an assignment): the action checks
    rights and states itself, exactly as when it is called directly.
    """

    _name = "logistics.reason.wizard"
    _inherit = ["logistics.gated.mixin"]
    _description = "Action with a Reason"

    res_model = fields.Char("Model", required=True, readonly=True)
    res_ids = fields.Json("Records", required=True, readonly=True)
    action = fields.Char(required=True, readonly=True)
    record_names = fields.Char("For", compute="_compute_record_names")
    ask_user = fields.Boolean("Asks for a Salesperson", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", domain=[("share", "=", False)])
    ask_lost_reason = fields.Boolean("Asks for a Lost Reason", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", "Lost Reason")
    reason_required = fields.Boolean(default=True, readonly=True)
    reason = fields.Text()

    @api.depends("res_model", "res_ids")
    def _compute_record_names(self):
        for wizard in self:
            wizard.record_names = ", ".join(wizard._logistics_records().mapped("display_name"))

    def _logistics_records(self):
        self.ensure_one()
        if self.res_model not in self.env or not isinstance(self.res_ids, list):
            return self.env["logistics.gated.mixin"]
        return self.env[self.res_model].browse(self.res_ids).exists()

    @api.model
    def _logistics_open(self, records, action, title, ask_user=False, ask_lost_reason=False):
        """The window that asks for the reason of ``records.action(reason=…)``."""
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": records._name,
                "default_res_ids": records.ids,
                "default_action": action,
                "default_ask_user": ask_user,
                "default_ask_lost_reason": ask_lost_reason,
                "default_reason_required": not ask_user,
            },
        }

    def action_confirm(self):
        self._logistics_ensure_one()
        records = self._logistics_records()
        allowed = (
            records._logistics_declared("_logistics_reason_actions")
            if hasattr(records, "_logistics_declared")
            else ()
        )
        if self.action not in allowed:
            raise AccessError(self.env._("This action cannot be done from here."))
        kwargs = {"reason": self.reason or None}
        if self.ask_user:
            kwargs["user"] = self.user_id
        if self.ask_lost_reason:
            kwargs["lost_reason"] = self.lost_reason_id
        getattr(records, self.action)(**kwargs)
        return {"type": "ir.actions.act_window_close"}
