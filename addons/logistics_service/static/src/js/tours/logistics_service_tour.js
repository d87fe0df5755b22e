import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("logistics_service_approval_tour", {
    steps: () => [
        {
            trigger: ".o_data_row td:contains('Quote Customer')",
            content: "Open the quotation waiting for my approval",
            run: "click",
        },
        {
            trigger: ".o_form_view .alert:contains('To Approve')",
            content: "It waits for an approval",
        },
        {
            trigger: ".o_form_view button[name='action_approve']",
            content: "Approve it",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']:not(:disabled)",
            content: "Confirm it",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
            content: "It is a sales order now",
        },
    ],
});

registry.category("web_tour.tours").add("logistics_service_solution_margin_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='margin_percent']:contains('31.7%')",
            content: "The expected margin reads as a share of the revenue (380 / 1,200)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:first td[name='margin_percent']:contains('40%')",
            content: "So does each item's (customs clearance: 40 of 100)",
        },
    ],
});
