from odoo import fields, models

from ..models.logistics_customer_account import update_access_keys

# the suite's deduplication criteria: normalised columns of res.partner
LOGISTICS_CRITERIA = ("name_normalized", "vat_normalized", "phone_sanitized")


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's merge wizard, for the group's customers: the kept customer keeps one
    code and the merged ones' codes become its former codes; each company keeps one
    account of the customer; duplicates are found by normalised name, tax ID, phone."""

    _inherit = "base.partner.merge.automatic.wizard"

    group_by_name_normalized = fields.Boolean(
        "Normalised Name", help="Same name once case, punctuation and legal form are ignored."
    )
    group_by_vat_normalized = fields.Boolean("Normalised Tax ID")
    group_by_phone_sanitized = fields.Boolean("Phone")

    def _generate_query(self, fields, maximum_group=100):
        if set(fields) & set(LOGISTICS_CRITERIA):
            self.env["res.partner"].flush_model([*fields, "parent_id"])
            return self.env["res.partner"]._logistics_duplicate_clusters_sql(fields, maximum_group)
        return super()._generate_query(fields, maximum_group)

    def _update_foreign_keys(self, src_partners, dst_partner):
        # one account per customer and company: where the kept customer has one, the
        # merged customers' are dropped (moving them would break the unique key and
        # make Odoo delete all of them, other companies' included)
        Account = self.env["logistics.customer.account"].sudo()
        kept = Account.search([("partner_id", "=", dst_partner.id)]).company_id
        Account.search(
            [("partner_id", "in", src_partners.ids), ("company_id", "in", kept.ids)]
        ).unlink()
        res = super()._update_foreign_keys(src_partners, dst_partner)
        # the accounts and contacts moved in SQL: the kept customer's access key follows
        update_access_keys(self.env.cr, dst_partner.ids)
        self.env["res.partner"].invalidate_model(["logistics_access_key"])
        return res

    def _update_values(self, src_partners, dst_partner):
        # Codes are unique: the kept partner keeps its code (or takes the first merged
        # one's) and the merged partners give theirs up first - as former codes of the
        # kept one, which search still finds.
        Alias = self.env["logistics.customer.code.alias"].sudo()
        for fname in self.env["res.partner"]._logistics_unique_code_fields():
            coded = src_partners.filtered(fname)
            if coded:
                code = dst_partner[fname] or coded[0][fname]
                former = [p[fname] for p in coded if p[fname] != code]
                coded.sudo().write({fname: False})
                dst_partner.sudo().write({fname: code})
                Alias.create([{"partner_id": dst_partner.id, "code": c} for c in former])
        # one key account: the kept customer's first one
        dst_partner.invalidate_recordset(["logistics_account_ids"])
        homes = dst_partner.sudo().logistics_account_ids.filtered("is_home").sorted("id")
        homes[1:].write({"is_home": False})
        return super()._update_values(src_partners, dst_partner)
