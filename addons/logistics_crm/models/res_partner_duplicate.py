import re
import unicodedata

from markupsafe import Markup, escape
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.modules.db import FunctionStatus
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .logistics_gated_mixin import COMPUTED_MESSAGE, Gate

# Legal-form words ignored when comparing company names (longest first).
LEGAL_SUFFIXES = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团公司",
        "集团",
        "公司",
        "coltd",
        "companylimited",
        "limited",
        "ltd",
        "incorporated",
        "inc",
        "corporation",
        "corp",
        "company",
        "co",
        "gmbh",
        "llc",
        "plc",
        "sa",
        "srl",
        "bv",
    ],
    key=len,
    reverse=True,
)


def normalize_name(name):
    """Company name reduced to what identifies it: case, width, punctuation and the
    legal form do not count ("ACME Logistics Co., Ltd." == "acme logistics")."""
    if not name:
        return False
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[\W_]+", "", text)
    changed = True
    while changed and text:
        changed = False
        for suffix in LEGAL_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
                break
    return text or False


# what res.partner's name search ORs (its _rec_names_search, and the customer code)
NAME_SEARCH_COLUMNS = ("complete_name", "email", "ref", "vat", "company_registry", "customer_code")


def normalize_vat(vat):
    return re.sub(r"[\W_]+", "", vat).upper() if vat else False


