from . import test_supplier_roles
