from . import logistics_supplier_status