class ResPartner(models.Model):
    """One customer, one code, for the whole group (一户一码).

    A customer whose normalised tax ID / unified social credit code is already a
    group customer's cannot be created again (a sales manager may, with a logged
    reason); a matching name, phone or e-mail is a warning shown before saving, with
    the code and who serves it in which company. Merged customers keep their old codes
    as aliases that search still finds.
    """

    _inherit = "res.partner"
    _logistics_gates = (Gate(frozenset({"name_normalized", "vat_normalized"}), COMPUTED_MESSAGE),)

    name_normalized = fields.Char(
        compute="_compute_name_normalized",
        store=True,
        index="btree_not_null",
        help="Name without case, punctuation and legal form, used to find duplicates.",
    )
    vat_normalized = fields.Char(
        compute="_compute_vat_normalized",
        store=True,
        index="btree_not_null",
        help="Tax ID / unified social credit code without spaces and punctuation.",
    )
    # the duplicate check looks each criterion up in its index
    phone_sanitized = fields.Char(index="btree_not_null")
    email_normalized = fields.Char(index="btree_not_null")
    duplicate_partner_ids = fields.Many2many(
        "res.partner",
        compute="_compute_duplicate_partner_ids",
        string="Possible Duplicates",
        help="Other customers of the group with the same name, tax ID, phone or e-mail "
        "(also those you cannot open: another owner's).",
    )
    duplicate_count = fields.Integer(compute="_compute_duplicate_partner_ids")
    duplicate_info = fields.Html(
        compute="_compute_duplicate_partner_ids",
        help="The possible duplicates as the warning shows them: code, and who serves "
        "them in which company.",
    )
    logistics_served_by = fields.Char(
        "Served by",
        compute="_compute_logistics_served_by",
        help="The companies of the group that serve this customer, and its owner there.",
    )
    logistics_code_alias_ids = fields.One2many(
        "logistics.customer.code.alias", "partner_id", "Former Codes"
    )

    def init(self):
        res = super().init()
        registry = self.env.registry
        if registry.has_trigram:
            # finding a customer by any part of its name, code, e-mail, reference or tax ID
            # (name_search, the many2one dropdowns): one trigram index per column it ORs,
            # built as Odoo's ilike compares (unaccent when the database uses it)
            for column in NAME_SEARCH_COLUMNS:
                expression = f'"{column}"'
                if registry.has_unaccent == FunctionStatus.INDEXABLE:
                    expression = registry.unaccent(expression)
                create_index(
                    self.env.cr,
                    f"res_partner_{column}_trigram_index",
                    self._table,
                    [f"{expression} gin_trgm_ops"],
                    method="gin",
                    # (a mostly empty column costs nothing; ilike implies NOT NULL)
                    where=f'"{column}" IS NOT NULL',
                )
        return res

    # ------------------------------------------------------------ COMPUTES

    @api.depends("name", "parent_id")
    def _compute_name_normalized(self):
        for partner in self:
            partner.name_normalized = not partner.parent_id and normalize_name(partner.name)

    @api.depends("vat")
    def _compute_vat_normalized(self):
        for partner in self:
            partner.vat_normalized = normalize_vat(partner.vat)

    @api.depends("user_id", "logistics_account_ids.user_id", "logistics_account_ids.pool_id")
    def _compute_logistics_served_by(self):
        for partner in self:
            partner.logistics_served_by = (
                partner.customer_code and not partner.parent_id and partner._logistics_served_by()
            )

    @api.depends("name", "vat", "phone", "mobile", "email", "is_company", "parent_id")
    def _compute_duplicate_partner_ids(self):
        for partner in self:
            duplicates = partner._logistics_find_duplicates()
            partner.duplicate_partner_ids = duplicates
            partner.duplicate_count = len(duplicates)
            partner.duplicate_info = partner._logistics_duplicate_html(duplicates)

    @api.model
    def _search_display_name(self, operator, value):
        # a customer is found by its code, and by the codes of customers merged into it
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "=ilike", "like", "=") and value and isinstance(value, str):
            # former codes: a small table, looked up first so that the whole OR stays a
            # combination of index scans (a subquery in it would make PostgreSQL read
            # every partner)
            merged = (
                self.env["logistics.customer.code.alias"]
                .sudo()
                .search_fetch([("code", operator, value)], ["partner_id"])
                .partner_id
            )
            domain = expression.OR(
                [domain, [("customer_code", operator, value)], [("id", "in", merged.ids)]]
            )
        return domain

    # ------------------------------------------------------------ CONSTRAINTS

    @api.constrains("vat", "parent_id", "customer_code")
    def _check_vat_unique(self):
        """A group customer's tax ID is not created twice: the existing customer is
        served from the branch instead. A sales manager may still create a look-alike
        with a reason (context ``logistics_duplicate_reason``), posted on it."""
        for partner in self.filtered(lambda p: p.customer_code and p.vat_normalized):
            if partner.parent_id:
                continue
            existing = (
                self.sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("vat_normalized", "=", partner.vat_normalized),
                        ("parent_id", "=", False),
                        ("customer_code", "!=", False),
                        ("id", "!=", partner.id),
                    ],
                    limit=1,
                )
            )
            if not existing:
                continue
            reason = self.env.context.get("logistics_duplicate_reason")
            if reason and self.env.user.has_group("logistics_crm.group_logistics_manager"):
                partner.message_post(
                    body=self.env._(
                        "Created although %(existing)s (%(code)s) has the same tax ID: %(reason)s",
                        existing=existing.name,
                        code=existing.customer_code,
                        reason=self._logistics_text_argument(reason),
                    )
                )
                continue
            raise ValidationError(
                self.env._(
                    "%(name)s has the tax ID of %(existing)s, customer %(code)s of the group. "
                    "Open %(code)s and use Serve from my Branch instead of creating it again.",
                    name=partner.name,
                    existing=existing.name,
                    code=existing.customer_code,
                )
            )

    # ------------------------------------------------------------ ACTIONS

    def action_view_duplicates(self):
        """The possible duplicates a sales manager can open and merge."""
        self._logistics_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("base.action_partner_form")
        action["domain"] = [("id", "in", (self | self.duplicate_partner_ids).ids)]
        action["context"] = {"active_test": False}
        action["view_mode"] = "list,form"
        action["views"] = [(False, "list"), (False, "form")]
        return action

    def action_merge_duplicates(self):
        """Open Odoo's merge wizard on this customer and its duplicates."""
        self._logistics_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": (self | self.duplicate_partner_ids).ids,
            },
        }

    # ------------------------------------------------------------ BUSINESS

    def _logistics_duplicate_criteria(self):
        """(column, value) pairs another commercial entity matching this one shares:
        normalised name, normalised tax ID, sanitised phone, normalised e-mail."""
        self.ensure_one()
        criteria = [
            ("name_normalized", self.name_normalized or normalize_name(self.name)),
            ("vat_normalized", normalize_vat(self.vat)),
            ("phone_sanitized", self.phone_sanitized),
            ("email_normalized", self.email_normalized),
        ]
        return [(column, value) for column, value in criteria if value]

    def _logistics_find_duplicates(self, limit=10):
        """Possible duplicates across the group: other branches' and other owners'
        customers included.

        One statement of one index lookup per criterion, each stopping at ``limit``
        (UNION ALL of equality lookups on indexed columns): as fast with a million
        customers as with ten. Read as superuser on purpose: the point is to warn about
        customers the user cannot see (protected by another owner); only name, code and
        who serves them are shown to them.
        """
        self.ensure_one()
        criteria = not self.parent_id and self._logistics_duplicate_criteria()
        if not criteria:
            return self.browse()
        lookups = [
            SQL(
                "(SELECT id FROM res_partner WHERE %s = %s AND parent_id IS NULL AND id != %s "
                "LIMIT %s)",
                SQL.identifier(column),
                value,
                self._origin.id or 0,
                limit,
            )
            for column, value in criteria
        ]
        self.env["res.partner"].flush_model([column for column, _value in criteria])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM (%s) found GROUP BY id ORDER BY id LIMIT %s",
                SQL(" UNION ALL ").join(lookups),
                limit,
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _logistics_unique_code_fields(self):
        """Unique code fields kept through a merge (hook: supplier codes)."""
        return ["customer_code"]

    def _logistics_codes(self):
        """Codes identifying this partner, shown with duplicates (hook: supplier codes)."""
        self.ensure_one()
        return [self.customer_code] if self.customer_code else []

    def _logistics_served_by(self):
        """Who serves this customer in which company, in words ("Shenzhen Branch: owned
        by Li Lei; Head Office: in pool Key Accounts")."""
        self.ensure_one()
        parts = []
        for account in self.sudo().logistics_account_ids.filtered("pool_id"):
            if account.user_id:
                who = self.env._("owned by %s", account.user_id.name)
            elif account.pool_id:
                who = self.env._("in pool %s", account.pool_id.name)
            else:
                who = self.env._("no owner")
            parts.append(f"{account.company_id.name}: {who}")
        if not parts:
            owner = self.sudo().user_id
            parts.append(
                self.env._("salesperson %s", owner.name) if owner else self.env._("no owner")
            )
        return "; ".join(parts)

    def _logistics_duplicate_html(self, duplicates):
        # read as superuser on purpose: name, codes and owners of partners the user may
        # not see (see _logistics_find_duplicates)
        if not duplicates:
            return False
        rows = []
        for dup in duplicates.sudo():
            codes = ", ".join(dup._logistics_codes())
            rows.append(
                Markup("<li><b>%s</b> %s — %s</li>")
                % (dup.name, f"({codes})" if codes else "", dup._logistics_served_by())
            )
        title = escape(
            self.env._(
                "This partner may already exist (to serve it from your company, open it in "
                "Group Customers and use Serve from my Branch):"
            )
        )
        return Markup("<div>%s<ul class='mb-0'>%s</ul></div>") % (title, Markup("").join(rows))

    @api.model
    def _logistics_duplicate_clusters_sql(self, fields, limit):
        """Clusters of commercial entities sharing the normalised ``fields`` (the merge
        wizard's deduplication on the suite's criteria)."""
        columns = [SQL.identifier(f) for f in fields]
        return SQL(
            """
            SELECT min(id), array_agg(id)
              FROM res_partner
             WHERE parent_id IS NULL AND %(not_null)s
             GROUP BY %(columns)s
            HAVING COUNT(*) >= 2
             ORDER BY min(id)
             LIMIT %(limit)s
            """,
            not_null=SQL(" AND ").join(SQL("%s IS NOT NULL", c) for c in columns),
            columns=SQL(", ").join(columns),
            limit=limit or None,
        )
