from . import test_receivable_roles
from . import test_credit_control
