from . import logistics_service_unit
from . import product_template
from . import logistics_solution
from . import logistics_quote_authority
from . import sale_order
from . import sale_order_line
