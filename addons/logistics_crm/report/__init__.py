from . import logistics_sales_performance
