{
    "name": "Logistics Supplier",
    "summary": "Supplier master shared by all branches, rate cards, qualification documents, "
    "evaluation and cost analysis for logistics companies",
    "version": "18.0.0.2.0",
    "category": "Inventory/Purchase",
    "website": "https://github.com/logistics-crm/logistics-crm",
    "author": "Logistics CRM contributors",
    "maintainers": ["logistics-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["logistics_service", "purchase"],
    "data": [
        # security
        "security/logistics_supplier_security.xml",
        "security/ir.model.access.csv",
        # data
        "data/logistics_supplier_data.xml",
        # views
        "views/res_partner_views.xml",
        "views/logistics_supplier_views.xml",
        # menus last
        "views/logistics_supplier_menus.xml",
    ],
    "demo": [
        "demo/logistics_supplier_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "logistics_supplier/static/src/js/tours/*.js",
        ],
    },
    "installable": True,
}
