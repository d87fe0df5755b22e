from odoo import Command
from odoo.addons.logistics_crm.tests.common import logistics_user
from odoo.http import Request
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestServicePortal(HttpCase):
    """Customers file and follow their own complaints and see only their own figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Portal Customer Co", "is_company": True})
        cls.other = Partner.create({"name": "Other Customer Co", "is_company": True})
        cls.contact = Partner.create(
            {"name": "Portal Buyer", "parent_id": cls.customer.id, "email": "pb@example.com"}
        )
        cls.portal_user = cls.env["res.users"].create(
            {
                "name": "Portal Buyer",
                "login": "ls_portal_buyer",
                "password": "ls_portal_buyer",
                "partner_id": cls.contact.id,
                "groups_id": [Command.set([cls.env.ref("base.group_portal").id])],
            }
        )
        Complaint = cls.env["logistics.complaint"]
        cls.mine = Complaint.create(
            {"subject": "Late delivery to Pudong", "partner_id": cls.customer.id}
        )
        cls.theirs = Complaint.create(
            {"subject": "Secret issue of others", "partner_id": cls.other.id}
        )
        for _i in range(2):
            cls.env["logistics.return.visit"].create(
                {"partner_id": cls.other.id, "satisfaction": "1"}
            )
        cls.env["logistics.return.visit"].create(
            {"partner_id": cls.customer.id, "satisfaction": "5"}
        )

    def setUp(self):
        super().setUp()
        self.authenticate("ls_portal_buyer", "ls_portal_buyer")

    def test_list_and_detail_only_own(self):
        page = self.url_open("/my/complaints").text
        self.assertIn(self.mine.name, page)
        self.assertNotIn(self.theirs.name, page)
        detail = self.url_open(f"/my/complaints/{self.mine.id}")
        self.assertIn("Late delivery to Pudong", detail.text)
        other = self.url_open(f"/my/complaints/{self.theirs.id}")
        self.assertNotIn("Secret issue of others", other.text)

    def test_file_a_complaint(self):
        response = self.url_open(
            "/my/complaints/new",
            data={
                "subject": "Damaged pallets",
                "category": "damage",
                "shipment_ref": "BL-123",
                "description": "<script>alert(1)</script> three pallets broken",
                "partner_id": self.other.id,  # ignored: the customer is the user's company
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["logistics.complaint"].search([("subject", "=", "Damaged pallets")])
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.contact_id, self.contact)
        self.assertEqual(complaint.category, "damage")
        self.assertNotIn("<script>", str(complaint.description))
        self.assertIn(self.contact, complaint.message_partner_ids)

    def test_complaint_lands_in_the_branch_serving_the_customer(self):
        """A customer the Ningbo branch serves files its complaint on the portal: it is
        the branch's complaint, routed by the branch's rule to its handler, who is told."""
        branch = self.env["res.company"].create({"name": "Ningbo Branch"})
        agent = logistics_user(
            self.env,
            "lsp_branch_agent",
            "agent",
            company_id=branch.id,
            company_ids=[Command.set(branch.ids)],
        )
        desk = self.env["logistics.department"].create(
            {"name": "Ningbo Desk", "company_id": branch.id, "member_ids": [Command.set(agent.ids)]}
        )
        self.env["logistics.complaint.route"].create(
            {"company_id": branch.id, "department_id": desk.id}
        )
        customer = self.env["res.partner"].create({"name": "Ningbo Importer", "is_company": True})
        self.env["logistics.customer.account"].create(
            {"partner_id": customer.id, "company_id": branch.id}
        )
        self.portal_user.partner_id.parent_id = customer
        response = self.url_open(
            "/my/complaints/new",
            data={
                "subject": "Wrong HS code",
                "category": "documents",
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["logistics.complaint"].search([("subject", "=", "Wrong HS code")])
        self.assertEqual(complaint.partner_id, customer)
        self.assertEqual(complaint.company_id, branch)
        self.assertEqual((complaint.department_id, complaint.handler_id), (desk, agent))
        self.assertEqual(complaint.state, "assigned")
        self.assertEqual(complaint.activity_ids.user_id, agent)
        self.assertTrue(complaint.resolution_deadline, "and it has its SLA")
        # the customer follows it, although its portal user is not of the branch
        self.assertTrue(response.url.endswith(f"/my/complaints/{complaint.id}"), response.url)
        self.assertIn("Wrong HS code", response.text)
        self.assertIn(complaint.name, self.url_open("/my/complaints").text)

    def test_the_form_asks_what_happened(self):
        """The form has its description box, empty at first, kept when the form is sent
        back for a missing subject."""
        page = self.url_open("/my/complaints/new").text
        self.assertRegex(page, r'<textarea name="description"[^>]*>\s*</textarea>')
        page = self.url_open(
            "/my/complaints/new",
            data={
                "subject": "",
                "description": "Two cartons <b>crushed</b>",
                "csrf_token": Request.csrf_token(self),
            },
        ).text
        self.assertIn("Two cartons &lt;b&gt;crushed&lt;/b&gt;</textarea>", page)

    def test_file_without_subject_is_refused(self):
        before = self.env["logistics.complaint"].search_count([])
        response = self.url_open(
            "/my/complaints/new",
            data={
                "subject": "  ",
                "category": "delay",
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertIn("Tell us in a few words", response.text)
        self.assertEqual(self.env["logistics.complaint"].search_count([]), before)

    def test_service_quality_only_own_figures(self):
        page = self.url_open("/my/service-quality").text
        self.assertIn("Portal Customer Co", page)
        self.assertIn("100 %", page)  # own satisfaction (one visit, very satisfied)
        self.assertNotIn("Other Customer Co", page)
        self.assertNotIn("33 %", page)  # the mix with the other customer's visits
