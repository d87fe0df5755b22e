from odoo import api, fields, models
from odoo.addons.logistics_crm.tools import create_values
from odoo.exceptions import AccessError

MARGIN_POLICIES = [
    ("accept", "Accept orders"),
    ("approval", "Orders need a credit manager's approval"),
    ("stop", "Stop accepting new orders"),
]
# Written only by credit managers, also over RPC (see _logistics_check_credit_fields)
OWN_CREDIT_FIELDS = {"credit_hold", "credit_hold_reason", "margin_policy"}
CREDIT_FIELDS = OWN_CREDIT_FIELDS | {"credit_limit", "use_partner_credit_limit"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_hold = fields.Boolean(
        tracking=True, copy=False, help="No order of this customer can be confirmed."
    )
    credit_hold_reason = fields.Char(tracking=True, copy=False)
    margin_policy = fields.Selection(
        MARGIN_POLICIES, default="accept", required=True, tracking=True
    )
    margin_status = fields.Selection(
        [("healthy", "Healthy"), ("low", "Low"), ("negative", "Negative")],
        compute="_compute_margin_status",
        help="Trailing 12 months' margin against the company's low-margin threshold.",
    )
    margin_percent_12m = fields.Float("Margin % (12 months)", compute="_compute_margin_status")
    is_credit_manager = fields.Boolean(compute="_compute_is_credit_manager")

    @api.depends_context("uid")
    def _compute_is_credit_manager(self):
        is_manager = self.env.user.has_group("logistics_receivable.group_logistics_credit_manager")
        for partner in self:
            partner.is_credit_manager = is_manager

    @api.depends("logistics_revenue_12m", "logistics_margin_12m")
    @api.depends_context("company")
    def _compute_margin_status(self):
        low = self.env.company.margin_low_percent
        for partner in self:
            revenue = partner.logistics_revenue_12m
            percent = 100.0 * partner.logistics_margin_12m / revenue if revenue else 0.0
            partner.margin_percent_12m = percent
            partner.margin_status = (
                "negative"
                if partner.logistics_margin_12m < 0
                else "low"
                if revenue and percent < low
                else "healthy"
            )

    def _logistics_check_credit_fields(self, fnames):
        """Credit decisions are credit managers'. Our own fields (hold, margin policy)
        are refused to everybody else; Odoo's credit limit is refused to the suite's
        salespeople, the role it gates (accountants keep Odoo's standard rights)."""
        user = self.env.user
        if self.env.su or user.has_group("logistics_receivable.group_logistics_credit_manager"):
            return
        forbidden = OWN_CREDIT_FIELDS & set(fnames)
        if user.has_group("logistics_crm.group_logistics_salesman") or user.has_group(
            "logistics_receivable.group_logistics_credit_controller"
        ):
            forbidden |= CREDIT_FIELDS & set(fnames)
        if forbidden:
            raise AccessError(
                self.env._(
                    "Only a credit manager may change credit limits, credit holds and margin policies."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # defaults (no limit, no hold, accept orders) are no credit decision
            values = create_values(self.env, vals)
            gated = {k for k in CREDIT_FIELDS if values.get(k)} - {"use_partner_credit_limit"}
            if values.get("margin_policy") == "accept":
                gated.discard("margin_policy")
            self.browse()._logistics_check_credit_fields(gated)
        return super().create(vals_list)

    def write(self, vals):
        self._logistics_check_credit_fields(self._logistics_changed_fields(vals, CREDIT_FIELDS))
        return super().write(vals)
