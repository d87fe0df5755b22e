from odoo import fields, models
from odoo.tools import SQL


class LogisticsSalesPerformance(models.Model):
    """The salesperson's figures include what their customers owe overdue today: one row
    per open overdue invoice, dated today, for the invoice's salesperson and team (in
    the company's currency)."""

    _inherit = "logistics.sales.performance"

    kind = fields.Selection(selection_add=[("overdue", "Overdue Invoice")])
    overdue_amount = fields.Float(
        "Overdue Today", readonly=True, help="What the customers owe past due, as of today."
    )

    def _logistics_row(self, source_id, kind_index, **values):
        values.setdefault("overdue_amount", SQL("0.0"))
        return super()._logistics_row(source_id, kind_index, **values)

    def _logistics_parts(self):
        return [
            *super()._logistics_parts(),
            self._logistics_part(
                6,
                "overdue",
                SQL(
                    """SELECT m.id, CURRENT_DATE AS date, m.company_id,
                              m.invoice_user_id AS user_id, m.team_id,
                              m.team_id AS leader_team_id,
                              m.commercial_partner_id AS partner_id, m.amount_residual_signed
                         FROM account_move m
                        WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                          AND m.payment_state IN ('not_paid', 'partial')
                          AND m.invoice_date_due < CURRENT_DATE"""
                ),
                overdue_amount=SQL("s.amount_residual_signed"),
            ),
        ]
