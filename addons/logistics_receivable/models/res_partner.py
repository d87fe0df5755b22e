import ast
import functools
from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.base.models.res_lang import intersperse
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import float_round
from odoo.tools.misc import format_date, get_lang
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

CREDIT_GRADES = [
    ("A", "A - Excellent"),
    ("B", "B - Good"),
    ("C", "C - Watch"),
    ("D", "D - Poor"),
    ("U", "Unrated - no payment history yet"),
]
MARGIN_POLICIES = [
    ("accept", "Accept orders"),
    ("approval", "Orders need a credit manager's approval"),
    ("stop", "Stop accepting new orders"),
]
# Written only by credit managers, also over RPC
OWN_CREDIT_FIELDS = frozenset(
    {
        "credit_hold",
        "credit_hold_reason",
        "credit_hold_dunning_company_id",
        "credit_hold_lift_proposed",
        "margin_policy",
        "credit_grade",
        "credit_score",
        "credit_rating_date",
        "credit_investigation_score",
        "credit_investigation_note",
    }
)
CREDIT_MESSAGE = _lt(
    "Only a credit manager may change credit limits, credit holds and margin policies."
)


class ResPartner(models.Model):
    _inherit = "res.partner"
    _logistics_gates = (
        Gate(
            OWN_CREDIT_FIELDS,
            CREDIT_MESSAGE,
            groups="logistics_receivable.group_logistics_credit_manager",
        ),
        # Odoo's credit limit is refused to the roles the suite gates; accountants keep
        # Odoo's standard rights
        Gate(
            frozenset({"credit_limit", "use_partner_credit_limit"}),
            CREDIT_MESSAGE,
            groups="logistics_receivable.group_logistics_credit_manager",
            binds="logistics_crm.group_logistics_salesman,"
            "logistics_receivable.group_logistics_credit_controller",
        ),
    )

    # internal: a portal user reading their own company sees none of this
    credit_hold = fields.Boolean(
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="No order of this customer can be confirmed.",
    )
    credit_hold_reason = fields.Char(tracking=True, copy=False, groups="base.group_user")
    credit_hold_dunning_company_id = fields.Many2one(
        "res.company",
        "Held by Dunning of",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The hold was set by a dunning level of this company: it is lifted (or lifting "
        "it is proposed) once the customer's overdue debt there is paid.",
    )
    credit_hold_lift_proposed = fields.Boolean(readonly=True, copy=False, groups="base.group_user")
    # (no groups on fields with a default: a default is not applied to a field its creator
    # cannot read)
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
    is_credit_controller = fields.Boolean(compute="_compute_is_credit_manager")
    # a rating per company: each company rates with its own ledger
    credit_grade = fields.Selection(
        CREDIT_GRADES,
        company_dependent=True,
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="From the latest credit rating (scorecard) in this company.",
    )
    credit_score = fields.Float(
        company_dependent=True, readonly=True, copy=False, groups="base.group_user"
    )
    credit_rating_date = fields.Date(
        "Rated on", company_dependent=True, readonly=True, copy=False, groups="base.group_user"
    )
    credit_policy_id = fields.Many2one(
        "logistics.credit.grade.policy",
        "Credit Policy",
        compute="_compute_credit_policy",
        help="What the company's policy for the customer's grade decides at confirmation.",
    )
    credit_policy_decision = fields.Selection(
        lambda self: self.env["logistics.credit.grade.policy"]._fields["decision"].selection,
        "Grade Decision",
        compute="_compute_credit_policy",
    )
    credit_limit_suggested = fields.Monetary(
        "Suggested Credit Limit",
        compute="_compute_credit_policy",
        currency_field="logistics_currency_id",
        help="The grade's months of revenue: the last 12 months' revenue in this company / "
        "12 x the policy's months.",
    )
    # a group credit limit (one limit for several companies): shown where it applies
    credit_group_holder_id = fields.Many2one(
        "res.company", "Group Credit Limit of", compute="_compute_credit_group"
    )
    credit_group_limit = fields.Monetary(
        "Group Credit Limit",
        compute="_compute_credit_group",
        currency_field="credit_group_currency_id",
        groups="base.group_user",
        help="The customer's credit limit in the company holding the group credit limit.",
    )
    credit_group_exposure = fields.Monetary(
        "Group Exposure",
        compute="_compute_credit_group",
        currency_field="credit_group_currency_id",
        groups="base.group_user",
        help="Open receivables and confirmed orders not invoiced yet, in every company "
        "sharing the group credit limit, in the holding company's currency.",
    )
    credit_group_currency_id = fields.Many2one(
        "res.currency", "Group Credit Currency", compute="_compute_credit_group"
    )
    credit_investigation_score = fields.Integer(
        "Investigation score",
        default=50,
        copy=False,
        tracking=True,
        help="Credit investigation (0-100): references, financial statements, visits, "
        "public records. 50 = nothing known either way.",
    )
    credit_investigation_note = fields.Text(
        "Investigation notes", copy=False, groups="base.group_user"
    )
    credit_rating_ids = fields.One2many("logistics.credit.rating", "partner_id", "Credit Ratings")
    credit_guarantee_ids = fields.One2many(
        "logistics.credit.guarantee", "partner_id", "Guarantees and Deposits"
    )
    dunning_log_ids = fields.One2many("logistics.dunning.log", "partner_id", "Dunning History")
    # 360°: what is overdue in the current company, in its currency
    logistics_overdue_amount = fields.Monetary(
        "Overdue",
        compute="_compute_logistics_overdue_amount",
        currency_field="logistics_currency_id",
    )
    logistics_currency_id = fields.Many2one(
        "res.currency", "Overdue Currency", compute="_compute_logistics_overdue_amount"
    )
    # the dunning statement (对账单) of the current company: e-mailed at each level, printed
    logistics_statement_html = fields.Html(
        "Overdue Statement",
        compute="_compute_logistics_statement_html",
        sanitize=False,  # rendered here from the suite's own template, never typed in
        groups="account.group_account_readonly,logistics_receivable.group_logistics_credit_controller",
    )
    logistics_statement_company_id = fields.Many2one(
        "res.company",
        "Statement Company",
        compute="_compute_logistics_statement_company_id",
        help="The company whose overdue statement this is: the current one.",
    )

    @api.depends_context("company")
    def _compute_logistics_statement_company_id(self):
        self.logistics_statement_company_id = self.env.company

    def mail_allowed_qweb_expressions(self):
        # the dunning templates' placeholders: templates made only of allowed expressions
        # render without QWeb, which compiles an e-mail body once per customer
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.logistics_statement_html",
            "object.logistics_statement_company_id.name",
        )

    @api.depends_context("uid")
    def _compute_is_credit_manager(self):
        user = self.env.user
        is_manager = user.has_group("logistics_receivable.group_logistics_credit_manager")
        is_controller = user.has_group("logistics_receivable.group_logistics_credit_controller")
        for partner in self:
            partner.is_credit_manager = is_manager
            partner.is_credit_controller = is_controller

    @api.depends_context("company")
    def _compute_logistics_overdue_amount(self):
        company = self.env.company
        overdue = dict(
            self.env["account.move.line"]._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("date_maturity", "<", fields.Date.context_today(self)),
                    ("company_id", "=", company.id),
                ],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        )
        for partner in self:
            partner.logistics_currency_id = company.currency_id
            partner.logistics_overdue_amount = overdue.get(partner.commercial_partner_id, 0.0)

    @api.depends_context("company")
    @api.depends("credit_grade", "logistics_revenue_12m")
    def _compute_credit_policy(self):
        policies = (
            self.env["logistics.credit.grade.policy"]
            .sudo()
            .search([("company_id", "=", self.env.company.id)])
        )
        by_grade = {policy.grade: policy for policy in policies}
        for partner in self:
            grade = partner.commercial_partner_id.sudo().credit_grade or "U"
            policy = by_grade.get(grade, policies.browse())
            partner.credit_policy_id = policy
            partner.credit_policy_decision = policy.decision
            partner.credit_limit_suggested = (
                policy.limit_months * partner.commercial_partner_id.logistics_revenue_12m / 12
                if policy
                else 0.0
            )

    @api.depends_context("company")
    def _compute_credit_group(self):
        holder = self.env.company.sudo().credit_group_company_id
        exposures = self._logistics_group_exposures(holder) if holder else {}
        for partner in self:
            customer = partner.commercial_partner_id
            partner.credit_group_holder_id = holder
            partner.credit_group_currency_id = holder.currency_id
            partner.credit_group_limit = (
                customer.with_company(holder).sudo().credit_limit if holder else 0.0
            )
            partner.credit_group_exposure = exposures.get(customer, 0.0)

    def _logistics_group_exposures(self, holder):
        """What these customers (their commercial entities) owe or will be invoiced in
        the companies sharing ``holder``'s group credit limit, in ``holder``'s currency:
        open receivables plus confirmed orders not invoiced yet, as Odoo's exposure
        counts them in one company. Two aggregate queries and one search for all of them:
        {commercial partner: amount}. An aggregate over ledgers whoever asks may not read."""
        customers = self.commercial_partner_id
        members = holder._logistics_credit_group()
        currency, today = holder.currency_id, fields.Date.context_today(self)
        exposures = dict.fromkeys(customers, 0.0)
        receivables = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", customers.ids),
                    ("company_id", "in", members.ids),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ],
                ["partner_id", "company_id"],
                ["amount_residual:sum"],
            )
        )
        for customer, company, residual in receivables:
            exposures[customer] += company.currency_id._convert(residual, currency, holder, today)
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("company_id", "in", members.ids),
                    ("state", "=", "sale"),
                    ("partner_invoice_id.commercial_partner_id", "in", customers.ids),
                    ("order_line", "any", [("untaxed_amount_to_invoice", ">", 0)]),
                ]
            )
        )
        for (customer, order_currency), group in orders.grouped(
            lambda order: (order.partner_invoice_id.commercial_partner_id, order.currency_id)
        ).items():
            exposures[customer] += order_currency._convert(
                sum(group.mapped("amount_to_invoice")), currency, holder, today
            )
        return exposures

    @api.model
    def _logistics_overdue_lines_domain(self, customers, companies, today):
        """The open receivable lines of ``customers``' invoices (commercial entities; the
        lines carry them) in ``companies`` that are past due on ``today``."""
        return [
            ("partner_id", "in", customers.ids),
            ("company_id", "in", companies.ids),
            ("move_id.move_type", "=", "out_invoice"),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
            ("amount_residual", ">", 0),
            ("date_maturity", "<", today),
        ]

    def _logistics_overdue_statement(self):
        """What this customer (its commercial entity) owes the current company past due,
        oldest first: its invoices with an overdue part (earliest open due date, days
        overdue, amount still due in the invoice's currency) and its payment-plan
        instalments not collected after their due date."""
        self.ensure_one()
        return self._logistics_overdue_statements()[self.commercial_partner_id]

    def _logistics_overdue_statements(self):
        """``_logistics_overdue_statement`` of these partners' commercial entities, in
        two queries for all of them: {commercial partner: statement}. Each line and total
        also carries its dates and amounts formatted in the context's language
        (``*_text``): the dunning job renders thousands of statements a night, and the
        dates a batch shows are few - each is formatted once."""
        company = self.env.company
        format_day = functools.cache(lambda day: format_date(self.env, day))
        format_money = self._logistics_amount_formatter()
        customers = self.commercial_partner_id
        today = fields.Date.context_today(self)
        statements = {
            customer: {
                "customer": customer,
                "company": company,
                "date": today,
                "invoices": [],
                "instalments": [],
                "totals": defaultdict(float),
            }
            for customer in customers
        }
        groups = self.env["account.move.line"]._read_group(
            self._logistics_overdue_lines_domain(customers, company, today),
            ["move_id"],
            ["date_maturity:min", "amount_residual_currency:sum"],
        )
        for move, due, residual in sorted(groups, key=lambda g: (g[1], g[0].id)):
            statement = statements[move.commercial_partner_id]
            statement["invoices"].append(
                {
                    "name": move.name,
                    "invoice_date": move.invoice_date,
                    "invoice_date_text": format_day(move.invoice_date),
                    "date_maturity": due,
                    "date_maturity_text": format_day(due),
                    "days": (today - due).days,
                    "residual": residual,
                    "residual_text": format_money(residual, move.currency_id),
                    "currency": move.currency_id,
                }
            )
            statement["totals"][move.currency_id] += residual
        instalments = self.env["logistics.payment.instalment"].search(
            [
                ("partner_id", "in", customers.ids),
                ("company_id", "=", company.id),
                ("due_date", "<", today),
                ("payment_state", "!=", "paid"),
            ],
            order="due_date, id",
        )
        for instalment in instalments:
            statements[instalment.partner_id]["instalments"].append(
                {
                    "name": f"{instalment.order_id.name} - {instalment.name}",
                    "date_maturity": instalment.due_date,
                    "date_maturity_text": format_day(instalment.due_date),
                    "days": (today - instalment.due_date).days,
                    "residual": instalment.residual,
                    "residual_text": format_money(instalment.residual, instalment.currency_id),
                    "currency": instalment.currency_id,
                }
            )
        for statement in statements.values():
            statement["totals"] = [
                (currency, total, format_money(total, currency))
                for currency, total in statement["totals"].items()
            ]
        return statements

    @api.model
    def _logistics_amount_formatter(self):
        """A function (amount, currency) -> text, as ``formatLang(env, amount,
        currency_obj=currency)`` writes it in the context's language, for many amounts:
        the language's separators are looked up once, where formatLang looks them up
        through two caches per amount - a millisecond that thousands of statement lines
        a night add up to."""
        lang = get_lang(self.env)
        grouping = ast.literal_eval(lang.grouping)
        separator, point = lang.thousands_sep or "", lang.decimal_point

        def format_money(amount, currency):
            digits = currency.decimal_places
            rounded = float_round(amount, precision_digits=digits, rounding_method="HALF-EVEN")
            integer, *decimals = (f"%.{digits}f" % rounded).split(".")
            text = point.join([intersperse(integer, grouping, separator)[0], *decimals])
            if not currency.symbol:
                return text
            if currency.position == "after":
                return f"{text}\N{NO-BREAK SPACE}{currency.symbol}"
            return f"{currency.symbol}\N{NO-BREAK SPACE}{text}"

        return format_money

    @api.depends_context("company", "lang")
    def _compute_logistics_statement_html(self):
        # the field's groups guard reads, not the placeholder a mail template renders
        # without QWeb (mail_allowed_qweb_expressions): refuse it here too
        readers = self._fields["logistics_statement_html"].groups
        if not self.env.su and not self.env.user.has_groups(readers):
            raise AccessError(
                self.env._("Only the credit team and the accountants read overdue statements.")
            )
        statements = self._logistics_overdue_statements()
        for partner in self:
            partner.logistics_statement_html = self.env["ir.qweb"]._render(
                "logistics_receivable.customer_statement_table",
                {"statement": statements[partner.commercial_partner_id]},
            )

    @api.depends("logistics_revenue_12m", "logistics_margin_12m")
    @api.depends_context("company")
    def _compute_margin_status(self):
        company = self.env.company
        for partner in self:
            low = company._logistics_margin_threshold(partner.customer_tier)
            revenue = partner.logistics_revenue_12m
            ratio = partner.logistics_margin_12m / revenue if revenue else 0.0
            partner.margin_percent_12m = ratio  # a ratio, shown with the percentage widget
            percent = 100.0 * ratio
            partner.margin_status = (
                "negative"
                if partner.logistics_margin_12m < 0
                else "low"
                if revenue and percent < low
                else "healthy"
            )

    @api.constrains("credit_investigation_score")
    def _check_credit_investigation_score(self):
        if any(not 0 <= p.credit_investigation_score <= 100 for p in self):
            raise ValidationError(self.env._("The investigation score must be between 0 and 100."))

    @api.constrains("credit_limit")
    def _check_credit_limit(self):
        if any(partner.credit_limit < 0 for partner in self):
            raise ValidationError(self.env._("A credit limit cannot be negative."))

    def action_credit_rate(self):
        """Rate these customers now with the scorecard (credit controllers and managers)."""
        if not self.env.user.has_group("logistics_receivable.group_logistics_credit_controller"):
            raise AccessError(self.env._("Only the credit team can rate customers."))
        self.env["logistics.credit.rating"]._logistics_rate(self.commercial_partner_id)
        return True
