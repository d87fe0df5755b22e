import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * A salesperson's day with the pool (see tests/test_lifecycle_tour.py for the data):
 * claim a prospect from the pool's cards, then work on a customer owned for 20 days
 * (10 days left before it goes back to the pool): open its opportunity, log a call
 * from the chatter and see, back on the customer, the release date move 30 days on.
 */

const PROSPECT = "Tour Lifecycle Prospect";
const CUSTOMER = "Tour Lifecycle Shipper";
const OPPORTUNITY = "Tour Lifecycle Trial Shipments";

// the release date shown before the call, to check that it moved
let releaseBefore = null;

function readRelease() {
    return document
        .querySelector(".o_form_view .o_field_widget[name='pool_release_date']")
        .textContent.trim();
}

registry.category("web_tour.tours").add("logistics_crm_lifecycle_tour", {
    url: "/odoo/customer-pool?view_type=kanban",
    steps: () => [
        // 1. claim the prospect from its card
        {
            trigger: `.o_kanban_record:contains('${PROSPECT}') button[name='action_pool_claim']`,
            content: "Claim the prospect from its card",
            run: "click",
        },
        {
            trigger: `.o_kanban_view:not(:has(.o_kanban_record:contains('${PROSPECT}')))`,
            content: "It left the pool",
        },
        // ... it is mine now, with the full follow-up period ahead
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='logistics_crm.menu_logistics_root']",
            content: "Open the Logistics app",
            run: "click",
        },
        {
            trigger: ".o_main_navbar button[data-menu-xmlid='logistics_crm.menu_logistics_customers']",
            content: "Open the customers menu",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='logistics_crm.res_partner_menu_my']",
            content: "My customers",
            run: "click",
        },
        {
            trigger: `.o_data_row:contains('${PROSPECT}') td[name='pool_days_left']:contains(/^\\s*30\\s*$/)`,
            content: "The claimed prospect is mine, 30 days left to follow it up",
        },
        // 2. the customer owned for 20 days: 10 days left
        {
            trigger: `.o_data_row td[name='display_name']:contains('${CUSTOMER}')`,
            content: "Open the customer owned for 20 days",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook a.nav-link[name='logistics_360']",
            content: "Its pool figures",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='pool_days_left']:contains(/^\\s*10\\s*$/)",
            content: "10 days left before it goes back to the pool",
            run() {
                releaseBefore = readRelease();
                if (!releaseBefore) {
                    throw new Error("The customer shows no release date");
                }
            },
        },
        {
            trigger: ".o_form_view button[name='action_view_opportunity']",
            content: "Open its opportunities",
            run: "click",
        },
        {
            trigger: `.o_kanban_record:contains('${OPPORTUNITY}')`,
            content: "Open the opportunity",
            run: "click",
        },
        // 3. log a call on the opportunity from the chatter
        {
            trigger: `.o_form_view .o_breadcrumb .active:contains('${OPPORTUNITY}')`,
            content: "The opportunity is open",
        },
        {
            trigger: ".o-mail-Chatter-topbar button.o-mail-Chatter-activity",
            content: "Schedule an activity",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='activity_type_id'] input",
            content: "A call",
            run: "edit Call",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(/^\\s*Call\\s*$/)",
            content: "Pick the Call activity type",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='activity_type_id'] input:value(/^Call$/)",
            content: "Call is picked",
        },
        {
            trigger: ".modal .o_field_widget[name='summary'] input",
            content: "What the call is about",
            run: "edit Trial shipment rates",
        },
        {
            trigger: ".modal button[name='action_schedule_activities']",
            content: "Schedule it",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
            content: "The dialog closed",
        },
        {
            trigger: ".o-mail-Activity:contains('Trial shipment rates') .o-mail-Activity-markDone",
            content: "The call happened: mark it done",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityMarkAsDone textarea",
            content: "How it went",
            run: "edit Agreed on a trial shipment next week",
        },
        {
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            content: "Done",
            run: "click",
        },
        {
            trigger: ".o-mail-Message:contains('Agreed on a trial shipment next week')",
            content: "The call is logged in the chatter",
        },
        {
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity))",
            content: "No activity left to do",
        },
        // 4. back on the customer, the release date moved
        {
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${CUSTOMER}')`,
            content: "Back to the customer",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook a.nav-link[name='logistics_360']",
            content: "Its pool figures",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='pool_days_left']:contains(/^\\s*30\\s*$/)",
            content: "The call bought 30 days again",
            run() {
                const releaseAfter = readRelease();
                if (!releaseAfter || releaseAfter === releaseBefore) {
                    throw new Error(
                        `The release date did not move: ${releaseBefore} before the call, ${releaseAfter} after`
                    );
                }
            },
        },
    ],
});
