"""A document that is not a quotation, approved with ``logistics.approval.mixin`` (test
only, loaded with odoo-test-helper)."""

from odoo import fields, models


class LogisticsApprovalTestDoc(models.Model):
    _name = "logistics.approval.test.doc"
    _description = "Approval Test Document"
    _inherit = ["logistics.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _logistics_approval_activity = "mail.mail_activity_data_todo"

    name = fields.Char(required=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    amount = fields.Float()

    def _logistics_needs_approval(self):
        return not self._logistics_covered_by(self.user_id)

    def _logistics_fingerprint_parts(self):
        return [*super()._logistics_fingerprint_parts(), str(self.amount)]

    def _logistics_covered_by(self, user):
        rules = self.env["logistics.quote.authority"]._rules_of(self.company_id, user)
        return any(not r.max_amount or self.amount <= r.max_amount for r in rules)

    def write(self, vals):
        res = super().write(vals)
        if "amount" in vals:
            self._logistics_refresh_approval()
        return res
