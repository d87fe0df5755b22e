from . import logistics_credit_override
