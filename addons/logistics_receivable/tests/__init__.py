from . import test_receivable_roles
from . import test_credit_control
from . import test_payment_plan
from . import test_dunning
from . import test_credit_rating
from . import test_order_anomaly
from . import test_reports
from . import test_logistics_receivable_tour
