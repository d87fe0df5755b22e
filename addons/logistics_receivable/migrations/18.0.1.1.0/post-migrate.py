"""18.0.1.1.0: the dunning e-mails are one statement per customer (res.partner) instead
of one e-mail per invoice (account.move). The three shipped templates are ``noupdate``:
load them again, on their new model. A level still pointing to a template of invoices
(one a user wrote) loses it - it could not render a statement -, with a warning in the
log: the level sends no e-mail until someone picks a customer template."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.addons.logistics_crm.upgrade import reload_records

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_records(
        env,
        "logistics_receivable",
        "data/mail_template_data.xml",
        [
            "mail_template_dunning_reminder",
            "mail_template_dunning_second",
            "mail_template_dunning_final",
        ],
    )
    levels = (
        env["logistics.dunning.level"]
        .with_context(active_test=False)
        .search([("mail_template_id.model", "!=", "res.partner")])
    )
    for level in levels:
        _logger.warning(
            "Dunning level %s: its e-mail template %s is one of invoices; a level now sends "
            "one statement per customer: pick a customer template",
            level.name,
            level.mail_template_id.name,
        )
    levels.write({"mail_template_id": False})
