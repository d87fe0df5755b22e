from . import logistics_receivable_report
from . import logistics_credit_exposure_report
from . import sale_report
from . import logistics_sales_performance
