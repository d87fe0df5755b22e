import json

from odoo import Command
from odoo.addons.logistics_crm.tests.common import LogisticsRpcCase, logistics_user
from odoo.addons.logistics_dashboard.tools import build
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestDashboards(LogisticsRpcCase):
    """Each dashboard opens for the roles it is meant for, and every pivot and chart in
    it reads as that user over JSON-RPC (as the spreadsheet does): no access error, and
    the figures are those the user may see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = logistics_user(cls.env, "ld_sales", "salesman")
        cls.colleague = logistics_user(cls.env, "ld_colleague", "salesman")
        cls.leader = logistics_user(cls.env, "ld_leader", "salesman")
        cls.manager = logistics_user(cls.env, "ld_manager", "manager")
        cls.controller = logistics_user(cls.env, "ld_controller", "controller")
        cls.agent = logistics_user(cls.env, "ld_agent", "agent")
        cls.buyer = logistics_user(cls.env, "ld_buyer", "buyer")
        cls.env["crm.team"].create(
            {
                "name": "Dashboard Team",
                "user_id": cls.leader.id,
                "member_ids": [Command.set((cls.salesman | cls.colleague).ids)],
            }
        )
        Target = cls.env["logistics.sales.target"]
        for user, revenue in ((cls.salesman, 1000), (cls.colleague, 2000)):
            Target.create({"user_id": user.id, "revenue": revenue})
        cls.dashboards = (
            cls.env["spreadsheet.dashboard"]
            .search(
                [
                    (
                        "dashboard_group_id",
                        "=",
                        cls.env.ref(
                            "spreadsheet_dashboard.spreadsheet_dashboard_group_logistics"
                        ).id,
                    )
                ]
            )
            .filtered(lambda d: d.get_external_id()[d.id].startswith("logistics_dashboard."))
        )

    def _reads(self, snapshot):
        """(what, model, domain, groupby, measures) of every pivot and Odoo chart."""
        for pivot in snapshot["pivots"].values():
            yield (
                f"pivot {pivot['name']}",
                pivot["model"],
                pivot["domain"],
                [r["fieldName"] for r in pivot["rows"] + pivot["columns"]],
                [m["fieldName"] for m in pivot["measures"]],
            )
        for sheet in snapshot["sheets"]:
            for figure in sheet["figures"]:
                data = figure["data"]
                if data["type"].startswith("odoo_"):
                    yield (
                        f"chart {figure['id']}",
                        data["metaData"]["resModel"],
                        data["searchParams"]["domain"],
                        data["metaData"]["groupBy"],
                        [data["metaData"]["measure"]],
                    )

    def _read_all(self, user):
        """Open every suite dashboard as ``user`` and read all its data; returns the
        performance rows' salespeople it saw."""
        self.login(user)
        listed = self.rpc(
            "spreadsheet.dashboard", "search_read", [("id", "in", self.dashboards.ids)], ["name"]
        )
        seen = set()
        for dashboard in listed:
            snapshot = self.rpc(
                "spreadsheet.dashboard", "get_readonly_dashboard", [dashboard["id"]]
            )["snapshot"]
            for what, model, domain, groupby, measures in self._reads(snapshot):
                with self.subTest(user=user.login, dashboard=dashboard["name"], read=what):
                    fields = self.rpc(model, "fields_get", measures, ["aggregator"])
                    specs = [
                        m if m == "__count" else f"{m}:{fields[m].get('aggregator') or 'sum'}"
                        for m in measures
                    ]
                    groups = self.rpc(model, "web_read_group", domain, specs, groupby, lazy=False)
                    if model == "logistics.sales.performance" and groupby == ["user_id"]:
                        seen |= {g["user_id"][0] for g in groups["groups"] if g["user_id"]}
        return {d["name"] for d in listed}, seen

    def test_files_are_what_the_builder_writes(self):
        for path, text in build.files().items():
            with self.subTest(path=path.name):
                self.assertEqual(path.read_text(), text, "run tools/build.py")
                self.assertTrue(json.loads(text)["globalFilters"])

    def test_each_role_reads_its_dashboards(self):
        self.assertEqual(len(self.dashboards), 4)
        sales, service, credit, suppliers = (
            "Sales & Pool",
            "Service Quality",
            "Receivables & Credit",
            "Suppliers",
        )
        names, seen = self._read_all(self.salesman)
        self.assertEqual(names, {sales, service, credit})
        self.assertEqual(seen, {self.salesman.id}, "a salesperson's own figures")
        _names, seen = self._read_all(self.leader)
        self.assertEqual(seen, {self.salesman.id, self.colleague.id}, "the team's")
        names, seen = self._read_all(self.manager)
        self.assertEqual(names, {sales, service, credit})
        self.assertLessEqual({self.salesman.id, self.colleague.id}, seen)
        names, _seen = self._read_all(self.controller)
        self.assertEqual(names, {credit}, "a credit controller's dashboard only")
        names, _seen = self._read_all(self.agent)
        self.assertEqual(names, {service})
        names, _seen = self._read_all(self.buyer)
        self.assertEqual(names, {suppliers})

    def test_dashboard_opens_in_the_browser(self):
        """The spreadsheet file loads in the web client (o-spreadsheet would show a
        loading error on a file it cannot read)."""
        # (a user of every role the dashboards are for)
        user = logistics_user(self.env, "ld_everyone", "manager", "agent", "controller", "buyer")
        for dashboard in self.dashboards:
            with self.subTest(dashboard=dashboard.name):
                self.start_tour(
                    f"/odoo/dashboards?dashboard_id={dashboard.id}",
                    "logistics_dashboard_open_tour",
                    login=user.login,
                )
