import logging
import random
import time

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from psycopg2 import errorcodes
from psycopg2.extensions import TransactionRollbackError

_logger = logging.getLogger(__name__)

BATCH_TRIES = 5


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _logistics_run_batch(self, process):
        """Run one batch of a suite cron, ``process()``, so that it survives the users.

        Salespeople claim, release and follow up while the nightly jobs run: a batch
        that loses a race with them (serialization failure, deadlock) is rolled back and
        run again on fresh data - as Odoo retries a request that lost one - instead of
        failing the job and leaving the rest of the night's work undone. ``process``
        selects its batch itself (``_logistics_lock_batch``), so that a retry takes what
        is due now. Each cron call is one batch in its own transaction: the rollback
        loses only this batch's work.
        """
        for attempt in range(1, BATCH_TRIES + 1):
            try:
                result = process()
                self.env.flush_all()
                return result
            except TransactionRollbackError as error:
                if attempt == BATCH_TRIES:
                    raise
                _logger.info(
                    "%s: batch rolled back, taken again on fresh data (%s tries left)",
                    errorcodes.lookup(error.pgcode),
                    BATCH_TRIES - attempt,
                )
                self.env.cr.rollback()
                self.env.reset()
                time.sleep(random.uniform(0, 0.1 * 2**attempt))  # noqa: S311
        return None  # unreachable

    @api.model
    def _logistics_lock_batch(self, model, domain, batch_size, order):
        """The next ``batch_size`` records of ``model`` matching ``domain``, locked for
        this batch; rows a user is changing right now are left to a later batch (FOR
        UPDATE SKIP LOCKED) rather than waited for."""
        query = model._search(domain, limit=batch_size, order=order)
        sql = SQL("%s FOR UPDATE OF %s SKIP LOCKED", query.select(), SQL.identifier(model._table))
        self.env.flush_query(sql)  # what the domain reads, as search() does
        # losing a race here is expected (and handled by _logistics_run_batch): not logged
        self.env.cr.execute(sql, log_exceptions=False)
        return model.browse(row[0] for row in self.env.cr.fetchall())

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

    @api.model
    def _logistics_run_now(self, model_name, method_name):
        """Run a suite cron method (``_cron_*``) until it reports nothing left, as the
        cron worker calls a batched job again at once: for demo data, whose figures
        (tiers, revenue, ratings…) the nightly jobs compute."""
        if not method_name.startswith("_cron_"):
            raise UserError(self.env._("%s is not a scheduled job.", method_name))
        method = getattr(self.env[model_name], method_name)
        for _step in range(10000):
            if not method():
                return
