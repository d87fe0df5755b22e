"""Build the suite's spreadsheet dashboards (``data/files/*_dashboard.json``).

The dashboards are Odoo spreadsheets (``spreadsheet_dashboard``): live pivots, lists and
charts over the suite's models, read through the ORM as the user who opens them (record
rules apply). A spreadsheet file is thousands of lines of JSON; this script writes them
from the short descriptions below, so that a dashboard is reviewed here and the JSON is
only its output. Run it after changing a description:

    python3 addons/logistics_dashboard/tools/build.py

``tests/test_static.py`` checks that the files are what this script writes, and
``tests/test_dashboards.py`` that every pivot, list and chart reads as each role.

Each dashboard has the same global filters - period, company, salesperson, sales team -
matched to each model's own fields (``MATCHING``); a block is a title linking to the
records, then a table of up to ``limit`` rows of a pivot; the scorecards on top read the
first pivot's totals.
"""

import json
import sys
from pathlib import Path

FILES = Path(__file__).resolve().parent.parent / "data" / "files"

# global filters: (id, label, type, model of a relation)
PERIOD, COMPANY, SALESPERSON, TEAM = (
    "logistics-period",
    "logistics-company",
    "logistics-salesperson",
    "logistics-team",
)
FILTERS = [
    {
        "id": PERIOD,
        "type": "date",
        "label": "Period",
        "defaultValue": "year_to_date",
        "rangeType": "relative",
    },
    *(
        {
            "id": fid,
            "type": "relation",
            "label": label,
            "modelName": model,
            "defaultValue": [],
            "defaultValueDisplayNames": [],
        }
        for fid, label, model in (
            (COMPANY, "Company", "res.company"),
            (SALESPERSON, "Salesperson", "res.users"),
            (TEAM, "Sales Team", "crm.team"),
        )
    ),
]
# how each model answers the filters: filter -> (field chain, field type)
MATCHING = {
    "logistics.sales.performance": {
        PERIOD: ("date", "date"),
        COMPANY: ("company_id", "many2one"),
        SALESPERSON: ("user_id", "many2one"),
        TEAM: ("team_id", "many2one"),
    },
    "sale.report": {
        PERIOD: ("date", "datetime"),
        COMPANY: ("company_id", "many2one"),
        SALESPERSON: ("user_id", "many2one"),
        TEAM: ("team_id", "many2one"),
    },
    "crm.lead": {
        PERIOD: ("create_date", "datetime"),
        COMPANY: ("company_id", "many2one"),
        SALESPERSON: ("user_id", "many2one"),
        TEAM: ("team_id", "many2one"),
    },
    "logistics.customer.account": {
        COMPANY: ("company_id", "many2one"),
        SALESPERSON: ("user_id", "many2one"),
    },
    # (customers in the pool of the company one works in: its own filters)
    "res.partner": {
        SALESPERSON: ("pool_user_id", "many2one"),
    },
    "logistics.service.kpi": {
        PERIOD: ("date", "date"),
        COMPANY: ("company_id", "many2one"),
    },
    "logistics.complaint": {
        PERIOD: ("date", "datetime"),
        COMPANY: ("company_id", "many2one"),
    },
    # receivables are as of today: the period filter does not apply to them
    "logistics.receivable.report": {
        COMPANY: ("company_id", "many2one"),
        SALESPERSON: ("user_id", "many2one"),
        TEAM: ("team_id", "many2one"),
    },
    "logistics.credit.exposure.report": {
        COMPANY: ("company_id", "many2one"),
        SALESPERSON: ("user_id", "many2one"),
    },
    "account.move": {
        COMPANY: ("company_id", "many2one"),
        SALESPERSON: ("invoice_user_id", "many2one"),
        TEAM: ("team_id", "many2one"),
    },
    "logistics.payment.instalment": {
        PERIOD: ("due_date", "date"),
        COMPANY: ("company_id", "many2one"),
        SALESPERSON: ("user_id", "many2one"),
    },
    "logistics.supplier.cost": {
        PERIOD: ("date", "date"),
        COMPANY: ("company_id", "many2one"),
    },
    "logistics.supplier.evaluation": {
        PERIOD: ("period_end", "date"),
    },
}

