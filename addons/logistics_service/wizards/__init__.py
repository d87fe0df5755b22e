from . import logistics_quote_reject
