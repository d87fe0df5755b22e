import hashlib

from markupsafe import Markup
from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

APPROVAL_STATES = [
    ("not_required", "Not Required"),
    ("required", "Approval Required"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
# Written only by the approval methods below (as superuser), never by the users they gate.
APPROVAL_FIELDS = frozenset(
    {
        "approval_state",
        "approval_level",
        "approval_user_ids",
        "approval_fingerprint",
        "approval_reject_reason",
    }
)
# What the customer pays, or when: any change voids an approval.
APPROVED_TERMS = (
    "partner_id",
    "partner_invoice_id",
    "user_id",
    "company_id",
    "currency_id",
    "pricelist_id",
    "payment_term_id",
    "fiscal_position_id",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"
    _logistics_gates = (
        Gate(APPROVAL_FIELDS, _lt("The approval of a quotation is decided by its approvers.")),
    )
    _logistics_reason_actions = ("action_reject",)

    approval_state = fields.Selection(
        APPROVAL_STATES,
        default="not_required",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Quotations outside the salesperson's authority must be approved before they "
        "are sent or confirmed.",
    )
    approval_level = fields.Integer(readonly=True, copy=False)
    approval_user_ids = fields.Many2many(
        "res.users",
        "sale_order_logistics_approver_rel",
        "order_id",
        "user_id",
        string="Approvers",
        readonly=True,
        copy=False,
    )
    approval_fingerprint = fields.Char(readonly=True, copy=False)
    approval_reject_reason = fields.Text("Rejection Reason", readonly=True, copy=False)
    can_approve = fields.Boolean(compute="_compute_can_approve")

    # ------------------------------------------------------------ COMPUTES

    @api.depends_context("uid")
    @api.depends("approval_state", "approval_user_ids")
    def _compute_can_approve(self):
        for order in self:
            order.can_approve = (
                order.approval_state == "to_approve"
                and order._logistics_covered_by(self.env.user)
                and self.env.user != order.user_id
            )

    # ------------------------------------------------------------ CRUD

    def write(self, vals):
        res = super().write(vals)
        if set(APPROVED_TERMS) & vals.keys():
            self._logistics_refresh_approval()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._logistics_refresh_approval()
        return orders

    # ------------------------------------------------------------ GATES

    def _logistics_confirm_gate_error(self):
        return super()._logistics_confirm_gate_error() or self._logistics_gate_error()

    def action_quotation_send(self):
        self._logistics_check_approved()
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._logistics_check_approved()
        return super().action_quotation_sent()

    def _logistics_check_approved(self):
        for order in self:
            error = order._logistics_gate_error()
            if error:
                raise UserError(error)

    def _logistics_gate_error(self):
        """Why this quotation may not be sent or confirmed now, or False.

        Besides the approval state, the authority is checked again at the gate: the
        matrix may have changed since, and whoever sends or confirms a quotation must
        cover it too (handing a quotation over to a higher salesperson is no way round).
        """
        self.ensure_one()
        if self.approval_state in ("required", "to_approve", "rejected"):
            return self._logistics_approval_message()
        if self.approval_state == "approved":
            if self.approval_fingerprint == self._logistics_fingerprint():
                return False
            # changed since the approval (e.g. cancelled, edited, set back to quotation)
            return self.env._(
                "Quotation %s changed since it was approved: request a new approval.", self.name
            )
        if self.env.su:
            return False
        if not self.env["logistics.quote.authority"]._company_rule_ids(self.company_id.id):
            return False
        if not self.order_line._logistics_priced_lines():
            return False
        user = self.env.user
        if not self._logistics_covered_by(self.user_id or user) or (
            user != self.user_id and not self._logistics_covered_by(user)
        ):
            return self.env._(
                "Quotation %s is outside your authority: request an approval first.", self.name
            )
        return False

    def _logistics_approval_message(self):
        self.ensure_one()
        messages = {
            "required": self.env._(
                "Quotation %s is outside your authority (discount, margin or amount): "
                "request an approval first.",
                self.name,
            ),
            "to_approve": self.env._(
                "Quotation %(order)s is waiting for the approval of %(approvers)s.",
                order=self.name,
                approvers=", ".join(self.approval_user_ids.mapped("name")),
            ),
            "rejected": self.env._(
                "Quotation %(order)s was rejected: %(reason)s. Change it and request a new "
                "approval.",
                order=self.name,
                reason=self.approval_reject_reason or "",
            ),
        }
        return messages[self.approval_state]

    # ------------------------------------------------------------ ACTIONS

    def action_request_approval(self):
        """Send the quotation up the authority matrix, level by level, to the first level
        whose authority covers it; its members get an activity."""
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(self.env._("Only quotations can be approved."))
            order._logistics_refresh_approval()
            if order.approval_state == "to_approve":
                raise UserError(
                    self.env._("Quotation %s already waits for an approval.", order.name)
                )
            if order.approval_state == "approved" or not order._logistics_gate_error():
                raise UserError(self.env._("Quotation %s does not need an approval.", order.name))
            order._logistics_escalate()
        return True

    def action_approve(self):
        for order in self:
            order._logistics_check_approver()
            order.sudo().write(
                {
                    "approval_state": "approved",
                    "approval_fingerprint": order._logistics_fingerprint(),
                    "approval_reject_reason": False,
                }
            )
            order._logistics_close_activities(self.env._("Approved"))
            order.message_post(
                body=self.env._("Quotation approved by %s.", self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_reject(self, reason=None):
        if not reason:
            return self.env["logistics.reason.wizard"]._logistics_open(
                self, "action_reject", self.env._("Reject Quotation")
            )
        reason = self._logistics_text_argument(reason)
        for order in self:
            order._logistics_check_approver()
            order.sudo().write(
                {
                    "approval_state": "rejected",
                    "approval_fingerprint": order._logistics_fingerprint(),
                    "approval_reject_reason": reason,
                }
            )
            order._logistics_close_activities(self.env._("Rejected"))
            order.message_post(
                body=self.env._(
                    "Quotation rejected by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=order.user_id.id,
                summary=self.env._("Quotation rejected: %s", reason),
            )
        return True

    # ------------------------------------------------------------ BUSINESS

    def _logistics_fingerprint(self):
        """What was approved: products, quantities, units, prices, discounts, costs, and
        who pays, how and when (customer, invoice address, salesperson, currency,
        pricelist, payment terms, fiscal position)."""
        self.ensure_one()
        parts = [str(self[fname].id) for fname in APPROVED_TERMS]
        for line in self.order_line._logistics_priced_lines().sorted("id"):
            parts.append(
                f"{line.product_id.id}:{line.product_uom_qty}:{line.product_uom.id}:"
                f"{line.price_unit}:{line.discount}:{line.purchase_price}"
            )
        return hashlib.sha1("|".join(parts).encode()).hexdigest()

    def _logistics_covered_by(self, user):
        self.ensure_one()
        rules = self.env["logistics.quote.authority"]._rules_of(self.company_id, user)
        return rules._covers(self)

    def _logistics_needs_approval(self):
        self.ensure_one()
        if not self.env["logistics.quote.authority"]._company_rule_ids(self.company_id.id):
            return False  # no authority matrix for this company: feature off
        if not self.order_line._logistics_priced_lines():
            return False
        return not self._logistics_covered_by(self.user_id or self.env.user)

    def _logistics_refresh_approval(self):
        """Put the approval state in line with the quotation as it is now: any change of
        what is sold or at which price voids a pending request or a decision."""
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            if not order._logistics_needs_approval():
                new_state = "not_required"
            elif order.approval_state in ("to_approve", "approved", "rejected") and (
                order.approval_fingerprint == order._logistics_fingerprint()
            ):
                continue  # unchanged since the request or the decision
            else:
                new_state = "required"
            if order.approval_state == new_state:
                continue
            if order.approval_state == "to_approve":
                order._logistics_close_activities(self.env._("Quotation changed"))
            order.sudo().write(
                {
                    "approval_state": new_state,
                    "approval_level": 0,
                    "approval_user_ids": [(5, 0, 0)],
                    "approval_fingerprint": False,
                }
            )

    def _logistics_escalate(self):
        self.ensure_one()
        Authority = self.env["logistics.quote.authority"]
        rules = Authority._rules_of(self.company_id)
        # a user stands at the highest level of their rules, with all their rules' authority
        # from the salesperson's own level upwards
        own_rules = (
            Authority._rules_of(self.company_id, self.user_id) if self.user_id else rules[:0]
        )
        own_level = max(own_rules.mapped("level"), default=0)
        by_level = {}
        for user in rules._users() - self.user_id:
            user_level = max(Authority._rules_of(self.company_id, user).mapped("level"))
            if user_level > own_level:
                by_level[user_level] = by_level.get(user_level, self.env["res.users"]) | user
        skipped = []
        for level in sorted(by_level):
            approvers = by_level[level].filtered(self._logistics_covered_by)
            if approvers:
                break
            skipped.append(level)
        else:
            raise UserError(
                self.env._(
                    "Nobody's authority covers quotation %s: change its prices, discounts or "
                    "amount.",
                    self.name,
                )
            )
        self.sudo().write(
            {
                "approval_state": "to_approve",
                "approval_level": level,
                "approval_user_ids": [(6, 0, approvers.ids)],
                "approval_fingerprint": self._logistics_fingerprint(),
                "approval_reject_reason": False,
            }
        )
        for approver in approvers:
            self.activity_schedule(
                "logistics_service.mail_activity_type_quote_approval",
                user_id=approver.id,
                summary=self.env._("Approve quotation %s", self.name),
            )
        body = self.env._(
            "Approval requested from level %(level)s: %(approvers)s.",
            level=level,
            approvers=", ".join(approvers.mapped("name")),
        )
        if skipped:
            body += " " + self.env._(
                "Escalated past level(s) %s, beyond their authority.", ", ".join(map(str, skipped))
            )
        self.message_post(body=Markup("<p>%s</p>") % body, subtype_xmlid="mail.mt_note")

    def _logistics_check_approver(self):
        self.ensure_one()
        user = self.env.user
        if self.approval_state != "to_approve":
            raise UserError(self.env._("Quotation %s is not waiting for an approval.", self.name))
        if user == self.user_id:
            raise AccessError(self.env._("Nobody approves their own quotation."))
        if self.approval_fingerprint != self._logistics_fingerprint():
            raise UserError(self.env._("Quotation %s changed since the request.", self.name))
        if not self._logistics_covered_by(user):
            raise AccessError(
                self.env._(
                    "Quotation %s is beyond your authority; it must be approved at a higher level.",
                    self.name,
                )
            )

    def _logistics_close_activities(self, feedback):
        """The approval activities: the deciding approver's done, the others' removed."""
        types = ["logistics_service.mail_activity_type_quote_approval"]
        orders = self.sudo()
        orders.activity_feedback(types, user_id=self.env.uid, feedback=feedback)
        orders.activity_unlink(types)
