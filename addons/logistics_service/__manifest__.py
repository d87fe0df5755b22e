{
    "name": "Logistics Service",
    "summary": "Service items and units, solutions, quote authorisation, complaints, "
    "return visits and satisfaction for logistics companies",
    "version": "18.0.0.6.0",
    "category": "Sales/Sales",
    "website": "https://github.com/logistics-crm/logistics-crm",
    "author": "Logistics CRM contributors",
    "maintainers": ["logistics-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["logistics_crm", "sale_margin", "survey", "rating", "portal"],
    "data": [
        # security
        "security/logistics_service_security.xml",
        "security/ir.model.access.csv",
        # data
        "data/logistics_service_unit_data.xml",
        "data/logistics_complaint_data.xml",
        "data/mail_template_data.xml",
        "data/survey_data.xml",
        # views
        "views/product_template_views.xml",
        "views/logistics_solution_views.xml",
        "views/logistics_quote_authority_views.xml",
        "views/sale_order_views.xml",
        "views/logistics_complaint_views.xml",
        "views/portal_templates.xml",
        # menus last
        "views/logistics_service_menus.xml",
    ],
    "demo": [
        "demo/logistics_service_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "logistics_service/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
