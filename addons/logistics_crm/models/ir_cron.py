from odoo import api, models


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _logistics_report_progress(self, done, batch_size, count_remaining):
        """Report one bounded batch of a suite cron and return what remains.

        Every batched cron of the suite ends here. ``count_remaining`` is called only when
        the batch was full, and should count up to one batch only: the cron framework just
        needs to know whether to call again at once, so that reporting never costs more
        than the batch itself however large the backlog.
        """
        remaining = count_remaining() if done >= batch_size else 0
        self._notify_progress(done=done, remaining=remaining)
        return remaining

    @api.model
    def _logistics_report_batch(self, model, domain, done, batch_size):
        """The common case: what remains is what ``domain`` still finds in ``model``."""
        return self._logistics_report_progress(
            done, batch_size, lambda: model.search_count(domain, limit=batch_size)
        )
