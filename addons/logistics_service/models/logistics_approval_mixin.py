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
# Written by the approval's own actions only (as superuser), never by the users it gates.
APPROVAL_FIELDS = frozenset(
    {
        "approval_state",
        "approval_level",
        "approval_user_ids",
        "approval_fingerprint",
        "approval_reject_reason",
    }
)


class LogisticsApprovalMixin(models.AbstractModel):
    """Approval level by level along the authority matrix (报价授权体系), for any
    document with an owner (``user_id``), a company, a ``state``, a chatter and
    activities (``mail.thread``, ``mail.activity.mixin``).

    The document says when it needs an approval (``_logistics_needs_approval``), what an
    approval covers (``_logistics_fingerprint_parts``: any change of them voids it), whose
    authority covers it (``_logistics_covered_by``) and in which states it can still be
    changed (``_logistics_approval_states``); its approvers get an activity of type
    ``_logistics_approval_activity``. The mixin keeps the approval state in line
    with the document (``_logistics_refresh_approval``, to call when it changes), sends it
    up the matrix to the first level whose authority covers it, lets only those approvers
    (never the owner) approve or reject it, and tells why it may not go on
    (``_logistics_approval_error``). Its state and approvers are a gate of their own.
    """

    _name = "logistics.approval.mixin"
    _inherit = ["logistics.gated.mixin"]
    _description = "Approval along the Authority Matrix"

    _logistics_approval_states = ("draft", "sent")
    _logistics_approval_activity = "logistics_service.mail_activity_type_quote_approval"
    _logistics_gates = (Gate(APPROVAL_FIELDS, _lt("An approval is decided by its approvers.")),)
    _logistics_reason_actions = ("action_reject",)

    approval_state = fields.Selection(
        APPROVAL_STATES,
        default="not_required",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Documents outside their owner's authority must be approved before they go on.",
    )
    approval_level = fields.Integer(readonly=True, copy=False)
    approval_user_ids = fields.Many2many("res.users", string="Approvers", readonly=True, copy=False)
    approval_fingerprint = fields.Char(readonly=True, copy=False)
    approval_reject_reason = fields.Text("Rejection Reason", readonly=True, copy=False)
    can_approve = fields.Boolean(compute="_compute_can_approve")

    # ------------------------------------------------------------ HOOKS

    def _logistics_needs_approval(self):
        """Whether the document, as it is, needs an approval."""
        return False

    def _logistics_fingerprint_parts(self):
        """What an approval covers, as strings: any change of them voids it."""
        self.ensure_one()
        return [str(self.user_id.id), str(self.company_id.id)]

    def _logistics_covered_by(self, user):
        """Whether ``user``'s authority covers the document."""
        self.ensure_one()
        rules = self.env["logistics.quote.authority"]._rules_of(self.company_id, user)
        return rules._covers(self)

    def _logistics_authority_error(self):
        """Why the current user may not take the document on, although no approval
        was asked for (e.g. the matrix changed since), or False."""
        return False

    # ------------------------------------------------------------ COMPUTES

    @api.depends_context("uid")
    @api.depends("approval_state", "approval_user_ids")
    def _compute_can_approve(self):
        for record in self:
            record.can_approve = (
                record.approval_state == "to_approve"
                and record._logistics_covered_by(self.env.user)
                and self.env.user != record.user_id
            )

    # ------------------------------------------------------------ GATE

    def _logistics_fingerprint(self):
        self.ensure_one()
        return hashlib.sha1("|".join(self._logistics_fingerprint_parts()).encode()).hexdigest()

    def _logistics_approval_error(self):
        """Why the document may not go on now (be sent, confirmed…), or False."""
        self.ensure_one()
        if self.approval_state in ("required", "to_approve", "rejected"):
            return self._logistics_approval_message()
        if self.approval_state == "approved":
            if self.approval_fingerprint == self._logistics_fingerprint():
                return False
            # changed since the approval (e.g. cancelled, edited, set back to draft)
            return self.env._(
                "%s changed since it was approved: request a new approval.", self.display_name
            )
        return self._logistics_authority_error()

    def _logistics_check_approved(self):
        for record in self:
            error = record._logistics_approval_error()
            if error:
                raise UserError(error)

    def _logistics_approval_message(self):
        self.ensure_one()
        messages = {
            "required": self.env._(
                "%s is outside your authority (discount, margin or amount): request an "
                "approval first.",
                self.display_name,
            ),
            "to_approve": self.env._(
                "%(document)s is waiting for the approval of %(approvers)s.",
                document=self.display_name,
                approvers=", ".join(self.approval_user_ids.mapped("name")),
            ),
            "rejected": self.env._(
                "%(document)s was rejected: %(reason)s. Change it and request a new approval.",
                document=self.display_name,
                reason=self.approval_reject_reason or "",
            ),
        }
        return messages[self.approval_state]

    # ------------------------------------------------------------ ACTIONS

    def action_request_approval(self):
        """Send the document up the authority matrix, level by level, to the first level
        whose authority covers it; its members get an activity."""
        for record in self:
            if record.state not in record._logistics_approval_states:
                raise UserError(
                    self.env._("%s cannot be approved in its state.", record.display_name)
                )
            record._logistics_refresh_approval()
            if record.approval_state == "to_approve":
                raise UserError(
                    self.env._("%s already waits for an approval.", record.display_name)
                )
            if record.approval_state == "approved" or not record._logistics_approval_error():
                raise UserError(self.env._("%s does not need an approval.", record.display_name))
            record._logistics_escalate()
        return True

    def action_approve(self):
        for record in self:
            record._logistics_decide(
                "approved",
                False,
                self.env._("Approved"),
                self.env._(
                    "%(document)s approved by %(user)s.",
                    document=record.display_name,
                    user=self.env.user.name,
                ),
            )
        return True

    def action_reject(self, reason=None):
        if not reason:
            return self.env["logistics.reason.wizard"]._logistics_open(
                self, "action_reject", self.env._("Reject")
            )
        reason = self._logistics_text_argument(reason)
        for record in self:
            record._logistics_decide(
                "rejected",
                reason,
                self.env._("Rejected"),
                self.env._(
                    "%(document)s rejected by %(user)s: %(reason)s",
                    document=record.display_name,
                    user=self.env.user.name,
                    reason=reason,
                ),
            )
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=record.user_id.id,
                summary=self.env._(
                    "%(document)s rejected: %(reason)s", document=record.display_name, reason=reason
                ),
            )
        return True

    # ------------------------------------------------------------ BUSINESS

    def _logistics_decide(self, state, reason, feedback, body):
        """The current user's decision (approved, rejected) on the request, logged."""
        self.ensure_one()
        self._logistics_check_approver()
        self.sudo().write(
            {
                "approval_state": state,
                "approval_fingerprint": self._logistics_fingerprint(),
                "approval_reject_reason": reason,
            }
        )
        self._logistics_close_activities(feedback)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _logistics_refresh_approval(self):
        """Put the approval state in line with the document as it is now: any change of
        what an approval covers voids a pending request or a decision."""
        for record in self.filtered(lambda r: r.state in r._logistics_approval_states):
            if not record._logistics_needs_approval():
                new_state = "not_required"
            elif record.approval_state in ("to_approve", "approved", "rejected") and (
                record.approval_fingerprint == record._logistics_fingerprint()
            ):
                continue  # unchanged since the request or the decision
            else:
                new_state = "required"
            if record.approval_state == new_state:
                continue
            if record.approval_state == "to_approve":
                record._logistics_close_activities(self.env._("Changed since the request"))
            record.sudo().write(
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
        # from the owner's own level upwards
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
                    "Nobody's authority covers %s: change its prices, discounts or amount.",
                    self.display_name,
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
                self._logistics_approval_activity,
                user_id=approver.id,
                summary=self.env._("Approve %s", self.display_name),
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
            raise UserError(self.env._("%s is not waiting for an approval.", self.display_name))
        if user == self.user_id:
            raise AccessError(self.env._("Nobody approves their own documents."))
        if self.approval_fingerprint != self._logistics_fingerprint():
            raise UserError(self.env._("%s changed since the request.", self.display_name))
        if not self._logistics_covered_by(user):
            raise AccessError(
                self.env._(
                    "%s is beyond your authority; it must be approved at a higher level.",
                    self.display_name,
                )
            )

    def _logistics_close_activities(self, feedback):
        """The approval activities: the deciding approver's done, the others' removed."""
        types = [self._logistics_approval_activity]
        records = self.sudo()
        records.activity_feedback(types, user_id=self.env.uid, feedback=feedback)
        records.activity_unlink(types)
