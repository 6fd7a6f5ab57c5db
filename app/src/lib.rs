//! The anju web UI: the member portal at `/`, the staff console at
//! `/console`, the merchant counter at `/merchant`, one app chosen by role.
//! Components stay thin: data comes from server functions that call the
//! domain; every permission is checked on the server.

pub mod analytics;
pub mod audit_page;
pub mod auth;
pub mod bundle;
pub mod club;
pub mod components;
pub mod console;
pub mod customers;
pub mod error;
pub mod form_post;
pub mod html_text;
pub mod i18n;
pub mod kb;
pub mod marketing;
pub mod merchant;
pub mod notifications;
pub mod pipeline;
pub mod plain_text;
pub mod portal;
pub mod session;
pub mod settings;
pub mod tickets;
pub mod units;
pub mod webhooks;

#[cfg(feature = "ssr")]
pub use session::RequestSession;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{MatchNestedRoutes, SsrMode, path};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The page loads the bundle its path needs (see `bundle`); without a
    // request to look at, the whole app, which hydrates any page.
    #[cfg(feature = "ssr")]
    let (options, islands) = {
        let mut options = options;
        let bundle = with_context::<axum::http::request::Parts, _>(|parts| {
            bundle::Bundle::for_path(parts.uri.path())
        })
        .unwrap_or(bundle::Bundle::Staff);
        options.output_name = bundle.output_name(&options.output_name).into();
        (options, bundle.islands())
    };
    #[cfg(not(feature = "ssr"))]
    let islands = false;
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HydrationScripts options islands />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy. Scripts run only from this origin,
/// or inline with this response's nonce (leptos_axum makes one per
/// response and puts it on the hydration script, the streamed resources and
/// every `<Script>`), so markup slipped into a page cannot run script.
/// `'wasm-unsafe-eval'` lets the bundle compile; styles may be inline.
/// Responses that are not pages keep the router's static policy.
#[cfg(feature = "ssr")]
fn content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    content_security_policy();
    session::provide_session();
    // Tests (and people) can tell a hydrated page from a server-rendered one.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/anju.css" />
        <Link rel="icon" href="/favicon.svg" />
        <Meta name="theme-color" content="#9a3412" />
        // The one title formatter: it escapes every page's title on the
        // server (`html_text`); a nested `formatter=` would bypass that.
        <Title formatter=|t: String| html_text::server_escaped(if t.is_empty() { "安居 anju".to_owned() } else { format!("{t} · 安居 anju") }) />
        <Router>
            <Routes fallback=components::not_found::NotFound>
                <Route path=path!("/") view=portal::home::HomePage ssr=SsrMode::Async />
                <Route path=path!("/homes") view=portal::homes::HomesPage ssr=SsrMode::Async />
                <Route path=path!("/homes/:building") view=portal::homes::HomeBuildingPage ssr=SsrMode::Async />
                <Route path=path!("/points") view=portal::points::PointsPage ssr=SsrMode::Async />
                <Route path=path!("/tickets") view=portal::tickets::TicketsPage ssr=SsrMode::Async />
                <Route path=path!("/tickets/:id") view=portal::tickets::TicketPage ssr=SsrMode::Async />
                <Route path=path!("/offers") view=portal::offers::OffersPage ssr=SsrMode::Async />
                <Route path=path!("/events") view=portal::events::EventsPage ssr=SsrMode::Async />
                <Route path=path!("/referrals") view=portal::referrals::ReferralsPage ssr=SsrMode::Async />
                <Route path=path!("/surveys") view=portal::surveys::SurveysPage ssr=SsrMode::Async />
                <Route path=path!("/surveys/:id") view=portal::surveys::SurveyPage ssr=SsrMode::Async />
                <Route path=path!("/profile") view=portal::profile::ProfilePage ssr=SsrMode::Async />
                <Route path=path!("/help") view=kb::help_page::HelpPage ssr=SsrMode::Async />
                <Route path=path!("/help/:id") view=kb::help_page::ArticlePage ssr=SsrMode::Async />
                <Route path=path!("/notifications") view=notifications::page::NotificationsPage ssr=SsrMode::Async />
                <Route path=path!("/login") view=auth::login_page::LoginPage ssr=SsrMode::Async />
                <Route path=path!("/join") view=club::join_page::JoinPage ssr=SsrMode::Async />
                <StaffRoutes />
            </Routes>
        </Router>
    }
}

