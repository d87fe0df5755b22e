{
    "name": "Logistics CRM",
    "summary": "Customer pool with protection periods, one code per customer, "
    "value tiers, follow-ups and a 360° customer view for logistics companies",
    "version": "18.0.2.2.0",
    "category": "Sales/CRM",
    "website": "https://github.com/logistics-crm/logistics-crm",
    "author": "Logistics CRM contributors",
    "maintainers": ["logistics-crm"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["crm", "sale_management", "sale_margin", "contacts"],
    "data": [
        # security
        "security/logistics_crm_security.xml",
        "security/ir.model.access.csv",
        "security/logistics_crm_rules.xml",
        # data
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        # views
        "views/logistics_customer_pool_views.xml",
        "views/logistics_pool_log_views.xml",
        "views/logistics_followup_views.xml",
        "views/logistics_service_line_views.xml",
        "views/logistics_partner_relation_views.xml",
        "views/logistics_anniversary_views.xml",
        "views/logistics_sales_target_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        # wizards
        "wizards/logistics_reason_wizard_views.xml",
        "wizards/base_partner_merge_views.xml",
        # menus last
        "views/logistics_crm_menus.xml",
    ],
    "demo": [
        "demo/logistics_crm_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "logistics_crm/static/src/js/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
