from . import logistics_lane
from . import res_partner
from . import logistics_supplier_document
from . import product
from . import logistics_supplier_evaluation
from . import purchase_order
from . import logistics_supplier_cost
