from odoo import api, models


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _logistics_report_batch(self, model, domain, done, batch_size):
        """Report one bounded batch of a suite cron and return what remains.

        What remains is counted up to one batch only (the cron framework just needs to
        know whether to call again at once), so that reporting never costs more than the
        batch itself however large the backlog.
        """
        remaining = model.search_count(domain, limit=batch_size) if done >= batch_size else 0
        self._notify_progress(done=done, remaining=remaining)
        return remaining
