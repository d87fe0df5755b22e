from . import test_customer_pool
from . import test_pool_release_cron
from . import test_pool_concurrency
from . import test_res_partner_customer
from . import test_pool_access
from . import test_logistics_crm_tour
from . import test_gates_rpc
from . import test_branches
