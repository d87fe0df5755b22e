from . import logistics_receivable_export
