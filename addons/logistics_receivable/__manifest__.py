{
    "name": "Logistics Receivable",
    "summary": "Payment plans, due-date reminders and dunning, credit control, margin and "
    "order-anomaly alerts for logistics companies",
    "version": "18.0.0.2.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/logistics-crm/logistics-crm",
    "author": "Logistics CRM contributors",
    "maintainers": ["logistics-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["logistics_crm", "account", "sale_margin"],
    "data": [
        "security/logistics_receivable_security.xml",
        "security/ir.model.access.csv",
        # views
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/logistics_receivable_demo.xml",
    ],
    "installable": True,
}
