from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import LogisticsServiceCommon

EMAIL = """From: Buyer <buyer@routed.example.com>
To: complaints@example.com
Subject: {subject}
Message-ID: <{subject}@routed.example.com>
Content-Type: text/plain; charset="utf-8"

The container arrived with its seal broken.
"""


@tagged("post_install", "-at_install")
class TestComplaintRouting(LogisticsServiceCommon):
    """A complaint that comes in without a department goes where the first matching
    rule says, to a handler chosen in turn or by load, who is told."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agents = [logistics_user(cls.env, f"lsr_agent{i}", "agent") for i in range(3)]
        cls.desk_manager = logistics_user(cls.env, "lsr_desk", "service_manager")
        Department = cls.env["logistics.department"]
        cls.customs_desk = Department.create(
            {
                "name": "Customs Desk",
                "manager_id": cls.desk_manager.id,
                "member_ids": [Command.set([a.id for a in cls.agents])],
            }
        )
        cls.trucking_desk = Department.create(
            {"name": "Trucking Desk", "member_ids": [Command.set([a.id for a in cls.agents[:2]])]}
        )
        cls.finance = Department.create({"name": "Finance", "manager_id": cls.desk_manager.id})
        Route = cls.env["logistics.complaint.route"]
        Route.create(
            {
                "sequence": 1,
                "category": "billing",
                "department_id": cls.finance.id,
                "assign_method": "none",
            }
        )
        Route.create(
            {
                "sequence": 2,
                "service_line_id": cls.line_customs.id,
                "department_id": cls.customs_desk.id,
                "assign_method": "round_robin",
            }
        )
        Route.create(
            {
                "sequence": 3,
                "department_id": cls.trucking_desk.id,
                "assign_method": "least_loaded",
            }
        )

    def _complaint(self, user=None, **vals):
        Complaint = self.env["logistics.complaint"]
        if user:
            Complaint = Complaint.with_user(user)
        return Complaint.create({"subject": "Problem", "partner_id": self.customer.id, **vals})

    def _handle_todo(self, complaint):
        return complaint.activity_ids.filtered(lambda a: "Handle complaint" in (a.summary or ""))

    def test_round_robin_in_turn(self):
        handlers = [
            self._complaint(service_line_id=self.line_customs.id).handler_id for _i in range(4)
        ]
        self.assertEqual(handlers, [*self.agents, self.agents[0]])
        complaint = self._complaint(service_line_id=self.line_customs.id)
        self.assertEqual(complaint.department_id, self.customs_desk)
        self.assertEqual(complaint.state, "assigned")
        self.assertEqual(self._handle_todo(complaint).user_id, complaint.handler_id, "told")
        self.assertIn("Routed to Customs Desk", complaint.message_ids[0].body)

    def test_least_loaded(self):
        first, second = self.agents[:2]
        busy = self._complaint(department_id=self.trucking_desk.id, handler_id=first.id)
        self._complaint(department_id=self.trucking_desk.id, handler_id=first.id)
        self.assertEqual(self._complaint().handler_id, second, "2 open against none")
        self.assertEqual(self._complaint().handler_id, second, "2 against 1")
        self.assertEqual(self._complaint().handler_id, first, "2 each: the first")
        # resolved complaints are no load: 2 against 2 again
        busy.write({"root_cause": "Road works", "corrective_action": "Other route"})
        busy.with_user(first).action_start()
        busy.with_user(first).action_resolve()
        self.assertEqual(self._complaint().handler_id, first)
        self.assertEqual(self._complaint().handler_id, second)

    def test_service_line_of_the_order(self):
        order = self._quote(lines=[(self.customs, 1, 0.0)])
        complaint = self._complaint(order_id=order.id)
        self.assertEqual(complaint.service_line_id, self.line_customs)
        self.assertEqual(complaint.department_id, self.customs_desk)

    def test_department_only_asks_its_manager(self):
        complaint = self._complaint(category="billing")
        self.assertEqual(complaint.department_id, self.finance)
        self.assertFalse(complaint.handler_id)
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.activity_ids.user_id, self.desk_manager)
        self.assertIn("Assign a handler", complaint.activity_ids.summary)

    def test_given_department_is_kept(self):
        complaint = self._complaint(department_id=self.finance.id, category="delay")
        self.assertEqual(complaint.department_id, self.finance)
        self.assertFalse(complaint.handler_id)

    def test_handlers_outside_the_company_are_skipped(self):
        other = self.env["res.company"].create({"name": "Elsewhere Logistics"})
        for agent in self.agents[:2]:
            agent.write({"company_ids": [Command.set(other.ids)], "company_id": other.id})
        handlers = {
            self._complaint(service_line_id=self.line_customs.id).handler_id for _i in range(2)
        }
        self.assertEqual(handlers, {self.agents[2]})

    def test_rules_are_configured_by_service_managers_only(self):
        rule_vals = {"department_id": self.finance.id}
        self.env["logistics.complaint.route"].with_user(self.desk_manager).create(rule_vals)
        for user in (self.agents[0], self.salesman, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["logistics.complaint.route"].with_user(user).create(rule_vals)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env.ref("logistics_service.complaint_sla_high").with_user(user).write(
                    {"resolution_hours": 400}
                )

    def test_salesperson_filing_gets_it_routed(self):
        """The owner's salesperson files the complaint: routed all the same (the rules
        and the department's load are read for it)."""
        self.customer.sudo().user_id = self.salesman
        complaint = self._complaint(user=self.salesman, service_line_id=self.line_customs.id)
        self.assertEqual(complaint.department_id, self.customs_desk)
        self.assertIn(complaint.handler_id, self.agents)

    def test_a_rule_routes_to_its_own_company(self):
        branch = self.env["res.company"].create({"name": "Dalian Branch"})
        with self.assertRaises(ValidationError):
            self.env["logistics.complaint.route"].create(
                {"company_id": branch.id, "department_id": self.finance.id}
            )

    def test_emailed_complaint_is_filed_for_the_customer_and_routed(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "email": "buyer@routed.example.com", "parent_id": self.customer.id}
        )
        complaint_id = self.env["mail.thread"].message_process(
            "logistics.complaint", EMAIL.format(subject="Seal broken")
        )
        complaint = self.env["logistics.complaint"].browse(complaint_id)
        self.assertEqual(complaint.subject, "Seal broken")
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.contact_id, contact)
        self.assertIn("seal broken", str(complaint.description))
        self.assertTrue(complaint.name.startswith("CMP/"), "numbered like any other")
        self.assertEqual(complaint.department_id, self.trucking_desk, "routed")
        self.assertTrue(complaint.handler_id)
        self.assertTrue(self._handle_todo(complaint))
        alias = self.env["mail.alias"].search(
            [("alias_model_id.model", "=", "logistics.complaint")]
        )
        self.assertEqual((alias.alias_name, alias.alias_contact), ("complaints", "partners"))

    def test_employees_do_not_email_complaints(self):
        """An e-mail from an employee is no customer's complaint: refused, nothing filed
        against the company's own partner."""
        self.agents[0].email = "buyer@routed.example.com"
        before = self.env["logistics.complaint"].search_count([])
        with self.assertRaises(UserError):
            self.env["mail.thread"].message_process(
                "logistics.complaint", EMAIL.format(subject="Internal")
            )
        self.assertEqual(self.env["logistics.complaint"].search_count([]), before)
