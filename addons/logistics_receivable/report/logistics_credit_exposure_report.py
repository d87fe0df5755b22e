from odoo import fields, models, tools
from odoo.addons.logistics_crm.models.logistics_customer_account import CUSTOMER_TIERS
from odoo.tools import SQL


class LogisticsCreditExposureReport(models.Model):
    """Credit exposure (信用敞口) per customer and company: open receivables plus
    confirmed orders still to invoice, against the customer's credit limit.

    The figures follow Odoo's own credit check (``res.partner.credit`` and
    ``credit_to_invoice``) so that this report and the warning on the sales order
    agree:

    * the credit limit is the company-dependent ``credit_limit`` (jsonb keyed by the
      company id), falling back to the company's default (``ir.default``);
    * the uninvoiced amount is, per confirmed order having something left to invoice,
      the tax-included price of the ordered (or delivered, for the delivery invoicing
      policy) quantity not yet invoiced on posted invoices, converted to the company
      currency at today's rate.
    """

    _name = "logistics.credit.exposure.report"
    _description = "Credit Exposure"
    _auto = False
    _rec_name = "partner_id"
    _order = "exposure desc, id"
    _depends = {
        "account.move.line": [
            "move_id",
            "partner_id",
            "company_id",
            "account_id",
            "parent_state",
            "reconciled",
            "amount_residual",
            "quantity",
            "product_uom_id",
        ],
        "account.move": ["move_type", "state", "payment_state"],
        "account.account": ["account_type"],
        "sale.order": ["state", "partner_invoice_id", "company_id", "currency_id"],
        "sale.order.line": [
            "order_id",
            "state",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "qty_delivered",
            "price_total",
            "untaxed_amount_to_invoice",
            "invoice_lines",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["invoice_policy"],
        "uom.uom": ["factor"],
        "res.currency.rate": ["currency_id", "company_id", "name", "rate"],
        "res.company": ["currency_id", "parent_path"],
        "res.partner": [
            "commercial_partner_id",
            "credit_limit",
            "user_id",
            "credit_hold",
        ],
        "logistics.customer.account": ["partner_id", "company_id", "user_id", "customer_tier"],
        "ir.default": ["field_id", "company_id", "user_id", "condition", "json_value"],
    }

    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    customer_tier = fields.Selection(CUSTOMER_TIERS, "Tier", readonly=True)
    # Amounts
    credit_limit = fields.Monetary(currency_field="currency_id", readonly=True)
    receivable = fields.Monetary("Open Receivables", currency_field="currency_id", readonly=True)
    uninvoiced = fields.Monetary(
        "Ordered, not Invoiced", currency_field="currency_id", readonly=True
    )
    exposure = fields.Monetary(currency_field="currency_id", readonly=True)
    available = fields.Monetary("Available Credit", currency_field="currency_id", readonly=True)
    # Status
    over_limit = fields.Boolean(readonly=True)
    credit_hold = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    @staticmethod
    def _rate_sql(currency):
        """`rate` of `currency` today for `company`, as res.currency._get_rates()
        finds it: the latest rate up to today (the root company's or a shared one),
        else the oldest, else 1."""
        return SQL(
            """
                        SELECT COALESCE(
                            (SELECT r.rate FROM res_currency_rate r
                              WHERE r.currency_id = %(currency)s AND r.name <= CURRENT_DATE
                                AND (r.company_id IS NULL
                                     OR r.company_id = SPLIT_PART(company.parent_path, '/', 1)::int)
                              ORDER BY r.company_id, r.name DESC LIMIT 1),
                            (SELECT r.rate FROM res_currency_rate r
                              WHERE r.currency_id = %(currency)s
                                AND (r.company_id IS NULL
                                     OR r.company_id = SPLIT_PART(company.parent_path, '/', 1)::int)
                              ORDER BY r.company_id, r.name LIMIT 1),
                            1.0) AS rate
            """,
            currency=currency,
        )

    def _query(self):
        return SQL(
            """
            WITH receivable AS (
                SELECT partner.commercial_partner_id AS partner_id, aml.company_id,
                       SUM(aml.amount_residual) AS amount
                  FROM account_move_line aml
                  JOIN account_account account ON account.id = aml.account_id
                  JOIN res_partner partner ON partner.id = aml.partner_id
                 WHERE account.account_type = 'asset_receivable'
                   AND aml.parent_state = 'posted'
                   AND aml.reconciled IS NOT TRUE
                 GROUP BY partner.commercial_partner_id, aml.company_id
            ),
            -- sale.order.line.qty_invoiced_posted (not stored), in the line's unit
            invoiced_qty AS (
                SELECT rel.order_line_id,
                       SUM(CASE WHEN move.move_type IN ('entry', 'out_refund', 'in_invoice', 'in_receipt')
                                THEN -1 ELSE 1 END
                           * CASE WHEN inv_uom.id IS NULL OR inv_uom.id = sol.product_uom
                                  THEN inv_line.quantity
                                  ELSE inv_line.quantity / inv_uom.factor * sol_uom.factor END
                       ) AS qty
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line sol ON sol.id = rel.order_line_id
                  JOIN account_move_line inv_line ON inv_line.id = rel.invoice_line_id
                  JOIN account_move move ON move.id = inv_line.move_id
             LEFT JOIN uom_uom inv_uom ON inv_uom.id = inv_line.product_uom_id
             LEFT JOIN uom_uom sol_uom ON sol_uom.id = sol.product_uom
                 WHERE sol.state = 'sale'
                   AND (move.state = 'posted' OR move.payment_state = 'invoicing_legacy')
                 GROUP BY rel.order_line_id
            ),
            -- sale.order.amount_to_invoice of the orders res.partner.credit_to_invoice counts
            to_invoice AS (
                SELECT invoice_partner.commercial_partner_id AS partner_id, so.company_id,
                       so.currency_id,
                       SUM(CASE WHEN sol.product_uom_qty = 0 THEN 0
                                ELSE sol.price_total / sol.product_uom_qty * (
                                    CASE WHEN tmpl.invoice_policy = 'delivery'
                                         THEN sol.qty_delivered ELSE sol.product_uom_qty END
                                    - COALESCE(invoiced_qty.qty, 0))
                           END) AS amount
                  FROM sale_order so
                  JOIN res_partner invoice_partner ON invoice_partner.id = so.partner_invoice_id
                  JOIN sale_order_line sol ON sol.order_id = so.id
             LEFT JOIN product_product product ON product.id = sol.product_id
             LEFT JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
             LEFT JOIN invoiced_qty ON invoiced_qty.order_line_id = sol.id
                 WHERE so.state = 'sale'
                   AND EXISTS (SELECT 1 FROM sale_order_line todo
                                WHERE todo.order_id = so.id AND todo.untaxed_amount_to_invoice > 0)
                 GROUP BY invoice_partner.commercial_partner_id, so.company_id, so.currency_id
            ),
            -- converted at today's rate as res.currency._get_rates() does it
            uninvoiced AS (
                SELECT to_invoice.partner_id, to_invoice.company_id,
                       SUM(CASE WHEN to_invoice.currency_id = company.currency_id
                                THEN to_invoice.amount
                                ELSE to_invoice.amount * company_rate.rate / order_rate.rate
                           END) AS amount
                  FROM to_invoice
                  JOIN res_company company ON company.id = to_invoice.company_id
                 CROSS JOIN LATERAL (%(order_rate)s) order_rate
                 CROSS JOIN LATERAL (%(company_rate)s) company_rate
                 GROUP BY to_invoice.partner_id, to_invoice.company_id
            ),
            -- company_dependent credit_limit: {"<company id>": amount}, else ir.default
            partner_limit AS (
                SELECT partner.id AS partner_id, limits.key::int AS company_id,
                       CASE WHEN jsonb_typeof(limits.value) = 'number'
                            THEN (limits.value #>> '{}')::numeric END AS amount
                  FROM res_partner partner
                 CROSS JOIN LATERAL jsonb_each(partner.credit_limit) limits
                 WHERE partner.credit_limit IS NOT NULL
                   AND jsonb_typeof(partner.credit_limit) = 'object'
                   AND partner.id = partner.commercial_partner_id
            ),
            default_limit AS (
                SELECT company.id AS company_id,
                       (SELECT CASE WHEN jsonb_typeof(d.json_value::jsonb) = 'number'
                                    THEN (d.json_value::jsonb #>> '{}')::numeric END
                          FROM ir_default d
                          JOIN ir_model_fields f ON f.id = d.field_id
                         WHERE f.model = 'res.partner' AND f.name = 'credit_limit'
                           AND d.user_id IS NULL AND d.condition IS NULL
                           AND (d.company_id IS NULL OR d.company_id = company.id)
                         ORDER BY d.company_id, d.id LIMIT 1) AS amount
                  FROM res_company company
            ),
            customer AS (
                SELECT partner_id, company_id FROM partner_limit WHERE amount > 0
                 UNION
                SELECT partner_id, company_id FROM receivable WHERE amount != 0
                 UNION
                SELECT partner_id, company_id FROM uninvoiced WHERE amount != 0
            ),
            figures AS (
                SELECT customer.partner_id, customer.company_id,
                       COALESCE(partner_limit.amount, default_limit.amount, 0) AS credit_limit,
                       COALESCE(receivable.amount, 0) AS receivable,
                       COALESCE(uninvoiced.amount, 0) AS uninvoiced
                  FROM customer
                  JOIN default_limit ON default_limit.company_id = customer.company_id
             LEFT JOIN partner_limit ON partner_limit.partner_id = customer.partner_id
                                    AND partner_limit.company_id = customer.company_id
             LEFT JOIN receivable ON receivable.partner_id = customer.partner_id
                                 AND receivable.company_id = customer.company_id
             LEFT JOIN uninvoiced ON uninvoiced.partner_id = customer.partner_id
                                 AND uninvoiced.company_id = customer.company_id
            )
            SELECT ROW_NUMBER() OVER (ORDER BY figures.partner_id, figures.company_id) AS id,
                   figures.partner_id,
                   figures.company_id,
                   company.currency_id,
                   COALESCE(account.user_id, partner.user_id) AS user_id,
                   account.customer_tier,
                   figures.credit_limit,
                   figures.receivable,
                   figures.uninvoiced,
                   figures.receivable + figures.uninvoiced AS exposure,
                   figures.credit_limit - figures.receivable - figures.uninvoiced AS available,
                   figures.credit_limit > 0
                       AND figures.receivable + figures.uninvoiced > figures.credit_limit AS over_limit,
                   COALESCE(partner.credit_hold, FALSE) AS credit_hold
              FROM figures
              JOIN res_partner partner ON partner.id = figures.partner_id
              JOIN res_company company ON company.id = figures.company_id
         LEFT JOIN logistics_customer_account account
                   ON account.partner_id = figures.partner_id
                  AND account.company_id = figures.company_id
            """,
            order_rate=self._rate_sql(SQL("to_invoice.currency_id")),
            company_rate=self._rate_sql(SQL("company.currency_id")),
        )
