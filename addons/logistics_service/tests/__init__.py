from . import test_service_roles
