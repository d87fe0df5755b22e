{
    "name": "Logistics Dashboards",
    "summary": "Spreadsheet dashboards of the logistics suite: sales and pool, with targets",
    "version": "18.0.0.1.0",
    "category": "Productivity/Dashboard",
    "website": "https://github.com/logistics-crm/logistics-crm",
    "author": "Logistics CRM contributors",
    "maintainers": ["logistics-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["spreadsheet_dashboard", "logistics_receivable", "logistics_supplier"],
    "data": [
        # security
        "security/ir.model.access.csv",
        # data
        "data/dashboards.xml",
    ],
    "demo": [
        "demo/logistics_dashboard_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "logistics_dashboard/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
    "auto_install": True,
}