/// The staff console's and the merchant counter's pages.
#[component(transparent)]
fn StaffRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/console") view=console::home::ConsoleHome ssr=SsrMode::Async />
        <Route path=path!("/console/customers") view=customers::list_page::CustomerListPage ssr=SsrMode::Async />
        <Route path=path!("/console/customers/reassign") view=customers::reassign_page::ReassignPage ssr=SsrMode::Async />
        <Route path=path!("/console/customers/new") view=customers::new_page::NewCustomerPage ssr=SsrMode::Async />
        <Route path=path!("/console/customers/import") view=customers::import_page::ImportPage ssr=SsrMode::Async />
        <Route path=path!("/console/customers/import/:id") view=customers::import_page::ImportDetailPage ssr=SsrMode::Async />
        <Route path=path!("/console/customers/:id") view=customers::detail_page::CustomerDetailPage ssr=SsrMode::Async />
        <Route path=path!("/console/pipeline") view=pipeline::board_page::BoardPage ssr=SsrMode::Async />
        <Route path=path!("/console/units") view=units::buildings_page::BuildingsPage ssr=SsrMode::Async />
        <Route path=path!("/console/units/:building") view=units::grid_page::GridPage ssr=SsrMode::Async />
        <Route path=path!("/console/service") view=tickets::inbox_page::InboxPage ssr=SsrMode::Async />
        <Route path=path!("/console/tasks") view=tickets::tasks_page::TasksPage ssr=SsrMode::Async />
        <Route path=path!("/console/tickets/:id") view=tickets::detail_page::TicketDetailPage ssr=SsrMode::Async />
        <Route path=path!("/console/kb") view=kb::console_page::KbListPage ssr=SsrMode::Async />
        <Route path=path!("/console/kb/new") view=kb::console_page::KbNewPage ssr=SsrMode::Async />
        <Route path=path!("/console/kb/:id") view=kb::console_page::KbEditPage ssr=SsrMode::Async />
        <Route path=path!("/console/settings") view=settings::SettingsPage ssr=SsrMode::Async />
        <Route path=path!("/console/audit") view=audit_page::AuditPage ssr=SsrMode::Async />
        <Route path=path!("/console/analytics") view=analytics::dashboard_page::DashboardPage ssr=SsrMode::Async />
        <Route path=path!("/console/marketing") view=marketing::campaigns_page::CampaignsPage ssr=SsrMode::Async />
        <Route path=path!("/console/surveys") view=marketing::survey_pages::SurveysPage ssr=SsrMode::Async />
        <Route path=path!("/console/surveys/:id") view=marketing::survey_pages::SurveyPage ssr=SsrMode::Async />
        <Route path=path!("/console/webhooks") view=webhooks::WebhooksPage ssr=SsrMode::Async />
        <Route path=path!("/console/webhooks/:id") view=webhooks::WebhookPage ssr=SsrMode::Async />
        <Route path=path!("/console/club") view=club::console_pages::MembersPage ssr=SsrMode::Async />
        <Route path=path!("/console/club/members/:id") view=club::console_pages::MemberPage ssr=SsrMode::Async />
        <Route path=path!("/console/club/events") view=club::event_pages::EventsAdminPage ssr=SsrMode::Async />
        <Route path=path!("/console/club/events/:id") view=club::event_pages::EventAdminPage ssr=SsrMode::Async />
        <Route path=path!("/console/club/news") view=club::news_page::NewsAdminPage ssr=SsrMode::Async />
        <Route path=path!("/console/club/rewards") view=club::console_pages::RewardsAdminPage ssr=SsrMode::Async />
        <Route path=path!("/console/club/offers") view=club::console_pages::OffersAdminPage ssr=SsrMode::Async />
        <Route path=path!("/console/club/rules") view=club::console_pages::RulesPage ssr=SsrMode::Async />
        <Route path=path!("/console/:area") view=console::area_page::AreaPage ssr=SsrMode::Async />
        <Route path=path!("/merchant") view=merchant::counter_page::CounterPage ssr=SsrMode::Async />
    }
    .into_inner()
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // The portal's bundle goes without the panic hook: its message
    // formatting is a large share of a small bundle.
    #[cfg(feature = "islands")]
    bundle::hydrate_islands();
    #[cfg(not(feature = "islands"))]
    {
        console_error_panic_hook::set_once();
        leptos::mount::hydrate_body(App);
    }
}
