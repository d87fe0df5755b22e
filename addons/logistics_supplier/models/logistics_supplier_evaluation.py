from dateutil.relativedelta import relativedelta
from odoo import api, fields, models
from odoo.addons.logistics_crm.models.logistics_gated_mixin import Gate
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
AUTO_METHODS = [
    ("manual", "Manual"),
    ("on_time", "On time (delay complaints)"),
    ("damage", "Damage / loss complaints"),
    ("price", "Price competitiveness (rate cards)"),
]


class LogisticsSupplierCriterion(models.Model):
    """A weighted evaluation criterion; some are scored automatically from data."""

    _name = "logistics.supplier.criterion"
    _description = "Supplier Evaluation Criterion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    weight = fields.Float(required=True, default=20.0)
    method = fields.Selection(AUTO_METHODS, required=True, default="manual")
    active = fields.Boolean(default=True)

    @api.constrains("weight")
    def _check_weight(self):
        if any(c.weight <= 0 or c.weight > 100 for c in self):
            raise ValidationError(self.env._("A criterion weighs between 0 and 100."))


class LogisticsSupplierEvaluation(models.Model):
    """One supplier's evaluation (供方绩效) for one period."""

    _name = "logistics.supplier.evaluation"
    _description = "Supplier Evaluation"
    _inherit = ["logistics.gated.mixin", "mail.thread"]
    _logistics_gates = (
        Gate(
            frozenset({"state", "evaluator_id", "score", "grade", "name"}),
            _lt("Evaluations are confirmed with the Confirm button."),
        ),
        # the automatic scores are the period's and the supplier's
        Gate(
            frozenset({"partner_id", "period_type", "period_start", "period_end"}),
            _lt("Create a new evaluation for another supplier or period."),
            applies="_logistics_existing",
        ),
    )
    _order = "period_end desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Supplier",
        required=True,
        index=True,
        domain=[("is_logistics_supplier", "=", True)],
        ondelete="cascade",
    )
    period_type = fields.Selection(
        [("month", "Monthly"), ("quarter", "Quarterly")], required=True, default="quarter"
    )
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True, index=True)
    line_ids = fields.One2many("logistics.supplier.evaluation.line", "evaluation_id", "Scores")
    score = fields.Float(compute="_compute_score", store=True, aggregator="avg")
    grade = fields.Selection(GRADES, compute="_compute_score", store=True, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Confirmed")], default="draft", required=True, tracking=True
    )
    evaluator_id = fields.Many2one("res.users", "Evaluated by", readonly=True)

    _sql_constraints = [
        (
            "period_uniq",
            "unique(partner_id, period_type, period_start)",
            "This supplier already has an evaluation for this period.",
        ),
    ]

    @api.constrains("period_start", "period_end")
    def _check_period(self):
        if any(e.period_end < e.period_start for e in self):
            raise ValidationError(self.env._("An evaluation period ends after it starts."))

    @api.depends("partner_id", "period_start", "period_end")
    def _compute_name(self):
        for evaluation in self:
            evaluation.name = f"{evaluation.partner_id.name or ''} {evaluation.period_start or ''}–{evaluation.period_end or ''}"

    @api.depends("line_ids.score", "line_ids.weight")
    def _compute_score(self):
        for evaluation in self:
            weight = sum(evaluation.line_ids.mapped("weight"))
            score = (
                sum(line.score * line.weight for line in evaluation.line_ids) / weight
                if weight
                else 0.0
            )
            evaluation.score = score
            evaluation.grade = evaluation._grade_for(score) if evaluation.line_ids else False

    @api.model
    def _grade_for(self, score):
        return "A" if score >= 90 else "B" if score >= 75 else "C" if score >= 60 else "D"

    @api.model_create_multi
    def create(self, vals_list):
        evaluations = super().create(vals_list)
        for evaluation in evaluations.filtered(lambda e: not e.line_ids):
            evaluation._logistics_prepare_lines()
        return evaluations

    def _logistics_prepare_lines(self):
        criteria = self.env["logistics.supplier.criterion"].search([])
        # scores are the criteria's: lines are made here only
        self.env["logistics.supplier.evaluation.line"].sudo().create(
            [
                {
                    "evaluation_id": self.id,
                    "criterion_id": c.id,
                    "weight": c.weight,
                    "score": self._logistics_auto_score(c.method) if c.method != "manual" else 0.0,
                    "is_auto": c.method != "manual",
                }
                for c in criteria
            ]
        )

    def _logistics_auto_score(self, method):
        """Scores computed from the data of the period, 0–100."""
        self.ensure_one()
        supplier = self.partner_id
        if method in ("on_time", "damage"):
            categories = ("delay",) if method == "on_time" else ("damage", "loss")
            count = (
                self.env["logistics.complaint"]
                .sudo()
                .search_count(
                    [
                        ("supplier_id", "child_of", supplier.id),
                        ("category", "in", categories),
                        ("date", ">=", self.period_start),
                        ("date", "<", self.period_end + relativedelta(days=1)),
                    ]
                )
            )
            return max(0.0, 100.0 - (20.0 if method == "on_time" else 25.0) * count)
        if method == "price":
            # each of the supplier's valid rates against the cheapest valid rate of the
            # same item, both in company currency
            rates = (
                self.env["product.supplierinfo"].sudo().search([("partner_id", "=", supplier.id)])
            )
            ratios = []
            for rate in rates:
                product = rate.product_id or rate.product_tmpl_id.product_variant_id
                valid = product._logistics_valid_rates(self.period_end)
                if rate not in valid:
                    continue
                own = product._logistics_rate_unit_cost(rate, date=self.period_end)
                best = min(
                    product._logistics_rate_unit_cost(r, date=self.period_end) for r in valid
                )
                if own > 0:
                    ratios.append(min(1.0, best / own))
            return 100.0 * sum(ratios) / len(ratios) if ratios else 0.0
        return 0.0

    def action_confirm(self):
        if not self.env.user.has_group("logistics_supplier.group_logistics_buyer"):
            raise UserError(self.env._("Only buyers and supplier managers confirm evaluations."))
        for evaluation in self:
            if evaluation.state != "draft":
                raise UserError(self.env._("Evaluation %s is already confirmed.", evaluation.name))
            if not evaluation.line_ids:
                raise ValidationError(self.env._("Evaluation %s has no scores.", evaluation.name))
            evaluation.sudo().write({"state": "done", "evaluator_id": self.env.user.id})
            if evaluation.grade == "D" and evaluation.partner_id.supplier_state == "qualified":
                # (a blacklisted supplier stays blacklisted)
                evaluation.partner_id._logistics_set_supplier_state(
                    "under_review",
                    self.env._(
                        "Grade D in evaluation %(name)s (score %(score).1f)",
                        name=evaluation.name,
                        score=evaluation.score,
                    ),
                )
        return True

    def write(self, vals):
        if not self.env.su and any(e.state == "done" for e in self):
            raise UserError(self.env._("A confirmed evaluation cannot be changed."))
        return super().write(vals)

    @api.model
    def _cron_create_evaluations(self, period_type="quarter", batch_size=200):
        """Create the last closed period's evaluations of active suppliers, in batches."""
        today = fields.Date.context_today(self)
        if period_type == "month":
            end = today.replace(day=1) - relativedelta(days=1)
            start = end.replace(day=1)
        else:
            quarter_start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
            start = quarter_start - relativedelta(months=3)
            end = quarter_start - relativedelta(days=1)
        domain = [
            ("is_logistics_supplier", "=", True),
            ("parent_id", "=", False),
            ("supplier_state", "!=", "blacklisted"),
            (
                "supplier_evaluation_ids",
                "not any",
                [("period_type", "=", period_type), ("period_start", "=", start)],
            ),
        ]
        suppliers = self.env["res.partner"].search(domain, limit=batch_size)
        self.create(
            [
                {
                    "partner_id": s.id,
                    "period_type": period_type,
                    "period_start": start,
                    "period_end": end,
                }
                for s in suppliers
            ]
        )
        return self.env["ir.cron"]._logistics_report_batch(
            self.env["res.partner"], domain, len(suppliers), batch_size
        )


