from . import test_receivable_roles
