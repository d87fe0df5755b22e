from . import test_supplier_roles
from . import test_supplier_master
from . import test_supplier_rates
from . import test_supplier_evaluation
from . import test_logistics_supplier_tour
from . import test_gates_rpc