class LogisticsSupplierEvaluationLine(models.Model):
    _name = "logistics.supplier.evaluation.line"
    _description = "Supplier Evaluation Score"
    _inherit = ["logistics.gated.mixin"]
    _order = "evaluation_id, id"
    # the criteria decide the lines and their weights; data decides the automatic scores
    _logistics_gates = (
        Gate(
            frozenset({"evaluation_id", "criterion_id", "weight", "is_auto"}),
            _lt("The scores of an evaluation come from the evaluation criteria."),
        ),
        Gate(
            frozenset({"score"}),
            _lt("Automatic scores are computed from the period's data."),
            applies="_logistics_auto_lines",
        ),
    )

    evaluation_id = fields.Many2one(
        "logistics.supplier.evaluation", required=True, ondelete="cascade", index=True
    )
    criterion_id = fields.Many2one("logistics.supplier.criterion", required=True)
    weight = fields.Float(required=True)
    score = fields.Float(help="0–100")
    is_auto = fields.Boolean("Automatic", readonly=True)
    note = fields.Char()

    @api.constrains("score")
    def _check_score(self):
        if any(not 0 <= line.score <= 100 for line in self):
            raise ValidationError(self.env._("Scores are between 0 and 100."))

    @api.constrains("weight")
    def _check_weight(self):
        if any(line.weight <= 0 for line in self):
            raise ValidationError(self.env._("A score's weight must be positive."))

    def _logistics_auto_lines(self):
        return self.filtered("is_auto")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su and any(line.evaluation_id.state == "done" for line in lines):
            raise UserError(self.env._("A confirmed evaluation cannot be changed."))
        return lines

    def write(self, vals):
        if any(line.evaluation_id.state == "done" for line in self):
            raise UserError(self.env._("A confirmed evaluation cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if any(line.evaluation_id.state == "done" for line in self):
            raise UserError(self.env._("A confirmed evaluation cannot be changed."))
        return super().unlink()
