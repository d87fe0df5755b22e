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
            SQL(
                """SELECT %s FROM account_move m LEFT JOIN crm_team t ON t.id = m.team_id
                    WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                      AND m.payment_state IN ('not_paid', 'partial')
                      AND m.invoice_date_due < CURRENT_DATE""",
                self._logistics_row(
                    SQL("m.id"),
                    6,
                    date=SQL("CURRENT_DATE"),
                    company_id=SQL("m.company_id"),
                    user_id=SQL("m.invoice_user_id"),
                    team_id=SQL("m.team_id"),
                    leader_id=SQL("t.user_id"),
                    partner_id=SQL("m.commercial_partner_id"),
                    kind=SQL("'overdue'"),
                    overdue_amount=SQL("m.amount_residual_signed"),
                ),
            ),
        ]
