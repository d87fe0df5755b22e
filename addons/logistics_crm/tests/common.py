import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import mute_logger

# what the server may answer a refused call with: a clear message, never a raw error
CLEAR_ERRORS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
}


ROLES = {
    "employee": "base.group_user",
    "portal": "base.group_portal",
    "salesman": "logistics_crm.group_logistics_salesman",
    "manager": "logistics_crm.group_logistics_manager",
    "agent": "logistics_service.group_logistics_service_agent",
    "service_manager": "logistics_service.group_logistics_service_manager",
    "controller": "logistics_receivable.group_logistics_credit_controller",
    "credit_manager": "logistics_receivable.group_logistics_credit_manager",
    "buyer": "logistics_supplier.group_logistics_buyer",
    "supplier_manager": "logistics_supplier.group_logistics_supplier_manager",
}


def logistics_user(env, login, *roles, **values):
    """A user with the suite's ``roles`` (keys of ROLES) and nothing more: the lowest
    privilege each role gives. Password: the login, as ``new_test_user`` makes it."""
    return new_test_user(env, login=login, groups=",".join(ROLES[r] for r in roles), **values)


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class LogisticsRpcCase(HttpCase):
    """Calls made the way a hostile but logged-in user would: Odoo's JSON-RPC endpoint,
    any method, any arguments."""

    def rpc(self, model, method, *args, **kwargs):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 0,
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"]["data"]["name"], body["error"]["data"]["message"])
        return body.get("result")  # (absent when the method returns None)

    def assertRpcRefused(self, model, method, *args, error=None, **kwargs):
        """The call fails with a clear error (``error``: its class name, if given) and
        changes nothing; returns the error."""
        with mute_logger("odoo.http"), self.assertRaises(RpcError) as caught:
            self.rpc(model, method, *args, **kwargs)
        self.assertIn(caught.exception.name, CLEAR_ERRORS, caught.exception)
        if error:
            self.assertEqual(caught.exception.name, f"odoo.exceptions.{error}", caught.exception)
        self.env.invalidate_all()
        return caught.exception

    def assertRpcNotRaw(self, model, method, *args, **kwargs):
        """The call succeeds or fails with a clear error, never a raw one."""
        try:
            with mute_logger("odoo.http"):
                return self.rpc(model, method, *args, **kwargs)
        except RpcError as error:
            self.assertIn(error.name, CLEAR_ERRORS, error)
        finally:
            self.env.invalidate_all()

    def _portal_user(self, login, customer):
        """A portal user of ``customer`` (a contact of it)."""
        contact = self.env["res.partner"].create({"name": login, "parent_id": customer.id})
        return new_test_user(
            self.env, login=login, groups="base.group_portal", partner_id=contact.id
        )

    def login(self, user):
        # new_test_user's password: the login, padded to 8 characters
        self.authenticate(user.login, user.login + "x" * (8 - len(user.login)))


class LogisticsCrmCommon(TransactionCase):
    """Users of every role, a pool and a few customers, built per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.salesman = logistics_user(cls.env, "lc_sales1", "salesman", name="Salesperson One")
        cls.salesman2 = logistics_user(cls.env, "lc_sales2", "salesman", name="Salesperson Two")
        cls.outsider = logistics_user(
            cls.env, "lc_sales3", "salesman", name="Salesperson Outside the Pool"
        )
        cls.manager = logistics_user(cls.env, "lc_manager", "manager", name="Sales Manager")
        cls.employee = logistics_user(cls.env, "lc_employee", "employee")
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


class LogisticsRolesCase:
    """The two roles a module adds to the Logistics category, tested the same way in each
    module: a subclass (with TransactionCase) sets the xml ids below."""

    low_role = high_role = implied_group = ""

    def test_roles_chain_and_category(self):
        low, high = self.env.ref(self.low_role), self.env.ref(self.high_role)
        self.assertIn(low, high.implied_ids)
        self.assertIn(self.env.ref(self.implied_group), low.trans_implied_ids | low.implied_ids)
        category = self.env.ref("logistics_crm.module_category_logistics")
        self.assertEqual(low.category_id.parent_id, category)
        self.assertIn(high, self.env.ref("base.user_admin").groups_id)

    def test_lowest_role_cannot_configure_pools(self):
        """The module's lowest role has its Odoo rights, not a sales manager's."""
        user = new_test_user(self.env, login=f"{self.low_role}_low", groups=self.low_role)
        self.assertTrue(user.has_group(self.implied_group))
        self.assertFalse(user.has_group("logistics_crm.group_logistics_manager"))
        with self.assertRaises(AccessError):
            self.env["logistics.customer.pool"].with_user(user).create({"name": "Not mine"})