KPI_MEASURES = [
    ("Complaints", "complaint_count"),
    ("Orders", "order_count"),
    ("Per 100 Orders", "complaint_rate"),
    ("On-time (%)", "on_time_rate"),
    ("Days to Resolve", "resolution_days"),
    ("Satisfaction (%)", "satisfaction"),
]

# The dashboards: name -> scorecards (label, measure of the totals pivot), optionally a
# second row counting records (label, model, domain[, filter matching other than the
# model's]), then blocks:
# title, model, domain, rows (a group-by) and its label, measures [(label, field)], how
# many rows (limit), the measure rows are sorted by (order), or a chart instead
DASHBOARDS = {
    "sales": {
        "scorecards": [
            ("Revenue", "revenue"),
            ("Revenue Achieved (%)", "revenue_achievement"),
            ("Margin", "margin"),
            ("New Customers", "new_customers"),
            ("Retention (%)", "retention_rate"),
            ("Follow-ups", "followups"),
        ],
        "blocks": [
            {
                "title": "Salespeople against their targets",
                "row_label": "Salesperson",
                "model": "logistics.sales.performance",
                "domain": [["user_id", "!=", False]],
                "rows": "user_id",
                "measures": [
                    ("Revenue", "revenue"),
                    ("Target", "target_revenue"),
                    ("Achieved (%)", "revenue_achievement"),
                    ("Margin", "margin"),
                    ("New Customers", "new_customers"),
                    ("Follow-ups", "followups"),
                    ("Claims", "claims"),
                    ("Releases", "releases"),
                ],
                "limit": 15,
            },
            {
                "title": "Sales teams against their targets",
                "row_label": "Sales Team",
                "model": "logistics.sales.performance",
                "domain": [["team_id", "!=", False]],
                "rows": "team_id",
                "measures": [
                    ("Revenue", "revenue"),
                    ("Target", "target_revenue"),
                    ("Achieved (%)", "revenue_achievement"),
                    ("New Customers", "new_customers"),
                    ("Follow-ups", "followups"),
                ],
                "limit": 10,
            },
            {
                "title": "Claims and releases per week",
                "row_label": "Week",
                "model": "logistics.sales.performance",
                "domain": [["kind", "in", ["claim", "release"]]],
                "rows": "date:week",
                "measures": [("Claims", "claims"), ("Releases", "releases")],
                "limit": 12,
                "chart": "odoo_bar",
            },
            {
                "title": "Pipeline by stage",
                "row_label": "Stage",
                "model": "crm.lead",
                "domain": [["type", "=", "opportunity"]],
                "rows": "stage_id",
                "measures": [
                    ("Opportunities", "__count"),
                    ("Expected Revenue", "expected_revenue"),
                ],
                "limit": 10,
                "chart": "odoo_bar",
            },
            {
                "title": "Owned customers by value tier",
                "model": "logistics.customer.account",
                "domain": [["pool_state", "=", "owned"]],
                "rows": "customer_tier",
                "row_label": "Tier",
                "measures": [("Customers", "__count")],
                "limit": 4,
            },
            {
                "title": "Customers by stage",
                "model": "logistics.customer.account",
                "domain": [],
                "rows": "customer_stage",
                "row_label": "Stage",
                "measures": [("Customers", "__count")],
                "limit": 4,
            },
            {
                "title": "Top customers",
                "row_label": "Customer",
                "model": "sale.report",
                "domain": [["state", "=", "sale"]],
                "rows": "partner_id",
                "measures": [("Revenue", "price_subtotal"), ("Margin", "margin")],
                "limit": 10,
                "order": "price_subtotal",
            },
            {
                "title": "Revenue and margin by value tier",
                "row_label": "Tier",
                "model": "sale.report",
                "domain": [["state", "=", "sale"]],
                "rows": "customer_tier",
                "measures": [("Revenue", "price_subtotal"), ("Margin", "margin")],
                "limit": 4,
            },
            {
                "title": "Revenue and margin by service line",
                "row_label": "Service Line",
                "model": "sale.report",
                "domain": [["state", "=", "sale"]],
                "rows": "service_line_id",
                "measures": [("Revenue", "price_subtotal"), ("Margin", "margin")],
                "limit": 8,
            },
            {
                "title": "Revenue and margin by country",
                "row_label": "Country",
                "model": "sale.report",
                "domain": [["state", "=", "sale"]],
                "rows": "country_id",
                "measures": [("Revenue", "price_subtotal"), ("Margin", "margin")],
                "limit": 8,
            },
            {
                "title": "Revenue and margin by month",
                "row_label": "Month",
                "model": "sale.report",
                "domain": [["state", "=", "sale"]],
                "rows": "date:month",
                "measures": [("Revenue", "price_subtotal"), ("Margin", "margin")],
                "limit": 12,
                "chart": "odoo_line",
            },
        ],
        "counts": [
            ("Overdue Uncontacted", "res.partner", [["is_uncontacted", "=", True]]),
            ("About to Be Released", "res.partner", [["is_release_soon", "=", True]]),
            ("In the Pool", "logistics.customer.account", [["pool_state", "=", "pool"]]),
        ],
        # scorecards read the totals of this pivot (against the salespeople's targets:
        # a team's target is the sum of theirs, or another measure of the same work)
        "totals": {
            "model": "logistics.sales.performance",
            "domain": ["|", ["kind", "!=", "target"], ["user_id", "!=", False]],
            "measures": [
                "revenue",
                "revenue_achievement",
                "margin",
                "new_customers",
                "retention_rate",
                "followups",
            ],
        },
    },
    "service": {
        "scorecards": [
            ("Complaints", "complaint_count"),
            ("Per 100 Orders", "complaint_rate"),
            ("On-time Resolution (%)", "on_time_rate"),
            ("Days to Resolve", "resolution_days"),
            ("Satisfaction (%)", "satisfaction"),
        ],
        "totals": {
            "model": "logistics.service.kpi",
            "domain": [],
            "measures": [
                "complaint_count",
                "complaint_rate",
                "on_time_rate",
                "resolution_days",
                "satisfaction",
            ],
        },
        "blocks": [
            {
                "title": "Service quality by department",
                "row_label": "Department",
                "model": "logistics.service.kpi",
                "domain": [],
                "rows": "department_id",
                "measures": KPI_MEASURES,
                "limit": 10,
                "order": "complaint_count",
            },
            {
                "title": "Service quality by service line",
                "row_label": "Service Line",
                "model": "logistics.service.kpi",
                "domain": [],
                "rows": "service_line_id",
                "measures": KPI_MEASURES,
                "limit": 10,
                "order": "complaint_count",
            },
            {
                "title": "Open complaints past their SLA",
                "row_label": "Department",
                "model": "logistics.complaint",
                "domain": [
                    ["state", "not in", ["resolved", "closed"]],
                    ["sla_status", "=", "breached"],
                ],
                "rows": "department_id",
                "measures": [("Complaints", "__count")],
                "limit": 10,
            },
            {
                "title": "Complaints by severity",
                "row_label": "Severity",
                "model": "logistics.complaint",
                "domain": [],
                "rows": "severity",
                "measures": [("Complaints", "__count")],
                "limit": 4,
            },
            {
                "title": "Complaints by category",
                "model": "logistics.complaint",
                "domain": [],
                "rows": "category",
                "measures": [("Complaints", "__count")],
                "chart": "odoo_bar",
            },
            {
                "title": "Satisfaction by month",
                "model": "logistics.service.kpi",
                "domain": [["kind", "=", "satisfaction"]],
                "rows": "date:month",
                "measures": [("Satisfaction (%)", "satisfaction")],
                "chart": "odoo_line",
            },
        ],
    },
    "receivable": {
        "scorecards": [
            ("Open Receivables", "receivable"),
            ("Uninvoiced Orders", "uninvoiced"),
            ("Exposure", "exposure"),
            ("Credit Limits", "credit_limit"),
        ],
        "totals": {
            "model": "logistics.credit.exposure.report",
            "domain": [],
            "measures": ["receivable", "uninvoiced", "exposure", "credit_limit"],
        },
        "blocks": [
            {
                "title": "Aging",
                "row_label": "Overdue (days)",
                "model": "logistics.receivable.report",
                "domain": [],
                "rows": "aging",
                "measures": [("Amount Due", "amount_residual")],
                "limit": 5,
                "order": None,
            },
            {
                "title": "Exposure against credit limit",
                "row_label": "Customer",
                "model": "logistics.credit.exposure.report",
                "domain": [],
                "rows": "partner_id",
                "measures": [
                    ("Credit Limit", "credit_limit"),
                    ("Receivables", "receivable"),
                    ("Uninvoiced", "uninvoiced"),
                    ("Exposure", "exposure"),
                    ("Available", "available"),
                ],
                "limit": 15,
                "order": "exposure",
            },
            {
                "title": "Customers on credit hold",
                "row_label": "Customer",
                "model": "logistics.credit.exposure.report",
                "domain": [["credit_hold", "=", True]],
                "rows": "partner_id",
                "measures": [("Exposure", "exposure"), ("Receivables", "receivable")],
                "limit": 10,
            },
            {
                "title": "Overdue by salesperson",
                "row_label": "Salesperson",
                "model": "logistics.receivable.report",
                "domain": [["overdue", "=", True]],
                "rows": "user_id",
                "measures": [("Amount Due", "amount_residual"), ("Days Overdue", "days_overdue")],
                "limit": 10,
            },
            {
                "title": "Dunning levels reached",
                "row_label": "Level",
                "model": "account.move",
                "domain": [
                    ["move_type", "=", "out_invoice"],
                    ["state", "=", "posted"],
                    ["payment_state", "in", ["not_paid", "partial"]],
                    ["dunning_level_id", "!=", False],
                ],
                "rows": "dunning_level_id",
                "measures": [("Invoices", "__count"), ("Amount Due", "amount_residual_signed")],
                "limit": 5,
            },
            {
                "title": "Payment plans: planned and collected by month",
                "row_label": "Month",
                "model": "logistics.payment.instalment",
                "domain": [],
                "rows": "due_date:month",
                "measures": [("Planned", "amount"), ("Collected", "paid_amount")],
                "limit": 12,
                "order": None,
            },
        ],
    },
    "supplier": {
        "scorecards": [("Supplier Cost", "cost"), ("Revenue", "revenue")],
        "counts": [
            ("Under Review", "res.partner", [["supplier_state", "=", "under_review"]], {}),
            ("Blacklisted", "res.partner", [["supplier_state", "=", "blacklisted"]], {}),
        ],
        "totals": {
            "model": "logistics.supplier.cost",
            "domain": [],
            "measures": ["cost", "revenue"],
        },
        "blocks": [
            {
                "title": "Spend by supplier",
                "row_label": "Supplier",
                "model": "logistics.supplier.cost",
                "domain": [],
                "rows": "partner_id",
                "measures": [("Cost", "cost"), ("Revenue", "revenue")],
                "limit": 15,
            },
            {
                "title": "Cost and revenue by service item",
                "row_label": "Service Item",
                "model": "logistics.supplier.cost",
                "domain": [],
                "rows": "product_id",
                "measures": [("Cost", "cost"), ("Revenue", "revenue")],
                "limit": 15,
            },
            {
                "title": "Spend by lane",
                "row_label": "Lane",
                "model": "logistics.supplier.cost",
                "domain": [],
                "rows": "lane_id",
                "measures": [("Cost", "cost")],
                "limit": 10,
            },
            {
                "title": "Spend by month",
                "model": "logistics.supplier.cost",
                "domain": [],
                "rows": "date:month",
                "measures": [("Cost", "cost")],
                "chart": "odoo_line",
            },
            {
                "title": "Average evaluation score by month",
                "model": "logistics.supplier.evaluation",
                "domain": [["state", "=", "done"]],
                "rows": "period_end:month",
                "measures": [("Score", "score")],
                "chart": "odoo_line",
            },
            {
                "title": "Evaluation grades",
                "row_label": "Grade",
                "model": "logistics.supplier.evaluation",
                "domain": [["state", "=", "done"]],
                "rows": "grade",
                "measures": [("Evaluations", "__count"), ("Score", "score")],
                "limit": 4,
                "order": None,
            },
        ],
    },
}

