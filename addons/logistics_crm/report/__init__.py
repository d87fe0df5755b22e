from . import logistics_sales_performance
from . import sale_report
