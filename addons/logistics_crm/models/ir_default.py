import json

from odoo import api, models


class IrDefault(models.Model):
    _inherit = "ir.default"

    @api.model_create_multi
    def create(self, vals_list):
        defaults = super().create(vals_list)
        defaults._logistics_check_gated_defaults()
        return defaults

    def write(self, vals):
        res = super().write(vals)
        self._logistics_check_gated_defaults()
        return res

    def _logistics_check_gated_defaults(self):
        """A personal default is a value its user writes into every record they create:
        on a gated field (``logistics.gated.mixin``) it is refused to whoever may not
        write that field. (Defaults for everybody are the administrator's.)"""
        if self.env.su:
            return
        for default in self.filtered("user_id"):
            model = self.env.get(default.field_id.model)
            if model is None or not hasattr(model, "_logistics_declared"):
                continue
            value = json.loads(default.json_value) if default.json_value else False
            model.browse()._logistics_check_gates(vals_list=[{default.field_id.name: value}])
