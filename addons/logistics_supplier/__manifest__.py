{
    "name": "Logistics Supplier",
    "summary": "Supplier master shared by all branches, rate cards, qualification documents, "
    "evaluation and cost analysis for logistics companies",
    "version": "18.0.0.1.0",
    "category": "Inventory/Purchase",
    "website": "https://github.com/logistics-crm/logistics-crm",
    "author": "Logistics CRM contributors",
    "maintainers": ["logistics-crm"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["logistics_service", "purchase"],
    "data": [
        "security/logistics_supplier_security.xml",
        "security/ir.model.access.csv",
    ],
    "demo": [
        "demo/logistics_supplier_demo.xml",
    ],
    "installable": True,
}
