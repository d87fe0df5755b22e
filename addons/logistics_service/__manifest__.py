{
    "name": "Logistics Service",
    "summary": "Service items and units, solutions, quote authorisation, complaints, "
    "return visits and satisfaction for logistics companies",
    "version": "18.0.0.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/logistics-crm/logistics-crm",
    "author": "Logistics CRM contributors",
    "maintainers": ["logistics-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["logistics_crm", "sale_margin", "survey", "rating", "portal"],
    "data": [
        "security/logistics_service_security.xml",
        "security/ir.model.access.csv",
    ],
    "demo": [
        "demo/logistics_service_demo.xml",
    ],
    "installable": True,
}
