import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("logistics_supplier_tour", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            content: "Create a supplier",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='name'] textarea, .o_field_widget[name='name'] input",
            content: "Name it like an existing carrier",
            run: "edit Yangtze Trucking Ltd",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='email'] input",
            content: "Leave the name field",
            run: "click",
        },
        {
            trigger: ".alert-warning:contains('may already exist'):contains('Yangtze Trucking Co., Ltd.')",
            content: "The duplicate warning names the existing supplier",
        },
        {
            trigger: ".o_form_button_save",
            content: "Save anyway (another legal entity)",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
            content: "Saved",
        },
        {
            trigger: ".o_main_navbar button:contains('Suppliers')",
            content: "Suppliers menu",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Supplier Evaluations')",
            content: "Open the evaluations",
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains('Yangtze Trucking Co., Ltd.')",
            content: "Open the evaluation of the carrier",
            run: "click",
        },
        {
            trigger: ".o_field_one2many[name='line_ids'] .o_data_row:contains('Responsiveness') td[name='score']",
            content: "Score the responsiveness",
            run: "click",
        },
        {
            trigger: ".o_field_one2many[name='line_ids'] .o_data_row.o_selected_row td[name='score'] input",
            content: "88 points",
            run: "edit 88",
        },
        {
            trigger: ".o_form_view button[name='action_confirm']",
            content: "Confirm the evaluation",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
            content: "Confirmed",
        },
    ],
});
