from dateutil.relativedelta import relativedelta
from markupsafe import escape
from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from ..models.logistics_complaint import CATEGORIES


class LogisticsServicePortal(CustomerPortal):
    """Customers file and follow their complaints and see their own service quality.

    Complaints are read as the portal user, so that the record rules (own company only)
    apply; only the creation of a complaint runs as superuser, with the customer and
    contact taken from the logged-in user, never from the request, in the company of the
    group that serves the customer, routed like any complaint.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["logistics.complaint"]
            values["complaint_count"] = (
                Complaint.search_count([]) if Complaint.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["logistics.complaint"]
        count = Complaint.search_count([])
        pager = portal_pager(
            url="/my/complaints", total=count, page=page, step=self._items_per_page
        )
        complaints = Complaint.search([], limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "pager": pager,
                "page_name": "complaint",
                "default_url": "/my/complaints",
            }
        )
        return request.render("logistics_service.portal_my_complaints", values)

    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint = self._document_check_access(
                "logistics.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint,
            access_token,
            {"complaint": complaint, "page_name": "complaint"},
            "my_complaints_history",
            False,
        )
        return request.render("logistics_service.portal_my_complaint", values)

    @http.route(
        "/my/complaints/new", type="http", auth="user", methods=["GET", "POST"], website=True
    )
    def portal_new_complaint(self, **post):
        user = request.env.user
        values = self._prepare_portal_layout_values()
        values.update(
            {"categories": CATEGORIES, "page_name": "complaint", "error": {}, "post": post}
        )
        if request.httprequest.method == "POST":
            subject = (post.get("subject") or "").strip()
            category = post.get("category") or "other"
            if not subject:
                values["error"]["subject"] = request.env._("Tell us in a few words what happened.")
            if category not in dict(CATEGORIES):
                values["error"]["category"] = request.env._("Choose a category.")
            if not values["error"]:
                complaint = (
                    request.env["logistics.complaint"]
                    .sudo()
                    .create(
                        {
                            "subject": subject[:200],
                            "category": category,
                            "shipment_ref": (post.get("shipment_ref") or "").strip()[:100],
                            "description": escape(post.get("description") or ""),
                            "partner_id": user.commercial_partner_id.id,
                            "contact_id": user.partner_id.id
                            if user.partner_id.parent_id
                            else False,
                            # the branch serving the customer, where it is routed
                            "company_id": user.partner_id._logistics_home_company().id,
                        }
                    )
                )
                complaint.message_subscribe(partner_ids=user.partner_id.ids)
                return request.redirect(f"/my/complaints/{complaint.id}")
        return request.render("logistics_service.portal_new_complaint", values)

    @http.route("/my/service-quality", type="http", auth="user", website=True)
    def portal_service_quality(self, **kw):
        """The customer's own service quality figures, nothing of other customers."""
        customer = request.env.user.commercial_partner_id
        # narrow technical read: the view is restricted to this one customer
        Kpi = request.env["logistics.service.kpi"].sudo()
        domain = [("partner_id", "=", customer.id)]
        months = Kpi._read_group(domain, ["date:month"], ["__count"], order="date:month desc")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "service_quality",
                "customer": customer,
                "figures": Kpi._figures(domain),
                "monthly": [
                    (
                        month,
                        Kpi._figures(
                            domain
                            + [
                                ("date", ">=", month),
                                ("date", "<", month + relativedelta(months=1)),
                            ]
                        ),
                    )
                    for month, _count in months[:12]
                ],
            }
        )
        return request.render("logistics_service.portal_service_quality", values)
