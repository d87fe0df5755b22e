{
    "name": "Logistics Receivable",
    "summary": "Payment plans, due-date reminders and dunning, credit control, margin and "
    "order-anomaly alerts for logistics companies",
    "version": "18.0.1.2.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/logistics-crm/logistics-crm",
    "author": "Logistics CRM contributors",
    "maintainers": ["logistics-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": [
        "logistics_crm",
        "logistics_service",
        "account",
        "sale_margin",
        # job costing: purchase order lines bought for a sale order item
        "sale_purchase",
    ],
    "data": [
        "security/logistics_receivable_security.xml",
        "security/ir.model.access.csv",
        # data
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        # views
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/account_move_views.xml",
        "views/logistics_payment_instalment_views.xml",
        "views/logistics_dunning_level_views.xml",
        "views/logistics_collection_case_views.xml",
        "views/logistics_credit_views.xml",
        "views/logistics_order_anomaly_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/logistics_receivable_export_views.xml",
        "report/logistics_receivable_report_views.xml",
        "report/logistics_customer_statement.xml",
        # menus last
        "views/logistics_receivable_menus.xml",
    ],
    "demo": [
        "demo/logistics_receivable_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "logistics_receivable/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
