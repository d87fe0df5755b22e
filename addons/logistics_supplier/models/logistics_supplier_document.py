from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

DOCUMENT_TYPES = [
    ("business_licence", "Business Licence"),
    ("transport_permit", "Road Transport Permit"),
    ("customs_registration", "Customs Registration"),
    ("nvocc", "NVOCC / Freight Forwarder Licence"),
    ("insurance", "Liability Insurance"),
    ("other", "Other"),
]


class LogisticsSupplierDocument(models.Model):
    """A qualification document of a supplier, with its expiry date."""

    _name = "logistics.supplier.document"
    _description = "Supplier Qualification Document"
    _inherit = ["logistics.gated.mixin"]
    # an expired mandatory document blocks purchases: only a supplier manager waives one
    _logistics_gates = (
        Gate(
            frozenset({"mandatory"}),
            _lt("Only a supplier manager may make a qualification document optional."),
            groups="logistics_supplier.group_logistics_supplier_manager",
        ),
        # a renewed document is a new document: an expired one is not moved on by a buyer
        Gate(
            frozenset({"expiry_date", "partner_id"}),
            _lt("Only a supplier manager may change the validity of a mandatory document."),
            groups="logistics_supplier.group_logistics_supplier_manager",
            applies="_logistics_mandatory",
        ),
    )
    _order = "expiry_date, id"
    _rec_name = "doc_type"

    partner_id = fields.Many2one(
        "res.partner", "Supplier", required=True, index=True, ondelete="cascade"
    )
    doc_type = fields.Selection(DOCUMENT_TYPES, "Document", required=True)
    number = fields.Char()
    issue_date = fields.Date()
    expiry_date = fields.Date(index=True)
    mandatory = fields.Boolean(default=True, help="An expired mandatory document blocks purchases.")
    attachment_ids = fields.Many2many("ir.attachment", string="Files")
    state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring Soon"), ("expired", "Expired")],
        compute="_compute_state",
        search="_search_state",
    )
    reminder_sent = fields.Boolean(copy=False)

    def _logistics_mandatory(self):
        return self.filtered("mandatory")

    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        for doc in self:
            if doc.issue_date and doc.expiry_date and doc.expiry_date < doc.issue_date:
                raise ValidationError(self.env._("A document cannot expire before it is issued."))

    @api.model
    def _expiring_days(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("logistics_supplier.document_reminder_days", 30)
        )

    def _compute_state(self):
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._expiring_days())
        for doc in self:
            if doc.expiry_date and doc.expiry_date < today:
                doc.state = "expired"
            elif doc.expiry_date and doc.expiry_date <= soon:
                doc.state = "expiring"
            else:
                doc.state = "valid"

    def _search_state(self, operator, value):
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=self._expiring_days())
        domains = {
            "expired": [("expiry_date", "<", today)],
            "expiring": [("expiry_date", ">=", today), ("expiry_date", "<=", soon)],
            "valid": ["|", ("expiry_date", "=", False), ("expiry_date", ">", soon)],
        }
        values = [value] if operator in ("=", "!=") else value
        if operator not in ("=", "!=", "in", "not in") or not set(values) <= domains.keys():
            raise ValidationError(self.env._("Unsupported search on the document status."))
        domain = expression.OR([domains[v] for v in values])
        return domain if operator in ("=", "in") else ["!", *domain]

    @api.model
    def _cron_remind_expiry(self, batch_size=500):
        """One activity per document before it expires, for the supplier managers."""
        domain = [("state", "in", ("expiring", "expired")), ("reminder_sent", "=", False)]
        docs = self.search(domain, limit=batch_size)
        managers = self.env.ref(
            "logistics_supplier.group_logistics_supplier_manager"
        ).users.filtered(
            lambda u: not u.share and u.active and u.id != self.env.ref("base.user_root").id
        )[:1]
        for doc in docs:
            doc.partner_id.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(managers or self.env.user).id,
                date_deadline=doc.expiry_date,
                summary=self.env._(
                    "%(doc)s of %(supplier)s expires on %(date)s",
                    doc=doc.display_name,
                    supplier=doc.partner_id.name,
                    date=doc.expiry_date,
                ),
            )
        docs.write({"reminder_sent": True})
        return self.env["ir.cron"]._logistics_report_batch(self, domain, len(docs), batch_size)

    def write(self, vals):
        if "expiry_date" in vals:
            vals = dict(vals, reminder_sent=False)  # a renewed document is reminded again
        return super().write(vals)
