import { registry } from "@web/core/registry";

/**
 * A suite dashboard opens in the browser: its spreadsheet loads (no loading error),
 * with its filters and its figures (see tests/test_dashboards.py).
 */
registry.category("web_tour.tours").add("logistics_dashboard_open_tour", {
    steps: () => [
        {
            trigger: ".o_spreadsheet_dashboard_action .o-filter-value[title='Salesperson']",
            content: "The dashboard is loaded, with its filters",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet .o-figure",
            content: "... its scorecards and charts",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status.error))",
            content: "... and no loading error",
        },
    ],
});