COLUMNS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ROW_HEIGHT = 23  # pixels, the spreadsheet's default
STYLES = {
    "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
    "2": {"bold": True, "fontSize": 11, "textColor": "#434343"},
    "3": {"textColor": "#434343"},
}


def _t(text):
    """A translatable text in a cell (Odoo extracts the ``_t`` of dashboard files)."""
    escaped = text.replace('"', '\\"')
    return f'=_t("{escaped}")'


def _matching(model, matching=None):
    return {
        fid: {"chain": chain, "type": ftype, **({"offset": 0} if fid == PERIOD else {})}
        for fid, (chain, ftype) in (MATCHING[model] if matching is None else matching).items()
    }


def _pivot(pid, name, model, domain, rows, columns, measures, order=None, matching=None):
    pivot = {
        "type": "ODOO",
        "id": pid,
        "formulaId": pid,
        "name": name,
        "model": model,
        "domain": domain,
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "rows": [{"fieldName": r} for r in rows],
        "columns": [{"fieldName": c} for c in columns],
        "fieldMatching": _matching(model, matching),
    }
    if order:
        pivot["sortedColumn"] = {"groupId": [[], []], "measure": order, "order": "desc"}
    return pivot


def _link(title, block):
    """The block's title, a link opening its records as a pivot."""
    action = {
        "domain": block["domain"],
        "context": {
            "pivot_measures": [m for _label, m in block["measures"]],
            "pivot_row_groupby": [block["rows"]],
            "pivot_column_groupby": [],
            "group_by": [block["rows"]],
        },
        "modelName": block["model"],
        "views": [[False, "pivot"], [False, "graph"], [False, "list"], [False, "search"]],
    }
    view = {"viewType": "pivot", "action": action, "threshold": 0, "name": title}
    return f"[{title}](odoo://view/{json.dumps(view, separators=(',', ':'))})"


