import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("logistics_crm_claim_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='logistics_crm.menu_logistics_root']",
            content: "Open the Logistics app",
            run: "click",
        },
        {
            trigger: ".o_main_navbar button:contains('Customers')",
            content: "Open the customers menu",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Customer Pool')",
            content: "Open the pool",
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains('Tour Pool Customer')",
            content: "Open the pool customer",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_pool_claim']",
            content: "Claim it",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_pool_release']",
            content: "Now it is ours: it can be released",
        },
        {
            trigger: ".o_form_view button[name='action_view_followups']",
            content: "Open its follow-ups",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            content: "Log a follow-up",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='summary'] input",
            content: "What happened",
            run: "edit Called the logistics manager",
        },
        {
            trigger: ".o_form_button_save",
            content: "Save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
            content: "Saved",
        },
    ],
});

registry.category("web_tour.tours").add("logistics_crm_serve_from_branch_tour", {
    url: "/odoo/group-customers",
    steps: () => [
        {
            trigger: ".o_searchview_input",
            content: "Look the customer up before creating it",
            run: "edit Tour Group Shipper",
        },
        {
            trigger: ".o_searchview_input",
            content: "Search",
            run: "press Enter",
        },
        {
            trigger: ".o_data_row td:contains('Tour Head Office')",
            content: "It exists: the head office serves it",
        },
        {
            trigger: ".o_data_row td:contains('Tour Group Shipper')",
            content: "Open it",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_pool_serve']",
            content: "Serve it from my branch",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_pool_release']",
            content: "Now the branch owns it: it can be released",
        },
    ],
});

registry.category("web_tour.tours").add("logistics_crm_pool_kanban_tour", {
    url: "/odoo/customer-pool?view_type=kanban",
    steps: () => [
        {
            trigger: ".o_kanban_record:contains('Tour Kanban Customer') button[name='action_pool_claim']",
            content: "Claim it from its card",
            run: "click",
        },
        {
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Tour Kanban Customer')))",
            content: "It is no longer waiting in the pool",
        },
    ],
});
