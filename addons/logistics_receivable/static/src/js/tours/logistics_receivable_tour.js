import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("logistics_receivable_blocked_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .alert-danger:contains('above its credit limit')",
            content: "The quotation would take the customer above its credit limit",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_credit_override']))",
            content: "Only a credit manager may override the check",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']",
            content: "Try to confirm it anyway",
            run: "click",
        },
        {
            trigger: ".modal .o_error_dialog:contains('above its credit limit')",
            content: "Confirmation is refused with the credit-limit reason",
        },
        {
            trigger: ".modal .o_error_dialog .modal-footer button:contains('Close')",
            content: "Close the error",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Quotation')",
            content: "It is still a quotation",
        },
    ],
});

registry.category("web_tour.tours").add("logistics_receivable_override_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .alert-danger:contains('above its credit limit')",
            content: "The quotation is blocked by the credit check",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_credit_override']",
            content: "Override the credit check",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            content: "Say why",
            run: "edit Prepayment received by wire transfer",
        },
        {
            trigger: ".modal .modal-footer button[name='action_confirm']",
            content: "Confirm anyway",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
            content: "It is a sales order now",
        },
    ],
});