def _chart(fid, block, y):
    """An Odoo chart of the block's first measure by its rows, under its title."""
    measure = block["measures"][0][1]
    return {
        "id": fid,
        "x": 0,
        "y": y,
        "width": 1000,
        "height": 300,
        "tag": "chart",
        "data": {
            "type": block["chart"],
            "title": {"text": ""},
            "background": "#FFFFFF",
            "legendPosition": "top",
            "metaData": {
                "groupBy": [block["rows"]],
                "measure": measure,
                "order": None,
                "resModel": block["model"],
                "mode": block["chart"][len("odoo_") :],
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": block["domain"],
                "groupBy": [block["rows"]],
                "orderBy": [],
            },
            "verticalAxisPosition": "left",
            "stacked": False,
            "fieldMatching": _matching(block["model"]),
        },
    }


def build(name, spec):
    cells, styles, figures, pivots = {}, {}, [], {}
    data_cells = {}
    # the totals pivot (1) and the scorecards on top
    totals = spec["totals"]
    pivots["1"] = _pivot(
        "1", "Totals", totals["model"], totals["domain"], [], [], totals["measures"]
    )
    data_cells["A1"] = {"content": _t("KPI")}
    data_cells["B1"] = {"content": _t("Value")}
    cards = [(label, f'=PIVOT.VALUE(1,"{measure}")') for label, measure in spec["scorecards"]]
    # a second row: counts of records (their own pivot each)
    for label, model, domain, *matching in spec.get("counts", []):
        pid = str(len(pivots) + 1)
        pivots[pid] = _pivot(
            pid, label, model, domain, [], [], ["__count"], matching=(matching or [None])[0]
        )
        cards.append((label, f'=PIVOT.VALUE({pid},"__count")'))
    first_row = len(spec["scorecards"])
    for index, (label, formula) in enumerate(cards):
        row = index + 2
        data_cells[f"A{row}"] = {"content": _t(label)}
        data_cells[f"B{row}"] = {"content": formula}
        line, place = (0, index) if index < first_row else (1, index - first_row)
        figures.append(
            {
                "id": f"{name}-scorecard-{index}",
                "x": 10 + place * 200,
                "y": 10 + line * 110,
                "width": 190,
                "height": 100,
                "tag": "chart",
                "data": {
                    "type": "scorecard",
                    "title": {"text": label, "bold": True, "color": "#434343"},
                    "background": "#EFF6FF",
                    "keyValue": f"Data!B{row}",
                    "baselineMode": "text",
                    "baselineDescr": "",
                    "humanize": True,
                },
            }
        )
    row = 12 if spec.get("counts") else 7  # under the scorecards
    for index, block in enumerate(spec["blocks"]):
        pid = str(len(pivots) + 1)
        measures = [m for _label, m in block["measures"]]
        cells[f"A{row}"] = {"content": _link(block["title"], block)}
        styles[f"A{row}"] = "1"
        row += 1
        if block.get("chart"):
            figures.append(_chart(f"{name}-chart-{index}", block, (row - 1) * ROW_HEIGHT))
            row += 14  # the chart's height in rows
            continue
        pivots[pid] = _pivot(
            pid,
            block["title"],
            block["model"],
            block["domain"],
            [block["rows"]],
            [],
            measures,
            order=block.get("order", measures[0]),
        )
        # header row, then one row per group (its header and its measures)
        header = [_t(block["row_label"])] + [_t(label) for label, _m in block["measures"]]
        for col, content in enumerate(header):
            cells[f"{COLUMNS[col]}{row}"] = {"content": content}
            styles[f"{COLUMNS[col]}{row}"] = "2"
        row += 1
        for position in range(1, block["limit"] + 1):
            group = f'"#{block["rows"]}",{position}'
            cells[f"A{row}"] = {"content": f"=PIVOT.HEADER({pid},{group})"}
            for col, measure in enumerate(measures, start=1):
                cells[f"{COLUMNS[col]}{row}"] = {
                    "content": f'=PIVOT.VALUE({pid},"{measure}",{group})'
                }
            styles[f"A{row}:{COLUMNS[len(measures)]}{row}"] = "3"
            row += 1
        row += 1
    sheet = {
        "id": "dashboard",
        "name": "Dashboard",
        "colNumber": 10,
        "rowNumber": row + 5,
        "rows": {},
        "cols": {"0": {"size": 260}, **{str(c): {"size": 120} for c in range(1, 10)}},
        "merges": [],
        "cells": cells,
        "styles": styles,
        "formats": {},
        "borders": {},
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }
    data_sheet = dict(
        sheet,
        id="data",
        name="Data",
        cells=data_cells,
        styles={},
        figures=[],
        rowNumber=len(data_cells) + 5,
        areGridLinesVisible=True,
    )
    return {
        "version": 21,
        "sheets": [sheet, data_sheet],
        "styles": STYLES,
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": pivots,
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": FILTERS,
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


def files():
    """{path: text} of every dashboard file."""
    return {
        FILES / f"{name}_dashboard.json": json.dumps(build(name, spec), indent=1, sort_keys=True)
        + "\n"
        for name, spec in DASHBOARDS.items()
    }


if __name__ == "__main__":
    for path, text in files().items():
        path.write_text(text)
        sys.stderr.write(f"wrote {path}\n")
