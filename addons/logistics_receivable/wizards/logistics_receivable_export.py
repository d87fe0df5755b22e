import base64
import io

from odoo import fields, models
from odoo.tools.misc import xlsxwriter

from ..report.logistics_receivable_report import AGING_BUCKETS

REPORTS = [
    ("aged_user", "Aged Receivables by Salesperson"),
    ("aged_partner", "Aged Receivables by Customer"),
    ("aged_tier", "Aged Receivables by Tier"),
    ("overdue", "Overdue Receivables"),
    ("exposure", "Credit Exposure"),
    ("margin", "Margin by Customer and Service Line"),
]
AGED_GROUPBY = {"aged_user": "user_id", "aged_partner": "partner_id", "aged_tier": "customer_tier"}


class LogisticsReceivableExport(models.TransientModel):
    """Download the receivable, credit and margin reports as an Excel workbook.

    The figures are read through the ORM as the current user, never ``sudo()``: the
    record rules of the reports apply, so a workbook holds exactly what its author
    may see on screen.
    """

    _name = "logistics.receivable.export"
    _inherit = ["logistics.gated.mixin"]
    _description = "Export Receivable Reports to Excel"

    report = fields.Selection(REPORTS, required=True, default="aged_user")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    # ---- ACTIONS ----

    def action_export(self):
        """Build the workbook and return a download of it."""
        self._logistics_ensure_one()
        # RPC may call this on any id: only the author of the wizard may fill it
        self.check_access("write")
        title = dict(self._fields["report"]._description_selection(self.env))[self.report]
        if self.report in AGED_GROUPBY:
            columns, rows, totals = self._export_aged(AGED_GROUPBY[self.report])
        else:
            columns, rows, totals = getattr(self, f"_export_{self.report}")()
        self.write(
            {
                "file": base64.b64encode(self._export_workbook(title, columns, rows, totals)),
                "filename": f"{title} - {fields.Date.context_today(self)}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model={self._name}&id={self.id}"
                "&field=file&filename_field=filename&download=true"
            ),
            "target": "self",
        }

    # ---- BUSINESS METHODS ----
    # Each _export_<report>() returns (columns, rows, totals): columns are
    # (header, format) pairs, format None (text), "money", "percent" or "date".

    def _report_model(self, model):
        # sale.report converts its amounts into the currency of env.company
        return self.env[model].with_company(self.company_id)

    def _label(self, model, fname):
        return model._fields[fname]._description_string(self.env)

    def _name_of(self, record):
        # the name of a record a row shows, as read() gives it with the row: the
        # many2one values of a readable row are always displayed
        return record.sudo().display_name if record else self.env._("None")

    def _export_aged(self, groupby):
        Report = self._report_model("logistics.receivable.report")
        field = Report._fields[groupby]
        groups = Report._read_group(
            [("company_id", "=", self.company_id.id)],
            [groupby, "aging"],
            ["amount_residual:sum"],
        )
        buckets = [key for key, _label in AGING_BUCKETS]
        amounts = {}  # {group value: {bucket: amount}}, in the order of _read_group
        for value, aging, amount in groups:
            amounts.setdefault(value, dict.fromkeys(buckets, 0.0))[aging] += amount
        labels = dict(field._description_selection(self.env)) if field.type == "selection" else {}

        def name_of(value):
            if field.type == "selection":
                return labels.get(value) or self.env._("None")
            return self._name_of(value)

        bucket_labels = dict(Report._fields["aging"]._description_selection(self.env))
        columns = [(self._label(Report, groupby), None)]
        columns += [(bucket_labels[key], "money") for key in buckets]
        columns += [(self.env._("Total"), "money")]
        rows = []
        for value, by_bucket in amounts.items():
            figures = [by_bucket[key] for key in buckets]
            rows.append([name_of(value), *figures, sum(figures)])
        totals = [self.env._("Total")]
        totals += [sum(row[col] for row in rows) for col in range(1, len(columns))]
        return columns, rows, totals

    def _export_overdue(self):
        Report = self._report_model("logistics.receivable.report")
        records = Report.search(
            [("company_id", "=", self.company_id.id), ("overdue", "=", True)],
            order="days_overdue desc, id",
        )
        columns = [
            (self._label(Report, "partner_id"), None),
            (self._label(Report, "move_id"), None),
            (self._label(Report, "user_id"), None),
            (self._label(Report, "invoice_date"), "date"),
            (self._label(Report, "date_maturity"), "date"),
            (self._label(Report, "days_overdue"), None),
            (self._label(Report, "amount_residual"), "money"),
        ]
        rows = [
            [
                self._name_of(record.partner_id),
                self._name_of(record.move_id),
                self._name_of(record.user_id),
                record.invoice_date,
                record.date_maturity,
                record.days_overdue,
                record.amount_residual,
            ]
            for record in records
        ]
        totals = [self.env._("Total"), *[""] * 5, sum(records.mapped("amount_residual"))]
        return columns, rows, totals

    def _export_exposure(self):
        Report = self._report_model("logistics.credit.exposure.report")
        records = Report.search([("company_id", "=", self.company_id.id)])
        tiers = dict(Report._fields["customer_tier"]._description_selection(self.env))
        amounts = ["credit_limit", "receivable", "uninvoiced", "exposure", "available"]
        columns = [
            (self._label(Report, "partner_id"), None),
            (self._label(Report, "user_id"), None),
            (self._label(Report, "customer_tier"), None),
            *((self._label(Report, fname), "money") for fname in amounts),
            (self._label(Report, "over_limit"), None),
            (self._label(Report, "credit_hold"), None),
        ]
        yes, no = self.env._("Yes"), self.env._("No")
        rows = [
            [
                self._name_of(record.partner_id),
                self._name_of(record.user_id),
                tiers.get(record.customer_tier, ""),
                *(record[fname] for fname in amounts),
                yes if record.over_limit else no,
                yes if record.credit_hold else no,
            ]
            for record in records
        ]
        totals = [self.env._("Total"), "", ""]
        totals += [sum(records.mapped(fname)) for fname in amounts] + ["", ""]
        return columns, rows, totals

    def _export_margin(self):
        Report = self._report_model("sale.report")
        groups = Report._read_group(
            [("company_id", "=", self.company_id.id), ("state", "=", "sale")],
            ["partner_id", "service_line_id"],
            ["price_subtotal:sum", "margin:sum"],
        )
        columns = [
            (self._label(Report, "partner_id"), None),
            (self._label(Report, "service_line_id"), None),
            (self._label(Report, "price_subtotal"), "money"),
            (self._label(Report, "margin"), "money"),
            (self.env._("Margin %"), "percent"),
        ]

        def percent(margin, revenue):
            return margin / revenue if revenue else 0.0

        rows = [
            [self._name_of(partner), self._name_of(line), revenue, margin, percent(margin, revenue)]
            for partner, line, revenue, margin in groups
        ]
        revenue = sum(row[2] for row in rows)
        margin = sum(row[3] for row in rows)
        totals = [self.env._("Total"), "", revenue, margin, percent(margin, revenue)]
        return columns, rows, totals

    def _export_workbook(self, title, columns, rows, totals):
        """The .xlsx file: a title, a bold header, one row per line and a totals row."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(title[:31])
        decimals = self.company_id.currency_id.decimal_places
        num_formats = {
            "money": "#,##0" + ("." + "0" * decimals if decimals else ""),
            "percent": "0.0%",
            "date": "yyyy-mm-dd",
        }
        cell = {kind: workbook.add_format({"num_format": fmt}) for kind, fmt in num_formats.items()}
        cell[None] = workbook.add_format()
        total = {
            kind: workbook.add_format({"bold": True, "top": 1, "num_format": fmt})
            for kind, fmt in num_formats.items()
        }
        total[None] = workbook.add_format({"bold": True, "top": 1})
        header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True})

        sheet.write(
            0,
            0,
            f"{title} - {self.company_id.name}",
            workbook.add_format({"bold": True, "font_size": 14}),
        )
        sheet.write_datetime(1, 0, fields.Date.context_today(self), cell["date"])
        sheet.write_row(2, 0, [label for label, _kind in columns], header)
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, len(columns) - 1, 16)
        kinds = [kind for _label, kind in columns]
        for row_index, row in enumerate(rows, start=3):
            for col, value in enumerate(row):
                self._write_cell(sheet, row_index, col, value, kinds[col], cell)
        if totals:
            for col, value in enumerate(totals):
                self._write_cell(sheet, 3 + len(rows), col, value, kinds[col], total)
        sheet.freeze_panes(3, 1)
        workbook.close()
        return output.getvalue()

    def _write_cell(self, sheet, row, col, value, kind, formats):
        if value is False or value is None or value == "":
            sheet.write_blank(row, col, None, formats[None])
        elif kind in ("money", "percent"):
            sheet.write_number(row, col, value, formats[kind])
        elif kind == "date":
            sheet.write_datetime(row, col, value, formats[kind])
        else:
            sheet.write(row, col, value, formats[None])
