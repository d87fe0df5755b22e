from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.logistics_crm.tools import create_values
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

OVERRIDE_FIELDS = {"credit_override_user_id", "credit_override_reason"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_override_user_id = fields.Many2one(
        "res.users", "Credit Override by", readonly=True, copy=False
    )
    credit_override_reason = fields.Text(readonly=True, copy=False)
    credit_block_reason = fields.Char(compute="_compute_credit_block_reason")

    def _compute_credit_block_reason(self):
        for order in self:
            order.credit_block_reason = (
                order.state in ("draft", "sent")
                and not order.credit_override_user_id
                and order.partner_id
                and order._logistics_credit_block_reason()
            ) or False

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            OVERRIDE_FIELDS & create_values(self.env, vals).keys() for vals in vals_list
        ):
            raise AccessError(self.env._("Only a credit manager can override the credit check."))
        return super().create(vals_list)

    def write(self, vals):
        if OVERRIDE_FIELDS & vals.keys() and not self.env.su:
            raise AccessError(self.env._("Only a credit manager can override the credit check."))
        return super().write(vals)

    def action_draft(self):
        # an override was given for the order as it was: not for what it may become
        self.filtered("credit_override_user_id").sudo().write(
            {"credit_override_user_id": False, "credit_override_reason": False}
        )
        return super().action_draft()

    def _confirmation_error_message(self):
        return super()._confirmation_error_message() or (
            not self.credit_override_user_id and self._logistics_credit_block_reason()
        )

    def _logistics_credit_block_reason(self):
        """Why the customer's credit forbids confirming this order, or False.

        A constant number of queries whatever the number of invoices and orders: the
        receivable balance and the confirmed-but-uninvoiced amount are aggregates.
        """
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id.with_company(self.company_id).sudo()
        if customer.margin_policy == "stop":
            return self.env._(
                "%s is no longer accepted as a customer (margin policy).", customer.name
            )
        if customer.margin_policy == "approval":
            return self.env._(
                "Orders of %s need a credit manager's approval (margin policy).", customer.name
            )
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
        # Odoo computes the uninvoiced part of the exposure only with its credit limit on
        company = self.company_id
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

    def action_credit_override(self, reason=None):
        """A credit manager confirms despite the credit check, with a logged reason."""
        if not self.env.user.has_group("logistics_receivable.group_logistics_credit_manager"):
            raise AccessError(self.env._("Only a credit manager can override the credit check."))
        if not reason:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Override Credit Check"),
                "res_model": "logistics.credit.override",
                "view_mode": "form",
                "target": "new",
                "context": {"default_order_ids": self.ids},
            }
        for order in self:
            block = order._logistics_credit_block_reason()
            if not block:
                continue
            if order.partner_id.commercial_partner_id.margin_policy == "stop":
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
        self._logistics_margin_alerts()
        return res

    def _logistics_margin_alerts(self):
        """Orders confirmed below the low-margin threshold ask the salesperson for a
        diagnosis; negative ones involve the sales manager too."""
        for order in self:
            if not order.amount_untaxed:
                continue
            percent = 100.0 * order.margin / order.amount_untaxed
            if percent >= order.company_id.margin_low_percent:
                continue
            users = order.user_id
            if order.margin < 0:
                users |= order.team_id.user_id
            for user in users:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._(
                        "Diagnose the margin of %(order)s: %(percent).1f %%",
                        order=order.name,
                        percent=percent,
                    ),
                )
