from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class LogisticsQuoteAuthority(models.Model):
    """One line of the authority matrix (报价授权): what a group or a user may quote
    without anybody's approval. Levels order the escalation of approval requests."""

    _name = "logistics.quote.authority"
    _inherit = ["logistics.gated.mixin"]
    _description = "Quote Authority Rule"
    _order = "company_id, level, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    level = fields.Integer(
        default=1,
        required=True,
        help="Approval requests escalate from the lowest level upwards until one whose "
        "authority covers the quotation.",
    )
    group_id = fields.Many2one("res.groups", "Group", ondelete="cascade")
    user_id = fields.Many2one(
        "res.users", "User", ondelete="cascade", domain=[("share", "=", False)]
    )
    service_line_id = fields.Many2one(
        "logistics.service.line",
        "Service Line",
        help="Only for quotation lines of this service line; empty for all.",
    )
    max_discount = fields.Float(
        "Max Discount (%)",
        help="Largest reduction from the list rate, whether by discount or lower price.",
    )
    min_margin = fields.Float("Min Margin (%)", help="Smallest margin of each line.")
    max_amount = fields.Monetary(
        currency_field="currency_id",
        help="Largest untaxed total of the quotation. 0 = no limit.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("group_id", "user_id", "level")
    def _compute_name(self):
        for rule in self:
            who = rule.user_id.name or rule.group_id.full_name or ""
            rule.name = self.env._("Level %(level)s – %(who)s", level=rule.level, who=who)

    @api.constrains("max_discount", "min_margin", "max_amount", "level", "group_id", "user_id")
    def _check_values(self):
        for rule in self:
            if not rule.group_id and not rule.user_id:
                raise ValidationError(self.env._("An authority rule is for a group or for a user."))
            if not 0 <= rule.max_discount <= 100:
                raise ValidationError(self.env._("The max discount is between 0 and 100%."))
            if not -100 <= rule.min_margin <= 100:
                raise ValidationError(self.env._("The min margin is between -100 and 100%."))
            if rule.max_amount < 0:
                raise ValidationError(
                    self.env._("The max amount cannot be negative (0 = no limit).")
                )
            if rule.level < 1:
                raise ValidationError(self.env._("Levels start at 1."))

    # ------------------------------------------------------------ CRUD
    # The matrix is read on every quotation change: cache it per company.

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    # ------------------------------------------------------------ BUSINESS

    @api.model
    @tools.ormcache("company_id")
    def _company_rule_ids(self, company_id):
        return tuple(self.sudo().search([("company_id", "=", company_id)]).ids)

    @api.model
    def _rules_of(self, company, user=None):
        """Active rules of ``company`` (of ``user`` only, when given), as superuser:
        the matrix decides what users may do, whether or not they can read it."""
        rules = self.sudo().browse(self._company_rule_ids(company.id))
        if user is not None:
            groups = user.sudo().groups_id
            rules = rules.filtered(lambda r: r.user_id == user or r.group_id in groups)
        return rules

    def _users(self):
        """Internal users the rules apply to."""
        users = self.user_id | self.group_id.users
        return users.filtered(lambda u: u.active and not u.share)

    def _covers(self, order):
        """Whether these rules (of one user) let them quote ``order`` without approval."""
        if not self:
            return False
        amount = order.currency_id._convert(
            order.amount_untaxed,
            order.company_id.currency_id,
            order.company_id,
            order.date_order or fields.Date.today(),
        )
        if not any(not r.max_amount or amount <= r.max_amount for r in self):
            return False
        lines = order.order_line._logistics_priced_lines()
        for line in lines.filtered("price_subtotal"):
            # free lines (e.g. a free delivery) neither discount nor cost any margin
            applicable = self.filtered(
                lambda r, line=line: not r.service_line_id
                or r.service_line_id == line.product_id.service_line_id
            )
            if not any(
                r._allows(line.logistics_discount, line._logistics_checked_margin_percent())
                for r in applicable
            ):
                return False
        if any(line.product_uom_qty < 0 or line.price_unit < 0 for line in lines):
            # credits reduce the whole order: judged by the rules for every service line
            discount, margin = lines._logistics_effective_terms()
            if not any(
                r._allows(discount, margin) for r in self.filtered(lambda r: not r.service_line_id)
            ):
                return False
        return True

    def _allows(self, discount, margin):
        self.ensure_one()
        return discount <= self.max_discount + 1e-6 and margin >= self.min_margin - 1e-6
