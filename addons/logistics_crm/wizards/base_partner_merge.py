from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        # Codes are unique: the kept partner keeps its code (or takes the first merged
        # one's) and the merged partners give theirs up first.
        for fname in self.env["res.partner"]._logistics_unique_code_fields():
            coded = src_partners.filtered(fname)
            if coded:
                code = dst_partner[fname] or coded[0][fname]
                coded.sudo().write({fname: False})
                dst_partner.sudo().write({fname: code})
        return super()._update_values(src_partners, dst_partner)
