from datetime import datetime

from freezegun import freeze_time
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsServiceCommon

FRIDAY_9 = "2026-11-20 09:00:00"  # the calendar works 8-12, 13-17, Monday to Friday (UTC)


@tagged("post_install", "-at_install")
class TestComplaintSla(LogisticsServiceCommon):
    """SLA status and escalation, level by level: a high complaint filed on Friday 09:00
    is to be answered by 11:00, is at risk from Monday 14:00, breached from Tuesday
    09:00 and goes to the top on Wednesday 09:00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "UTC"
        cls.agent = logistics_user(cls.env, "lss_agent", "agent")
        cls.dept_manager = logistics_user(cls.env, "lss_dept", "service_manager")
        cls.complaint_manager = logistics_user(cls.env, "lss_cm", "service_manager")
        cls.branch_manager = logistics_user(cls.env, "lss_bm", "manager")
        cls.company.write(
            {
                "complaint_manager_id": cls.complaint_manager.id,
                "logistics_branch_manager_id": cls.branch_manager.id,
            }
        )
        cls.department = cls.env["logistics.department"].create(
            {"name": "Trucking Desk", "manager_id": cls.dept_manager.id}
        )
        cls.customer.sudo().user_id = cls.salesman  # its owner

    def _complaint(self, **vals):
        with freeze_time(FRIDAY_9):
            return self.env["logistics.complaint"].create(
                {
                    "subject": "Truck two hours late",
                    "partner_id": self.customer.id,
                    "severity": "high",
                    "department_id": self.department.id,
                    "handler_id": self.agent.id,
                    **vals,
                }
            )

    def _escalate(self, when, batch_size=200):
        with freeze_time(when):
            return self.env["logistics.complaint"]._cron_escalate(batch_size=batch_size)

    def _told(self, complaint):
        """Who has a to-do on the complaint, but its handler (told when assigned)."""
        return complaint.activity_ids.user_id - self.agent

    def _status(self, complaint, when):
        with freeze_time(when):
            complaint.invalidate_recordset(["sla_status"])
            status = complaint.sla_status
            found = self.env["logistics.complaint"].search(
                [("sla_status", "=", status), ("id", "=", complaint.id)]
            )
            self.assertEqual(found, complaint, f"the search finds it {status} too")
            return status

    def test_levels_each_once_in_order(self):
        complaint = self._complaint()
        with freeze_time("2026-11-20 10:00:00"):
            complaint.with_user(self.agent).action_start()
        self.assertEqual(complaint.first_response_date, datetime(2026, 11, 20, 10, 0))
        self.assertEqual(self._status(complaint, "2026-11-23 13:59:00"), "on_track")
        self._escalate("2026-11-23 13:59:00")
        self.assertFalse(self._told(complaint))
        # level 1: at risk, the department's manager
        self.assertEqual(self._status(complaint, "2026-11-23 14:30:00"), "at_risk")
        self._escalate("2026-11-23 14:30:00")
        self.assertEqual(self._told(complaint), self.dept_manager)
        self.assertEqual(complaint.escalation_level, 1)
        # level 2: breached, the complaint manager
        self.assertEqual(self._status(complaint, "2026-11-24 09:30:00"), "breached")
        self._escalate("2026-11-24 09:30:00")
        self._escalate("2026-11-24 12:00:00")
        self.assertEqual(self._told(complaint), self.dept_manager | self.complaint_manager)
        self.assertEqual(complaint.escalation_level, 2)
        # level 3: still breached, the customer's owner and the branch manager
        self._escalate("2026-11-25 08:59:00")
        self.assertEqual(complaint.escalation_level, 2)
        self._escalate("2026-11-25 09:30:00")
        self._escalate("2026-11-26 10:30:00")
        self.assertEqual(complaint.escalation_level, 3)
        self.assertFalse(complaint.next_escalation_date, "nothing left to escalate")
        activities = complaint.activity_ids - complaint.activity_ids.filtered(
            lambda a: a.user_id == self.agent
        )
        self.assertEqual(len(activities), 4, "each person once")
        self.assertEqual(
            activities.user_id,
            self.dept_manager | self.complaint_manager | self.salesman | self.branch_manager,
        )
        notes = complaint.message_ids.filtered(lambda m: "Escalation level" in str(m.body))
        self.assertEqual(len(notes), 3, "each level logged once")

    def test_no_first_response_breaches_early(self):
        """Nobody started on the complaint in 2 hours: it is breached, and both the
        department's manager and the complaint manager are told at once."""
        complaint = self._complaint()
        self.assertEqual(self._status(complaint, "2026-11-20 10:59:00"), "on_track")
        self.assertEqual(self._status(complaint, "2026-11-20 11:30:00"), "breached")
        self._escalate("2026-11-20 11:30:00")
        self.assertEqual(complaint.escalation_level, 2)
        self.assertEqual(self._told(complaint), self.dept_manager | self.complaint_manager)
        # starting late does not undo the breach, nor tell anybody twice
        with freeze_time("2026-11-20 12:00:00"):
            complaint.with_user(self.agent).action_start()
        self.assertTrue(complaint.response_late)
        self.assertEqual(self._status(complaint, "2026-11-20 15:00:00"), "breached")
        self._escalate("2026-11-20 15:00:00")
        told = complaint.activity_ids.filtered(lambda a: a.user_id != self.agent)
        self.assertEqual(len(told), 2)
        # resolved in time, but answered late: on time (the KPI), the SLA not met
        complaint.write({"root_cause": "Traffic", "corrective_action": "Earlier slot"})
        with freeze_time("2026-11-23 10:00:00"):
            complaint.with_user(self.agent).action_resolve()
        self.assertTrue(complaint.on_time)
        self.assertEqual(self._status(complaint, "2026-11-23 10:00:00"), "breached")

    def test_resolved_complaints_are_met_or_breached_and_never_escalate(self):
        on_time = self._complaint(root_cause="Traffic", corrective_action="Earlier slot")
        late = self._complaint(root_cause="Traffic", corrective_action="Earlier slot")
        with freeze_time("2026-11-20 10:00:00"):
            (on_time | late).with_user(self.agent).action_start()
            on_time.with_user(self.agent).action_resolve()
        with freeze_time("2026-11-24 10:00:00"):
            late.with_user(self.agent).action_resolve()
        self.assertTrue(on_time.on_time)
        self.assertFalse(late.on_time)
        self.assertEqual(self._status(on_time, "2026-12-01 10:00:00"), "met")
        self.assertEqual(self._status(late, "2026-12-01 10:00:00"), "breached")
        self._escalate("2026-12-01 10:00:00")
        self.assertFalse(self._told(on_time | late))

    def test_missing_roles_are_said_not_guessed(self):
        """With no complaint manager, a breach tells nobody else in their place and the
        chatter says who is missing."""
        self.company.complaint_manager_id = False
        complaint = self._complaint()
        self._escalate("2026-11-20 11:30:00")
        self.assertEqual(self._told(complaint), self.dept_manager)
        self.assertEqual(complaint.escalation_level, 2)
        note = complaint.message_ids.filtered(lambda m: "Escalation level 2" in str(m.body))
        self.assertIn("Nobody is the complaint manager", str(note.body))

    def test_reopened_complaint_gets_its_sla_again(self):
        """A complaint resolved in time and reopened a week later (the customer is not
        satisfied) is given its SLA again from the reopening, its escalation starts
        over: nobody is told of a breach it has not had."""
        complaint = self._complaint(root_cause="Traffic", corrective_action="Earlier slot")
        with freeze_time("2026-11-20 10:00:00"):
            complaint.with_user(self.agent).action_start()
            complaint.with_user(self.agent).action_resolve()
        with freeze_time("2026-11-27 09:00:00"):  # the next Friday
            complaint.with_user(self.agent).action_reopen()
        self.assertEqual(complaint.sla_start_date, datetime(2026, 11, 27, 9, 0))
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 12, 1, 9, 0))
        self.assertEqual(self._status(complaint, "2026-11-27 12:00:00"), "on_track")
        self._escalate("2026-11-27 12:00:00")
        self.assertFalse(self._told(complaint))
        self._escalate("2026-11-30 14:30:00")
        self.assertEqual(
            (complaint.escalation_level, self._told(complaint)), (1, self.dept_manager)
        )

    def test_searching_the_status_says_what_it_cannot_do(self):
        Complaint = self.env["logistics.complaint"]
        self.env.ref("logistics_service.complaint_sla_high").active = False
        without = self._complaint()
        self.assertIn(without, Complaint.search([("sla_status", "=", False)]))
        self.assertNotIn(without, Complaint.search([("sla_status", "!=", False)]))
        for operator, value in (("in", [{}]), ("ilike", "risk"), ("=", 5)):
            with self.subTest(operator=operator), self.assertRaises(UserError):
                Complaint.search([("sla_status", operator, value)])

    def test_managers_must_work_in_the_company(self):
        other = self.env["res.company"].create({"name": "Elsewhere Freight"})
        for fname in ("complaint_manager_id", "logistics_branch_manager_id"):
            with self.subTest(fname=fname), self.assertRaises(ValidationError):
                other[fname] = self.complaint_manager

    def test_cron_takes_bounded_batches(self):
        first, second = self._complaint(), self._complaint()
        self.assertEqual(self._escalate("2026-11-20 11:30:00", batch_size=1), 1, "one left")
        self.assertEqual(len((first | second).filtered("escalation_level")), 1)
        self.assertEqual(self._escalate("2026-11-20 11:30:00", batch_size=1), 0)
        self.assertEqual((first | second).mapped("escalation_level"), [2, 2])

    def test_tier_policy_comes_first(self):
        strategic = self.env["logistics.complaint.sla"].create(
            {
                "name": "Strategic customers: high in 1 day",
                "severity": "high",
                "customer_tier": "strategic",
                "response_hours": 1,
                "resolution_hours": 8,
            }
        )
        self.assertNotEqual(self._complaint().sla_policy_id, strategic)
        self.customer.sudo().customer_tier_override = "strategic"
        complaint = self._complaint()
        self.assertEqual(complaint.sla_policy_id, strategic)
        self.assertEqual(complaint.resolution_deadline, datetime(2026, 11, 23, 9, 0))

    def test_no_policy_no_sla(self):
        """A severity without any policy has no deadline: on track of nothing, never
        escalated (the policies are the only source of deadlines)."""
        self.env.ref("logistics_service.complaint_sla_high").active = False
        complaint = self._complaint()
        self.assertFalse(complaint.resolution_deadline or complaint.deadline)
        self.assertFalse(complaint.sla_status)
        self._escalate("2026-12-20 11:30:00")
        self.assertFalse(complaint.escalation_level)
