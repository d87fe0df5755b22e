"""Helpers for the suite's migration scripts (``migrations/<version>/*.py``)."""

from lxml import etree
from odoo.tools.convert import xml_import
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


def reload_records(env, module, filename, xmlids):
    """Load the records ``xmlids`` of ``module`` again from ``filename`` (a data file of
    the module), overwriting what the database has: records shipped ``noupdate`` (mail
    templates, say) are never updated by an upgrade, so one that changes their meaning
    must reload them itself. They stay ``noupdate``."""
    tree = etree.parse(file_path(f"{module}/{filename}"))
    importer = xml_import(env, module, {}, mode="init", noupdate=True, xml_filename=filename)
    for xmlid in xmlids:
        node = tree.find(f".//record[@id='{xmlid}']")
        if node is not None:
            importer._tag_record(node)
