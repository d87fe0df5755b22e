from . import logistics_receivable_report
from . import logistics_credit_exposure_report
