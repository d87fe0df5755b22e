from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        # Customer codes are unique: the kept customer keeps its code (or takes the
        # first merged one's) and the merged customers give theirs up first.
        coded = src_partners.filtered("customer_code")
        if coded:
            code = dst_partner.customer_code or coded[0].customer_code
            coded.sudo().write({"customer_code": False})
            dst_partner.sudo().write({"customer_code": code})
        return super()._update_values(src_partners, dst_partner)
