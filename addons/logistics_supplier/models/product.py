from odoo import fields, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    is_preferred = fields.Boolean(
        "Preferred", help="Used for the cost rate even when not the cheapest."
    )
    lane_id = fields.Many2one("logistics.lane", "Lane")


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _logistics_valid_rates(self, date=None):
        """Rate cards valid on ``date`` for the current company, blacklist excluded."""
        self.ensure_one()
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        company = self.env.company
        return (
            self.sudo()
            ._get_filtered_sellers(quantity=None, date=date)
            .filtered(
                lambda s: s.partner_id.commercial_partner_id.supplier_state != "blacklisted"
                and (not s.company_id or s.company_id == company)
            )
        )

    def _logistics_rate_unit_cost(self, rate, uom=None, date=None):
        """Price of one ``uom`` of this product on ``rate``, in company currency."""
        company = self.env.company
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        price = rate.currency_id._convert(rate.price_discounted, company.currency_id, company, date)
        return rate.product_uom._compute_price(price, uom or self.uom_id)

    def _logistics_cost_rate(self, uom=None, date=None):
        """Rate cards first: the preferred valid rate, else the cheapest valid one,
        converted to ``uom`` and the company currency; the product cost otherwise."""
        self.ensure_one()
        rates = self._logistics_valid_rates(date)
        if not rates:
            return super()._logistics_cost_rate(uom=uom, date=date)
        preferred = rates.filtered("is_preferred")
        return min(self._logistics_rate_unit_cost(r, uom, date) for r in (preferred or rates))
