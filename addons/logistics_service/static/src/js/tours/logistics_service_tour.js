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

/**
 * A complaint from the customer to the survey (see tests/test_logistics_service_tour.py):
 * the customer files it on the portal; once it is routed, started and at risk (the test
 * moves the clock and runs the escalation), its handler sees it at risk and escalated,
 * resolves it, logs the return visit and closes it, which sends the survey.
 */
const COMPLAINT = "Reefer container arrived warm";

registry.category("web_tour.tours").add("logistics_service_portal_complaint_tour", {
    steps: () => [
        {
            trigger: "form input[name='subject']",
            content: "Say what happened",
            run: `edit ${COMPLAINT}`,
        },
        {
            trigger: "form select[name='category']",
            content: "It is damage",
            run: "select damage",
        },
        {
            trigger: "form textarea[name='description']",
            content: "Tell the details",
            run: "edit Set point -18, arrived at -5.",
        },
        {
            trigger: "form button[type='submit']",
            content: "Send it",
            run: "click",
        },
        {
            trigger: `:contains('${COMPLAINT}'):contains('CMP/')`,
            content: "The customer sees its complaint, numbered",
        },
    ],
});

registry.category("web_tour.tours").add("logistics_service_complaint_handling_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .ribbon:contains('At Risk')",
            content: "The complaint is at risk",
        },
        {
            trigger: ".o-mail-Message:contains('Escalation level 1')",
            content: "... and was escalated to the department's manager",
        },
        {
            trigger: ".o_notebook a[name='resolution']",
            content: "Record how it was resolved",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='root_cause'] textarea",
            content: "Root cause",
            run: "edit Genset failed at the transshipment port",
        },
        {
            trigger: ".o_field_widget[name='corrective_action'] textarea",
            content: "Corrective action",
            run: "edit Genset check at every transshipment",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_resolve']",
            content: "Resolve it",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Resolved')",
            content: "Resolved",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_add_return_visit'].btn-primary",
            content: "Call the customer back",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='comments'] textarea",
            content: "What the customer said",
            run: "edit Happy with the credit note",
        },
        {
            trigger: ".modal .o_form_button_save",
            content: "Save the return visit",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
            content: "The visit is recorded",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_close']",
            content: "Close the complaint",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Closed')",
            content: "Closed: the survey is on its way",
        },
    ],
});
