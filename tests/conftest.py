"""pytest configuration of the repo-level static checks (tests/test_static.py)."""

import os
from pathlib import Path


def pytest_report_header(config):
    root = os.environ.get("LOGISTICS_REPO_ROOT") or Path(__file__).resolve().parent.parent
    return [
        f"logistics repo checked: {root}",
        f"Odoo source (ODOO_SRC): {os.environ.get('ODOO_SRC') or '/opt/odoo-src'}",
    ]
