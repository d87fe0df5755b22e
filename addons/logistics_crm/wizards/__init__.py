from . import logistics_pool_release
from . import logistics_pool_assign
from . import base_partner_merge
