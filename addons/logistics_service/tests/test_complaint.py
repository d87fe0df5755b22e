from datetime import date, datetime

from freezegun import freeze_time
from odoo import Command, fields
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsServiceCommon


@tagged("post_install", "-at_install")
class TestComplaint(LogisticsServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = logistics_user(cls.env, "ls_agent", "agent", name="Service Agent")
        cls.service_manager = logistics_user(
            cls.env, "ls_service_manager", "service_manager", name="Service Manager"
        )
        cls.department = cls.env["logistics.department"].create(
            {"name": "Operations", "manager_id": cls.service_manager.id}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Buyer",
                "parent_id": cls.customer.id,
                "email": "buyer@customer.example.com",
            }
        )
        cls.customer.write({"customer_stage": "intent"})
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "How did we do?",
                "access_mode": "token",
                "scoring_type": "scoring_without_answers",
            }
        )

    def _complaint(self, user=None, **vals):
        return (
            self.env["logistics.complaint"]
            .with_user(user or self.agent)
            .create(
                {
                    "subject": "Container delayed",
                    "partner_id": self.customer.id,
                    "contact_id": self.contact.id,
                    "severity": "high",
                    "department_id": self.department.id,
                    **vals,
                }
            )
        )

    def test_deadline_in_working_hours(self):
        """The SLA policy of the severity gives the deadlines in working hours of the
        company's calendar (8-12, 13-17, Monday to Friday)."""
        self.company.resource_calendar_id.tz = "UTC"
        with freeze_time("2026-11-20 09:00:00"):  # a Friday
            complaint = self._complaint()
        self.assertEqual(
            complaint.sla_policy_id, self.env.ref("logistics_service.complaint_sla_high")
        )
        self.assertEqual(complaint.response_deadline, datetime(2026, 11, 20, 11, 0), "2 hours")
        # 16 hours: 7 on Friday, 8 on Monday, 1 on Tuesday
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 11, 24, 9, 0))
        self.assertEqual(complaint.deadline, date(2026, 11, 24))
        self.assertEqual(complaint.sla_at_risk_date, datetime(2026, 11, 23, 14, 0), "75 %: 12 h")
        self.assertEqual(complaint.sla_final_date, datetime(2026, 11, 25, 9, 0), "8 h later")
        complaint.with_user(self.service_manager).severity = "low"  # re-graded
        self.assertEqual(complaint.deadline, date(2026, 12, 4), "80 hours: ten working days")
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).severity = "high"
        # the company's own policy comes before the group's
        self.env["logistics.complaint.sla"].create(
            {
                "name": "Ours: high in 3 days",
                "company_id": self.company.id,
                "severity": "high",
                "response_hours": 1,
                "resolution_hours": 24,
            }
        )
        complaint.with_user(self.service_manager).severity = "high"
        self.assertEqual(complaint.sla_policy_id.name, "Ours: high in 3 days")
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 11, 25, 9, 0))

    def test_deadline_counts_in_the_companys_time_zone(self):
        """Working hours are the company's, in its time zone: a complaint filed on
        Monday 07:30 in Beijing (Sunday 23:30 UTC) is due on Tuesday 17:00 Beijing."""
        calendar = self.company.resource_calendar_id
        calendar.tz = "Asia/Shanghai"
        with freeze_time("2026-11-22 23:30:00"):  # UTC
            complaint = self._complaint()
        self.assertEqual(complaint.response_deadline, datetime(2026, 11, 23, 2, 0), "10:00 CST")
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 11, 24, 9, 0), "17:00 CST")
        self.assertEqual(complaint.deadline, date(2026, 11, 24))
        # Thursday 21:00 in New York is Friday 02:00 UTC: Friday and Monday, 17:00 there
        calendar.tz = "America/New_York"
        with freeze_time("2026-11-27 02:00:00"):
            complaint = self._complaint()
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 11, 30, 22, 0))
        self.assertEqual(complaint.deadline, date(2026, 11, 30))

    def test_workflow_to_closure_with_return_visit_and_survey(self):
        self.company.complaint_survey_id = self.survey
        complaint = self._complaint()
        self.assertTrue(complaint.name.startswith("CMP/"))
        self.assertEqual(complaint.state, "new")
        complaint.handler_id = self.agent
        self.assertEqual(complaint.state, "assigned")
        complaint.with_user(self.agent).action_start()
        self.assertEqual(complaint.state, "in_progress")
        with self.assertRaisesRegex(ValidationError, "root cause"):
            complaint.with_user(self.agent).action_resolve()
        complaint.with_user(self.agent).write(
            {
                "root_cause": "Vessel rolled over",
                "corrective_action": "Book with buffer",
            }
        )
        complaint.with_user(self.agent).action_resolve()
        self.assertEqual(complaint.state, "resolved")
        self.assertTrue(complaint.on_time)
        with self.assertRaisesRegex(ValidationError, "return visit"):
            complaint.with_user(self.agent).action_close()
        self.env["logistics.return.visit"].with_user(self.agent).create(
            {
                "partner_id": self.customer.id,
                "contact_id": self.contact.id,
                "complaint_id": complaint.id,
                "satisfaction": "4",
                "comments": "OK now",
            }
        )
        complaint.with_user(self.agent).action_close()
        self.assertEqual(complaint.state, "closed")
        # the agent opens the closed complaint (survey answers: for survey officers)
        complaint.invalidate_recordset()
        as_agent = complaint.with_user(self.agent)
        as_agent.read(list(as_agent.fields_get()))
        answer = complaint.sudo().survey_input_ids
        self.assertEqual(answer.partner_id, self.contact)
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(self.customer.last_followup_date, fields.Date.today())

    def _resolved(self):
        complaint = self._complaint(handler_id=self.agent.id, root_cause="x", corrective_action="y")
        complaint.with_user(self.agent).action_resolve()
        return complaint

    def _visit(self, complaint, satisfaction, user=None):
        return (
            self.env["logistics.return.visit"]
            .with_user(user or self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "complaint_id": complaint.id,
                    "satisfaction": satisfaction,
                }
            )
        )

    def test_dissatisfied_return_visit_reopens_the_complaint(self):
        complaint = self._resolved()
        self._visit(complaint, "3")  # neutral: the complaint may close
        self.assertEqual(complaint.state, "resolved")
        complaint.activity_ids.unlink()
        visit = self._visit(complaint, "2", user=self.service_manager)
        self.assertEqual(complaint.state, "in_progress", "dissatisfied: reopened, not closed")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(complaint.resolved_date)
        self.assertIn("dissatisfied", complaint.message_ids[0].body)
        self.assertIn("reopened", complaint.message_ids[0].body)
        self.assertEqual(complaint.activity_ids.user_id, self.agent, "back to its handler")
        # what the customer said stays as said
        with self.assertRaises(AccessError):
            visit.with_user(self.service_manager).satisfaction = "5"
        with self.assertRaises(AccessError):
            visit.with_user(self.service_manager).complaint_id = False
        self.assertEqual(visit.satisfaction, "2")
        # resolved again, closed on a satisfied visit
        complaint.with_user(self.agent).action_resolve()
        with self.assertRaisesRegex(ValidationError, "dissatisfied"):
            complaint.with_user(self.agent).action_close()
        self._visit(complaint, "4")
        complaint.with_user(self.agent).action_close()
        self.assertEqual(complaint.state, "closed")
        # a visit that is no complaint's can be corrected
        other = self._visit(self.env["logistics.complaint"], "2")
        other.with_user(self.agent).satisfaction = "3"

    def test_dissatisfied_return_visit_escalates_when_the_company_says_so(self):
        self.company.complaint_dissatisfied_action = "escalate"
        complaint = self._resolved()
        self._visit(complaint, "1")
        self.assertEqual(complaint.state, "resolved", "the manager decides")
        self.assertIn("Escalated to Service Manager", complaint.message_ids[0].body)
        self.assertEqual(
            complaint.activity_ids.filtered(lambda a: a.user_id == self.service_manager).mapped(
                "summary"
            ),
            [
                f"Dissatisfied customer: decide on complaint {complaint.name} (reopen it, or call again)"
            ],
        )
        with self.assertRaisesRegex(ValidationError, "dissatisfied"):
            complaint.with_user(self.agent).action_close()
        self.assertEqual(complaint.state, "resolved")
        self._visit(complaint, "5")
        complaint.with_user(self.agent).action_close()
        self.assertEqual(complaint.state, "closed")

    def test_customer_told_received_resolved_closed(self):
        def told(complaint):
            messages = complaint.message_ids.filtered("subject")
            return [(m.subject, m.partner_ids) for m in messages.sorted("id")]

        complaint = self._complaint()
        self.assertEqual(
            told(complaint), [(f"We received your complaint {complaint.name}", self.contact)]
        )
        self.assertIn(complaint.get_portal_url(), complaint.message_ids[0].body)
        complaint.write({"handler_id": self.agent.id, "root_cause": "x", "corrective_action": "y"})
        complaint.with_user(self.agent).write({"resolution": "Re-booked on the next vessel"})
        complaint.with_user(self.agent).action_resolve()
        self.assertEqual(
            told(complaint)[-1], (f"Your complaint {complaint.name} is resolved", self.contact)
        )
        self.assertIn("Re-booked on the next vessel", complaint.message_ids[0].body)
        self._visit(complaint, "4")
        complaint.with_user(self.agent).action_close()
        self.assertEqual(
            told(complaint)[-1], (f"Your complaint {complaint.name} is closed", self.contact)
        )
        self.assertEqual(len(told(complaint)), 3)
        # no address, nobody to tell; an archived template tells nobody
        self.contact.email = False
        self.customer.email = "desk@customer.example.com"
        self.assertEqual(told(self._complaint())[0][1], self.customer, "the customer's address")
        self.customer.email = False
        self.assertFalse(told(self._complaint()))
        self.customer.email = "desk@customer.example.com"
        self.env.ref("logistics_service.mail_template_complaint_received").active = False
        self.assertFalse(told(self._complaint()))

    def test_shipped_surveys_are_used_by_default(self):
        """A fresh install has a complaint survey and a periodic one, scored on the return
        visits' scale, used unless the company or the plan says otherwise."""
        complaint_survey = self.env.ref("logistics_service.survey_complaint_satisfaction")
        periodic = self.env.ref("logistics_service.survey_periodic_satisfaction")
        self.assertEqual(self.env.company.complaint_survey_id, complaint_survey)
        branch = self.env["res.company"].create({"name": "Shenzhen Branch"})
        self.assertEqual(branch.complaint_survey_id, complaint_survey)
        plan = self.env["logistics.visit.plan"].create({"tier": "general", "interval_months": 12})
        self.assertEqual(plan.survey_id, periodic)
        for survey in complaint_survey | periodic:
            scored = survey.question_ids.filtered(lambda q: q.question_type == "simple_choice")
            self.assertGreaterEqual(len(scored), 2)
            for question in scored:
                self.assertEqual(
                    question.suggested_answer_ids.sorted("answer_score").mapped("answer_score"),
                    [0.0, 1.0, 2.0, 3.0, 4.0],
                )
        # closing a complaint sends it to the customer
        complaint = self._complaint(handler_id=self.agent.id, root_cause="x", corrective_action="y")
        complaint.with_user(self.agent).action_resolve()
        self._visit(complaint, "5")
        complaint.with_user(self.agent).action_close()
        self.assertEqual(complaint.sudo().survey_input_ids.survey_id, complaint_survey)

    def test_reopen(self):
        complaint = self._complaint(handler_id=self.agent.id, root_cause="x", corrective_action="y")
        complaint.action_resolve()
        complaint.action_reopen()
        self.assertEqual(complaint.state, "in_progress")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(complaint.resolved_date)
        with self.assertRaises(UserError):
            complaint.action_reopen()

    def test_bad_transitions(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.action_close()
        with self.assertRaises(UserError):
            complaint.action_resolve()  # new, nobody handles it
        self.assertEqual(complaint.state, "new")

    def test_satisfaction_score_rolls_up(self):
        Visit = self.env["logistics.return.visit"]
        Visit.create({"partner_id": self.customer.id, "satisfaction": "5"})
        Visit.create({"partner_id": self.customer.id, "satisfaction": "3"})
        self.assertAlmostEqual(self.customer.satisfaction_score, 75.0)
        answer = self.survey._create_answer(partner=self.contact, check_attempts=False)
        answer.write({"state": "done"})
        answer.scoring_percentage = 30.0
        self.assertAlmostEqual(self.customer.satisfaction_score, (100 + 50 + 30) / 3)

    def test_visit_plan_cron(self):
        self.customer.sudo().write(
            {"customer_tier_override": "strategic", "user_id": self.salesman2.id}
        )
        plan = self.env["logistics.visit.plan"].create(
            {"tier": "strategic", "interval_months": 1, "survey_id": self.survey.id}
        )
        self.customer.email = "ops@customer.example.com"
        pool = self.env["logistics.customer.pool"].create(
            {"name": "Visit Pool", "member_user_ids": [Command.set(self.salesman.ids)]}
        )
        prospect = self.env["res.partner"].create(
            {"name": "Pool Prospect", "is_company": True, "customer_stage": "intent"}
        )
        prospect.action_pool_enroll(pool)
        prospect.sudo().customer_tier_override = "strategic"
        self.env["logistics.visit.plan"]._cron_plan_visits()
        kind = self.env.ref("logistics_service.mail_activity_type_return_visit")
        activities = self.customer.activity_ids.filtered(lambda a: a.activity_type_id == kind)
        self.assertEqual(activities.user_id, self.salesman2, "its owner visits")
        self.assertFalse(prospect.activity_ids, "a pool prospect has nobody to visit it")
        # once claimed, its owner plans the visit
        prospect.with_user(self.salesman).action_pool_claim()
        self.env["logistics.visit.plan"]._cron_plan_visits()
        self.assertEqual(prospect.activity_ids.user_id, self.salesman)
        self.assertEqual(
            len(self.customer.activity_ids.filtered(lambda a: a.activity_type_id == kind)), 1
        )
        self.assertEqual(self.customer.logistics_survey_input_ids.survey_id, self.survey)
        self.env["logistics.visit.plan"]._cron_plan_visits()  # not again within the month
        self.assertEqual(
            len(self.customer.activity_ids.filtered(lambda a: a.activity_type_id == kind)), 1
        )
        with self.assertRaises(ValidationError):
            plan.interval_months = 0

    def test_kpis(self):
        done = self._complaint(handler_id=self.agent.id, root_cause="x", corrective_action="y")
        done.action_resolve()
        self._complaint()
        order = self._quote(lines=[(self.customs, 1, 0.0)])
        order.action_confirm()
        for _i in range(3):
            self._quote(lines=[(self.customs, 1, 0.0)]).action_confirm()
        self.env["logistics.return.visit"].create(
            {"partner_id": self.customer.id, "satisfaction": "5"}
        )
        self.env.flush_all()
        figures = self.env["logistics.service.kpi"]._figures(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(figures["complaints"], 2)
        self.assertEqual(figures["orders"], 4)
        self.assertAlmostEqual(figures["complaint_rate"], 50.0)
        self.assertAlmostEqual(figures["on_time_rate"], 100.0)
        self.assertAlmostEqual(figures["satisfaction"], 100.0)
        by_department = self.env["logistics.service.kpi"]._read_group(
            [("kind", "=", "complaint")], ["department_id"], ["complaint_count:sum"]
        )
        self.assertIn((self.department, 2), by_department)

    def test_complaint_rate_per_department_and_service_line(self):
        """Orders count for their largest service item's line and the department that
        answers for it; every group's rate is its complaints per 100 of its orders."""
        self.department.service_line_ids = self.line_customs
        trucking_desk = self.env["logistics.department"].create(
            {"name": "Trucking Desk", "service_line_ids": [(6, 0, self.line_trucking.ids)]}
        )
        # customs 1,000 + trucking 500: a customs order; trucking 1,000: a trucking one
        mixed = self._quote(lines=[(self.customs, 10, 0.0), (self.trucking, 50, 0.0)])
        self.assertEqual(mixed.service_line_id, self.line_customs)
        orders = mixed
        for _i in range(2):
            orders |= self._quote(lines=[(self.customs, 1, 0.0)])
        orders |= self._quote(lines=[(self.trucking, 100, 0.0)])
        orders.action_confirm()
        for _i in range(2):
            self._complaint(service_line_id=self.line_customs.id)
        self.env.flush_all()
        Kpi = self.env["logistics.service.kpi"]
        domain = [("partner_id", "=", self.customer.id)]
        spec = ["complaint_count:sum", "order_count:sum", "complaint_rate:avg"]
        rates = {
            department: (complaints, orders_, round(rate or 0.0, 2))
            for department, complaints, orders_, rate in Kpi._read_group(
                domain, ["department_id"], spec
            )
        }
        self.assertEqual(rates[self.department], (2, 3, 66.67))
        self.assertEqual(rates[trucking_desk], (0, 1, 0.0))
        by_line = dict(Kpi._read_group(domain, ["service_line_id"], spec[2:]))
        self.assertAlmostEqual(by_line[self.line_customs], 200 / 3)
        # the total is a ratio of totals (2 / 4), not the mean of the groups' rates
        self.assertAlmostEqual(Kpi._read_group(domain, [], spec[2:])[0][0], 50.0)
        # what an existing database gets on install is what the compute gives
        self.env.cr.execute("UPDATE sale_order SET service_line_id = NULL")
        self.env["sale.order"]._logistics_init_service_lines()
        orders.invalidate_recordset(["service_line_id"])
        self.assertEqual(
            [order.service_line_id for order in orders],
            [self.line_customs, self.line_customs, self.line_customs, self.line_trucking],
        )
        # changing the lines moves the order to the new largest line
        mixed.order_line.filtered(
            lambda line: line.product_id == self.trucking
        ).product_uom_qty = 500
        self.assertEqual(mixed.service_line_id, self.line_trucking)

    def test_kpis_of_others_protected_customers_hidden(self):
        pool = self.env["logistics.customer.pool"].create(
            {"name": "KPI Pool", "member_user_ids": [(6, 0, (self.salesman | self.salesman2).ids)]}
        )
        self.customer.action_pool_enroll(pool)
        self.customer.action_pool_assign(self.salesman2, "theirs")
        self._complaint()
        self.env.flush_all()
        Kpi = self.env["logistics.service.kpi"]
        domain = [("partner_id", "=", self.customer.id)]
        self.assertFalse(Kpi.with_user(self.salesman).search(domain))
        self.assertTrue(Kpi.with_user(self.salesman2).search(domain))
        self.assertTrue(Kpi.with_user(self.agent).search(domain))

    def test_access(self):
        complaint = self._complaint()
        other_customer = self.env["res.partner"].create(
            {"name": "Not mine", "user_id": self.salesman2.id}
        )
        hidden = self._complaint(partner_id=other_customer.id, contact_id=False)
        self.customer.sudo().user_id = self.salesman
        Complaint = self.env["logistics.complaint"].with_user(self.salesman)
        self.assertEqual(Complaint.search([("id", "in", (complaint | hidden).ids)]), complaint)
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesman).unlink()
        with self.assertRaises(AccessError):
            self.department.with_user(self.agent).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["logistics.visit.plan"].with_user(self.agent).create({"tier": "general"})
        employee = logistics_user(self.env, "ls_employee", "employee")
        with self.assertRaises(AccessError):
            self.env["logistics.complaint"].with_user(employee).search([])
        portal = logistics_user(self.env, "ls_portal", "portal", partner_id=self.contact.id)
        visible = self.env["logistics.complaint"].with_user(portal).search([])
        self.assertEqual(visible, complaint)
        with self.assertRaises(AccessError):
            self.env["logistics.complaint"].with_user(portal).create(
                {"subject": "x", "partner_id": self.customer.id}
            )
