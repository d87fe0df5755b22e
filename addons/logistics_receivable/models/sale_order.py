from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import COMPUTED_MESSAGE, Gate
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare
from odoo.tools.misc import formatLang
from odoo.tools.translate import LazyTranslate

from .sale_order_line import COST_STATES, JOB_FIELDS, init_job_columns

_lt = LazyTranslate(__name__)
OVERRIDE_MESSAGE = _lt("Only a credit manager can override the credit check.")


class SaleOrder(models.Model):
    _inherit = "sale.order"
    # written by action_credit_override only
    _logistics_gates = (
        Gate(frozenset({"credit_override_user_id", "credit_override_reason"}), OVERRIDE_MESSAGE),
        Gate(JOB_FIELDS | {"logistics_job_margin_percent"}, COMPUTED_MESSAGE),
    )
    _logistics_reason_actions = ("action_credit_override",)

    credit_override_user_id = fields.Many2one(
        "res.users", "Credit Override by", readonly=True, copy=False
    )
    credit_override_reason = fields.Text(readonly=True, copy=False)
    credit_block_reason = fields.Char(compute="_compute_credit_block_reason")
    payment_instalment_ids = fields.One2many(
        "logistics.payment.instalment", "order_id", "Payment Plan", copy=False
    )
    payment_planned = fields.Monetary("Planned", compute="_compute_payment_plan")
    payment_collected = fields.Monetary("Collected", compute="_compute_payment_plan")
    payment_unplanned = fields.Monetary(
        "Not in the Plan",
        compute="_compute_payment_plan",
        help="Part of the order's total that no instalment plans yet.",
    )
    payment_overdue = fields.Monetary("Overdue", compute="_compute_payment_plan")
    # job costing: the actual cost and margin from the vendor bills of the order's items
    logistics_actual_cost = fields.Monetary(
        "Actual Cost", compute="_compute_logistics_job_margin", store=True
    )
    logistics_cost_state = fields.Selection(
        COST_STATES,
        "Cost Status",
        compute="_compute_logistics_job_margin",
        store=True,
        help="Estimated: no vendor bill yet. Partly billed: vendor bills are posted but "
        "purchase lines still wait for theirs. Actual: every item with purchases is billed.",
    )
    logistics_job_margin = fields.Monetary(
        "Job Margin",
        compute="_compute_logistics_job_margin",
        store=True,
        help="Each item's actual margin once its costs are all billed, its estimated "
        "margin until then. Margin alerts and the customer's trailing margin use it.",
    )
    logistics_job_margin_percent = fields.Float(
        "Job Margin (%)", compute="_compute_logistics_job_margin", store=True, aggregator="avg"
    )

    def _auto_init(self):
        init_job_columns(self.env.cr)  # (see there: every order starts at its estimate)
        return super()._auto_init()

    @api.depends(
        "amount_untaxed",
        "order_line.logistics_actual_cost",
        "order_line.logistics_cost_state",
        "order_line.logistics_job_margin",
        "order_line.purchase_line_ids.state",
    )
    def _compute_logistics_job_margin(self):
        for order in self:
            lines = order.order_line
            states = set(lines.mapped("logistics_cost_state")) - {"estimated", False}
            # items bought for but not billed at all yet
            unbilled = lines.filtered(
                lambda line: line.logistics_cost_state == "estimated"
                and line._logistics_purchase_lines()
            )
            order.logistics_actual_cost = sum(lines.mapped("logistics_actual_cost"))
            order.logistics_cost_state = (
                "estimated"
                if not states
                else "partial"
                if "partial" in states or unbilled
                else "actual"
            )
            order.logistics_job_margin = sum(lines.mapped("logistics_job_margin"))
            order.logistics_job_margin_percent = (
                order.amount_untaxed and order.logistics_job_margin / order.amount_untaxed
            )

    @api.depends(
        "amount_total",
        "payment_instalment_ids.amount",
        "payment_instalment_ids.paid_amount",
        "payment_instalment_ids.due_date",
    )
    def _compute_payment_plan(self):
        today = fields.Date.context_today(self)
        for order in self:
            instalments = order.payment_instalment_ids
            order.payment_planned = sum(instalments.mapped("amount"))
            order.payment_collected = sum(instalments.mapped("paid_amount"))
            order.payment_unplanned = order.amount_total - order.payment_planned
            order.payment_overdue = sum(
                instalments.filtered(lambda i: i.due_date and i.due_date < today).mapped("residual")
            )

    def _logistics_collected_amount(self):
        """What the customer has paid on this order's invoices, net of refunds, in the
        order's currency. An invoice shared by several orders counts for each order
        the paid share of the lines that invoice it."""
        self.ensure_one()
        collected = 0.0
        # an aggregate: whoever looks at the plan may not read every invoice line
        for line in self.sudo().order_line.invoice_lines.filtered(
            lambda aml: aml.move_id.state == "posted" and aml.move_id.is_sale_document()
        ):
            move = line.move_id
            if not move.amount_total:
                continue
            paid_ratio = 1.0 - move.amount_residual / move.amount_total
            amount = line.price_total * paid_ratio * (-1 if move.move_type == "out_refund" else 1)
            if move.currency_id != self.currency_id:
                amount = move.currency_id._convert(
                    amount,
                    self.currency_id,
                    self.company_id,
                    move.invoice_date or fields.Date.today(),
                )
            collected += amount
        return collected

    def action_generate_payment_plan(self):
        """(Re)build the payment plan from the payment terms, while nothing is collected."""
        for order in self:
            if any(order.payment_instalment_ids.mapped("paid_amount")):
                raise UserError(
                    self.env._(
                        "Part of %s is already collected: edit its payment plan instead of "
                        "regenerating it.",
                        order.name,
                    )
                )
            order.payment_instalment_ids.unlink()
            order.write(
                {
                    "payment_instalment_ids": [
                        Command.create(v) for v in order._logistics_plan_values()
                    ]
                }
            )
        return True

    def _logistics_plan_values(self):
        """Instalments of the order's payment terms, from its confirmation date."""
        self.ensure_one()
        if self.currency_id.compare_amounts(self.amount_total, 0.0) <= 0:
            return []  # nothing to collect (e.g. an order of credits)
        date_ref = fields.Date.to_date(self.date_order) or fields.Date.context_today(self)
        if not self.payment_term_id:
            return [
                {"name": self.env._("Payment"), "due_date": date_ref, "amount": self.amount_total}
            ]
        terms = self.payment_term_id._compute_terms(
            date_ref=date_ref,
            currency=self.currency_id,
            company=self.company_id,
            tax_amount=self.amount_tax,
            tax_amount_currency=self.amount_tax,
            sign=1,
            untaxed_amount=self.amount_untaxed,
            untaxed_amount_currency=self.amount_untaxed,
        )["line_ids"]
        if any(self.currency_id.compare_amounts(term["foreign_amount"], 0.0) < 0 for term in terms):
            # fixed amounts above the order's total: one payment, as nothing else fits
            return [
                {"name": self.env._("Payment"), "due_date": date_ref, "amount": self.amount_total}
            ]
        return [
            {
                "name": self.env._(
                    "Instalment %(number)s/%(count)s", number=number, count=len(terms)
                ),
                "due_date": term["date"],
                "amount": term["foreign_amount"],
            }
            for number, term in enumerate(terms, 1)
            if self.currency_id.compare_amounts(term["foreign_amount"], 0.0) > 0
        ]

    def _compute_credit_block_reason(self):
        for order in self:
            order.credit_block_reason = (
                order.state in ("draft", "sent")
                and not order.credit_override_user_id
                and order.partner_id
                and order._logistics_credit_block_reason()
            ) or False

    def action_draft(self):
        # an override was given for the order as it was: not for what it may become
        self.filtered("credit_override_user_id").sudo().write(
            {"credit_override_user_id": False, "credit_override_reason": False}
        )
        return super().action_draft()

    def action_confirm(self):
        # Confirming several orders at once: each is checked against an exposure that
        # includes the ones confirmed before it, not against the exposure before the batch.
        if len(self) > 1 and any(self.company_id.mapped("credit_block_enabled")):
            for order in self:
                super(SaleOrder, order).action_confirm()
            return True
        return super().action_confirm()

    def _logistics_confirm_gate_error(self):
        return super()._logistics_confirm_gate_error() or (
            not self.credit_override_user_id and self._logistics_credit_block_reason()
        )

    def _logistics_credit_block_reason(self):
        """Why the customer's credit forbids confirming this order, or False.

        A constant number of queries whatever the number of invoices and orders: the
        receivable balance and the confirmed-but-uninvoiced amount are aggregates.
        """
        self.ensure_one()
        # the customer and whoever is invoiced: either one's credit can refuse the order
        for customer in (self.partner_id | self.partner_invoice_id).commercial_partner_id:
            reason = self._logistics_customer_block_reason(
                customer.with_company(self.company_id).sudo()
            )
            if reason:
                return reason
        return False

    def _logistics_customer_block_reason(self, customer):
        if customer.margin_policy == "stop":
            return self.env._(
                "%s is no longer accepted as a customer (margin policy).", customer.name
            )
        if customer.margin_policy == "approval":
            return self.env._(
                "Orders of %s need a credit manager's approval (margin policy).", customer.name
            )
        policy = customer.credit_policy_id
        reason = policy and policy._block_reason(self, customer)
        if reason:
            return reason
        if customer.credit_hold:
            return self.env._(
                "%(customer)s is on credit hold: %(reason)s",
                customer=customer.name,
                reason=customer.credit_hold_reason or "",
            )
        days = self.company_id.credit_overdue_days
        if days:
            limit_date = fields.Date.context_today(self) - timedelta(days=days)
            overdue = (
                self.env["account.move.line"]
                .sudo()
                .search_count(
                    [
                        ("partner_id", "=", customer.id),
                        ("company_id", "=", self.company_id.id),
                        ("account_type", "=", "asset_receivable"),
                        ("parent_state", "=", "posted"),
                        ("reconciled", "=", False),
                        ("amount_residual", ">", 0),
                        ("date_maturity", "<", limit_date),
                    ],
                    limit=1,
                )
            )
            if overdue:
                return self.env._(
                    "%(customer)s has debt overdue for more than %(days)s days.",
                    customer=customer.name,
                    days=days,
                )
        company = self.company_id
        # (a branch's users may not read the head office holding the limit)
        holder = company.sudo().credit_group_company_id
        if holder:
            return self._logistics_group_block_reason(customer, holder)
        # Odoo computes the uninvoiced part of the exposure only with its credit limit on
        if (
            company.credit_block_enabled
            and company.account_use_credit_limit
            and customer.credit_limit > 0
        ):
            # non-stored aggregates: never trust a value cached earlier in the transaction
            customer.invalidate_recordset(["credit", "credit_to_invoice"])
            amount = self.currency_id._convert(
                self.amount_total,
                self.company_id.currency_id,
                self.company_id,
                self.date_order or fields.Date.today(),
            )
            exposure = customer.credit + customer.credit_to_invoice + amount
            if float_compare(exposure, customer.credit_limit, precision_rounding=0.01) > 0:
                return self.env._(
                    "Confirming %(order)s would bring the exposure of %(customer)s to "
                    "%(exposure).2f, above its credit limit of %(limit).2f.",
                    order=self.name,
                    customer=customer.name,
                    exposure=exposure,
                    limit=customer.credit_limit,
                )
        return False

    def _logistics_group_block_reason(self, customer, holder):
        """The credit limit check against the group credit limit ``holder`` holds: the
        customer's limit there against its exposure in every company sharing it, in
        ``holder``'s currency. Replaces the company's own limit."""
        limit = customer.with_company(holder).credit_limit
        if not (
            self.company_id.credit_block_enabled and holder.account_use_credit_limit and limit > 0
        ):
            return False
        currency = holder.currency_id
        # (converted at the holder's rates, which its branches' users may not read)
        amount = self.currency_id.sudo()._convert(
            self.amount_total, currency, holder, self.date_order or fields.Date.today()
        )
        exposure = customer._logistics_group_exposures(holder)[customer] + amount
        if currency.compare_amounts(exposure, limit) <= 0:
            return False
        return self.env._(
            "Confirming %(order)s would bring the exposure of %(customer)s in the group of "
            "%(holder)s to %(exposure)s, above its group credit limit of %(limit)s.",
            order=self.name,
            customer=customer.name,
            holder=holder.name,
            exposure=formatLang(self.env, exposure, currency_obj=currency),
            limit=formatLang(self.env, limit, currency_obj=currency),
        )

    def _logistics_hold_paid_order(self):
        """Paid online but refused by the confirmation gates: ask the credit manager."""
        for order in self:
            block = order._logistics_confirm_gate_error()
            manager = (
                order.company_id.credit_controller_id.filtered(
                    lambda u: u.has_group("logistics_receivable.group_logistics_credit_manager")
                )
                or self.env.ref(
                    "logistics_receivable.group_logistics_credit_manager"
                ).users.filtered(
                    lambda u: not u.share and u.active and u.id != self.env.ref("base.user_root").id
                )[:1]
            )
            summary = order.with_context(lang=manager.lang).env._(
                "%(order)s was paid online but its confirmation is refused: %(block)s "
                "Override it or refund the customer.",
                order=order.name,
                block=block,
            )
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(manager or order.user_id).id,
                summary=summary,
            )
            order.message_post(body=summary, subtype_xmlid="mail.mt_note")

    def action_credit_override(self, reason=None):
        """A credit manager confirms despite the credit check, with a logged reason."""
        if not self.env.user.has_group("logistics_receivable.group_logistics_credit_manager"):
            raise AccessError(self.env._(OVERRIDE_MESSAGE))
        if not reason:
            return self.env["logistics.reason.wizard"]._logistics_open(
                self, "action_credit_override", self.env._("Override Credit Check")
            )
        reason = self._logistics_text_argument(reason)
        for order in self:
            block = order._logistics_credit_block_reason()
            if not block:
                continue
            customers = (order.partner_id | order.partner_invoice_id).commercial_partner_id
            if "stop" in customers.mapped("margin_policy"):
                raise UserError(block)
            order.sudo().write(
                {"credit_override_user_id": self.env.uid, "credit_override_reason": reason}
            )
            order.message_post(
                body=self.env._(
                    "Credit check overridden by %(user)s (%(block)s): %(reason)s",
                    user=self.env.user.name,
                    block=block,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return self.action_confirm()

    def _action_confirm(self):
        res = super()._action_confirm()
        for order in self.filtered(lambda o: not o.payment_instalment_ids):
            order.payment_instalment_ids = [
                Command.create(values) for values in order._logistics_plan_values()
            ]
        self._logistics_margin_alerts()
        return res

    def _logistics_margin_alerts(self, actual=False):
        """Orders confirmed below the low-margin threshold ask the salesperson for a
        diagnosis; negative ones involve the sales manager too. ``actual``: the same on
        the actual margin, once the order's vendor bills are all posted - the only alert
        of a job whose services are bought for it (its estimate is the purchases')."""
        for order in self:
            if not order.amount_untaxed:
                continue
            if not actual and any(order.order_line.product_id.mapped("service_to_purchase")):
                # its services are bought for it: judged on its actual margin, when billed
                continue
            if actual:
                margin, ratio = order.logistics_job_margin, order.logistics_job_margin_percent
            else:
                margin, ratio = order.margin, order.margin_percent  # sale_margin's estimate
            percent = 100.0 * ratio
            tier = order.partner_id.commercial_partner_id.customer_tier
            if margin >= 0 and percent >= order.company_id._logistics_margin_threshold(tier):
                continue
            users = order.user_id
            if margin < 0:
                users |= order.team_id.user_id
            summary = (
                self.env._(
                    "Diagnose the actual margin of %(order)s: %(percent).1f %%",
                    order=order.name,
                    percent=percent,
                )
                if actual
                else self.env._(
                    "Diagnose the margin of %(order)s: %(percent).1f %%",
                    order=order.name,
                    percent=percent,
                )
            )
            for user in users:
                order.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=user.id, summary=summary
                )
