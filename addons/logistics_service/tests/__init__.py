from . import test_service_roles
from . import test_service_catalogue
from . import test_quote_authority
from . import test_logistics_service_tour
from . import test_complaint
from . import test_portal
from . import test_gates_rpc
from . import test_migrations
