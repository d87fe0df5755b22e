from . import logistics_reason_wizard
from . import base_partner_merge
