from . import logistics_credit_override
from . import logistics_receivable_export
