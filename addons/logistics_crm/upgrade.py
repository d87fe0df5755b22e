"""Helpers for the suite's migration scripts (``migrations/<version>/*.py``)."""

from lxml import etree
from odoo.tools.misc import file_path


def reload_rule_domains(env, module, filename, xmlids):
    """Set the record rules ``xmlids`` of ``module`` to the domain ``filename`` (a data
    file of the module) ships. Rules are shipped ``noupdate``: an upgrade that changes
    their meaning must rewrite them itself."""
    tree = etree.parse(file_path(f"{module}/{filename}"))
    for xmlid in xmlids:
        node = tree.find(f".//record[@id='{xmlid}']/field[@name='domain_force']")
        rule = env.ref(f"{module}.{xmlid}", raise_if_not_found=False)
        if rule and node is not None:
            rule.domain_force = node.text
