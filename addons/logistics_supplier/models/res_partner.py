from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.exceptions import AccessError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

SUPPLIER_TYPES = [
    ("carrier", "Carrier / Trucking"),
    ("shipping_line", "Shipping Line"),
    ("airline", "Airline"),
    ("warehouse", "Warehouse"),
    ("customs_broker", "Customs Broker"),
    ("other", "Other"),
]
SUPPLIER_STATES = [
    ("qualified", "Qualified"),
    ("under_review", "Under Review"),
    ("blacklisted", "Blacklisted"),
]
SUPPLIER_GATE_MESSAGE = _lt("Only a supplier manager may change the status or code of a supplier.")


class ResPartner(models.Model):
    _inherit = "res.partner"
    _logistics_reason_actions = ("action_supplier_blacklist", "action_supplier_clear")
    # Written only by supplier managers (or the evaluation, as superuser)
    _logistics_gates = (
        Gate(
            frozenset({"supplier_state", "supplier_state_reason", "supplier_code"}),
            SUPPLIER_GATE_MESSAGE,
            groups="logistics_supplier.group_logistics_supplier_manager",
        ),
        # no way out of a blacklist or a review by turning one of the supplier's contacts
        # into a company of its own, nor out of the master (and its document checks) by
        # unticking a supplier
        Gate(
            frozenset({"is_company", "parent_id"}),
            SUPPLIER_GATE_MESSAGE,
            groups="logistics_supplier.group_logistics_supplier_manager",
            applies="_logistics_under_supplier_gate",
        ),
        Gate(
            frozenset({"is_logistics_supplier"}),
            SUPPLIER_GATE_MESSAGE,
            groups="logistics_supplier.group_logistics_supplier_manager",
            applies="_logistics_suppliers",
        ),
    )

    is_logistics_supplier = fields.Boolean("Logistics Supplier", index=True)
    supplier_code = fields.Char(
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="One code per supplier, from a sequence.",
    )
    supplier_type = fields.Selection(SUPPLIER_TYPES, tracking=True)
    supplier_service_line_ids = fields.Many2many(
        "logistics.service.line",
        "res_partner_supplier_service_line_rel",
        "partner_id",
        "service_line_id",
        string="Services Supplied",
    )
    lane_ids = fields.Many2many("logistics.lane", string="Lanes / Regions")
    # copied: a copy of a blacklisted supplier is no fresh start (the gate refuses it to
    # buyers)
    supplier_state = fields.Selection(
        SUPPLIER_STATES, "Supplier Status", default="qualified", tracking=True
    )
    supplier_state_reason = fields.Text("Status Reason", tracking=True, copy=False)
    supplier_document_ids = fields.One2many(
        "logistics.supplier.document", "partner_id", "Qualification Documents"
    )
    supplier_evaluation_ids = fields.One2many(
        "logistics.supplier.evaluation", "partner_id", "Evaluations"
    )
    supplier_grade = fields.Selection(
        [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")],
        compute="_compute_supplier_grade",
        store=True,
        help="Grade of the last confirmed evaluation.",
    )

    _sql_constraints = [
        ("supplier_code_uniq", "unique(supplier_code)", "This supplier code is already used."),
    ]

    @api.depends(
        "supplier_evaluation_ids.state",
        "supplier_evaluation_ids.grade",
        "supplier_evaluation_ids.period_end",
    )
    def _compute_supplier_grade(self):
        for partner in self:
            done = partner.supplier_evaluation_ids.filtered(lambda e: e.state == "done")
            partner.supplier_grade = done.sorted("period_end")[-1:].grade or False

    # ------------------------------------------------------------ CRUD

    def _logistics_suppliers(self):
        return self.filtered("is_logistics_supplier")

    def _logistics_under_supplier_gate(self):
        """Blacklisted or reviewed suppliers and their contacts."""
        return self.filtered(lambda p: p._logistics_gated_supplier())

    def _logistics_gated_supplier(self):
        """The blacklisted or reviewed supplier this partner is, or is a contact of."""
        self.ensure_one()
        partner = self
        while partner:
            if partner.is_logistics_supplier and partner.supplier_state != "qualified":
                return partner
            partner = partner.parent_id
        return self.browse()

    @api.model_create_multi
    def create(self, vals_list):
        # a vendor created the stock way (Purchase > Vendors, a purchase order's vendor
        # field) is in the supplier master too
        as_vendor = self.env.context.get("res_partner_search_mode") == "supplier"
        for vals in vals_list:
            if not vals.get("parent_id") and (as_vendor or vals.get("supplier_rank", 0) > 0):
                vals.setdefault("is_logistics_supplier", True)
            if vals.get("is_logistics_supplier") and "company_id" not in vals:
                vals["company_id"] = False  # one supplier master for all branches
        partners = super().create(vals_list)
        partners.filtered(
            lambda p: p.is_logistics_supplier and not p.parent_id
        )._logistics_ensure_supplier_code()
        return partners

    def write(self, vals):
        res = super().write(vals)
        if vals.get("is_logistics_supplier"):
            self.filtered(lambda p: not p.parent_id)._logistics_ensure_supplier_code()
        return res

    def _increase_rank(self, field, n=1):
        # a partner bought from (a confirmed purchase order, a vendor bill) is a vendor:
        # in the supplier master, with its code and gates, however it was created
        res = super()._increase_rank(field, n)
        if field == "supplier_rank":
            vendors = self.commercial_partner_id.filtered(lambda p: not p.is_logistics_supplier)
            vendors.sudo().write({"is_logistics_supplier": True})
        return res

    def _logistics_ensure_supplier_code(self):
        sequence = self.env["ir.sequence"].sudo()
        for partner in self.filtered(lambda p: not p.supplier_code):
            partner.sudo().supplier_code = sequence.next_by_code("logistics.supplier.code")

    # ------------------------------------------------------------ ACTIONS

    def _logistics_check_supplier_manager(self):
        if not self.env.user.has_group("logistics_supplier.group_logistics_supplier_manager"):
            raise AccessError(self.env._("Only a supplier manager may do this."))

    def action_supplier_blacklist(self, reason=None):
        self._logistics_check_supplier_manager()
        if not reason:
            return self.env["logistics.reason.wizard"]._logistics_open(
                self, "action_supplier_blacklist", self.env._("Blacklist Supplier")
            )
        reason = self._logistics_text_argument(reason)
        self._logistics_set_supplier_state("blacklisted", reason)
        return True

    def action_supplier_clear(self, reason=None):
        """A supplier manager clears a review or a blacklist (logged)."""
        self._logistics_check_supplier_manager()
        if not reason:
            return self.env["logistics.reason.wizard"]._logistics_open(
                self, "action_supplier_clear", self.env._("Clear Supplier")
            )
        reason = self._logistics_text_argument(reason)
        self._logistics_set_supplier_state("qualified", reason)
        return True

    def _logistics_set_supplier_state(self, state, reason):
        labels = dict(self._fields["supplier_state"]._description_selection(self.env))
        for partner in self:
            partner.sudo().write({"supplier_state": state, "supplier_state_reason": reason})
            # logged as the deciding user, whether or not they may edit the partner itself
            partner.sudo().message_post(
                body=self.env._(
                    "Supplier status set to %(state)s by %(user)s: %(reason)s",
                    state=labels[state],
                    user=self.env.user.name,
                    reason=reason,
                ),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------ BUSINESS

    @api.model
    def _logistics_unique_code_fields(self):
        return super()._logistics_unique_code_fields() + ["supplier_code"]

    def _logistics_codes(self):
        codes = super()._logistics_codes()
        return codes + [self.supplier_code] if self.supplier_code else codes

    def _logistics_purchase_block_reason(self):
        """Why no purchase order may be confirmed with this supplier now, or False."""
        self.ensure_one()
        # a contact of a blacklisted supplier, even one made a company, is that supplier
        supplier = self._logistics_gated_supplier() or self.commercial_partner_id
        if not supplier.is_logistics_supplier:
            return False
        if supplier.supplier_state == "blacklisted":
            return self.env._(
                "Supplier %(name)s is blacklisted: %(reason)s",
                name=supplier.name,
                reason=supplier.supplier_state_reason or "",
            )
        if supplier.supplier_state == "under_review":
            return self.env._(
                "Supplier %(name)s is under review (%(reason)s) until a supplier "
                "manager clears it.",
                name=supplier.name,
                reason=supplier.supplier_state_reason or "",
            )
        expired = supplier.sudo().supplier_document_ids.filtered(
            lambda d: d.mandatory and d.state == "expired"
        )
        if expired:
            return self.env._(
                "Mandatory documents of %(name)s have expired: %(docs)s",
                name=supplier.name,
                docs=", ".join(expired.mapped("display_name")),
            )
        return False
