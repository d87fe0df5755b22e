from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class LogisticsCrmCommon(TransactionCase):
    """Users of every role, a pool and a few customers, built per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.salesman = new_test_user(
            cls.env,
            login="lc_sales1",
            groups="logistics_crm.group_logistics_salesman",
            name="Salesperson One",
        )
        cls.salesman2 = new_test_user(
            cls.env,
            login="lc_sales2",
            groups="logistics_crm.group_logistics_salesman",
            name="Salesperson Two",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="lc_sales3",
            groups="logistics_crm.group_logistics_salesman",
            name="Salesperson Outside the Pool",
        )
        cls.manager = new_test_user(
            cls.env,
            login="lc_manager",
            groups="logistics_crm.group_logistics_manager",
            name="Sales Manager",
        )
        cls.employee = new_test_user(cls.env, login="lc_employee", groups="base.group_user")
        cls.pool = cls.env["logistics.customer.pool"].create(
            {
                "name": "Test Pool",
                "company_id": cls.company.id,
                "protect_days": 90,
                "followup_days": 30,
                "deal_days": 60,
                "reminder_days": 5,
                "member_user_ids": [(6, 0, (cls.salesman | cls.salesman2 | cls.manager).ids)],
            }
        )
        cls.customer = cls._pool_customer("Pool Customer Ltd")
        cls.customer2 = cls._pool_customer("Second Pool Customer")
        cls.today = fields.Date.context_today(cls.pool)

    @classmethod
    def _pool_customer(cls, name, **vals):
        partner = cls.env["res.partner"].create(
            {"name": name, "is_company": True, "customer_stage": "intent", **vals}
        )
        partner.action_pool_enroll(cls.pool)
        return partner

    @classmethod
    def _owned_customer(cls, name, user, claimed_days_ago=0, **vals):
        partner = cls._pool_customer(name, **vals)
        partner.with_user(user).action_pool_claim()
        if claimed_days_ago:
            partner.sudo().write({"pool_claim_date": cls.today - timedelta(days=claimed_days_ago)})
        return partner
