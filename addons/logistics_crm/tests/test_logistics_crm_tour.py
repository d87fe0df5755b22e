from odoo.tests import HttpCase, tagged

from .common import logistics_user


@tagged("post_install", "-at_install")
class TestLogisticsCrmTour(HttpCase):
    def test_claim_and_follow_up_tour(self):
        """A salesperson claims a customer from the pool and logs a follow-up."""
        user = logistics_user(self.env, "lc_tour_sales", "salesman", password="lc_tour_sales")
        pool = self.env["logistics.customer.pool"].create(
            {"name": "Tour Pool", "member_user_ids": [(6, 0, user.ids)]}
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Pool Customer", "is_company": True, "customer_stage": "intent"}
        )
        partner.action_pool_enroll(pool)
        self.start_tour("/odoo", "logistics_crm_claim_tour", login="lc_tour_sales")
        self.assertEqual(partner.user_id, user)
        self.assertEqual(partner.pool_state, "owned")
        self.assertEqual(partner.followup_ids.summary, "Called the logistics manager")
        self.assertEqual(partner.last_followup_date, partner.followup_ids.date)

    def test_serve_from_branch_tour(self):
        """A branch salesperson looks a customer up, finds the group already has it and
        serves it from the branch instead of creating it again."""
        Company = self.env["res.company"]
        head = Company.create({"name": "Tour Head Office"})
        branch = Company.create({"name": "Tour Branch"})
        owner = logistics_user(
            self.env, "lc_tour_head", "salesman", company_id=head.id, company_ids=head.ids
        )
        seller = logistics_user(
            self.env,
            "lc_tour_branch",
            "salesman",
            password="lc_tour_branch",
            company_id=branch.id,
            company_ids=branch.ids,
        )
        Pool = self.env["logistics.customer.pool"]
        Pool.create(
            {
                "name": "Tour Head Pool",
                "company_id": head.id,
                "is_default": True,
                "member_user_ids": owner.ids,
            }
        )
        Pool.create(
            {
                "name": "Tour Branch Pool",
                "company_id": branch.id,
                "is_default": True,
                "member_user_ids": seller.ids,
            }
        )
        customer = (
            self.env["res.partner"]
            .with_user(owner)
            .with_company(head)
            .create(
                {"name": "Tour Group Shipper Ltd", "is_company": True, "customer_stage": "intent"}
            )
        )
        self.start_tour(
            "/odoo/group-customers", "logistics_crm_serve_from_branch_tour", login="lc_tour_branch"
        )
        accounts = customer.sudo().logistics_account_ids
        self.assertEqual(
            {(a.company_id, a.user_id) for a in accounts}, {(head, owner), (branch, seller)}
        )

    def test_claim_from_the_pool_kanban_tour(self):
        """On the pool's cards (the phone's view), a member claims with one tap."""
        user = logistics_user(self.env, "lc_tour_kanban", "salesman", password="lc_tour_kanban")
        pool = self.env["logistics.customer.pool"].create(
            {"name": "Kanban Pool", "member_user_ids": [(6, 0, user.ids)]}
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Kanban Customer", "is_company": True, "customer_stage": "intent"}
        )
        partner.action_pool_enroll(pool)
        self.start_tour(
            "/odoo/customer-pool?view_type=kanban",
            "logistics_crm_pool_kanban_tour",
            login="lc_tour_kanban",
        )
        self.assertEqual((partner.pool_state, partner.pool_user_id), ("owned", user))
