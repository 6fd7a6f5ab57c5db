//! The thin REST API under `/api/v1`: each handler parses, authenticates,
//! calls one domain function and maps the result. All routes are listed here.

pub mod analytics;
pub mod audit;
pub mod auth;
pub mod broadcasts;
pub mod campaigns;
pub mod club;
pub mod customer_tools;
pub mod customers;
pub mod deals;
pub mod events;
pub mod exports;
pub mod kb;
pub mod listings;
pub mod me;
pub mod news;
pub mod notifications;
pub mod offers;
pub mod pipeline;
pub mod referrals;
pub mod segments;
pub mod settings;
pub mod surveys;
pub mod tickets;
pub mod units;
pub mod users;
pub mod webhooks;

use crate::error::ApiError;
use crate::state::AppState;
use anju_types::ErrorCode;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, delete, get, post, put};

/// CSV uploads are larger than any JSON body (the domain caps the file).
pub const UPLOAD_BODY_BYTES: usize = anju_domain::customers::import::MAX_FILE_BYTES + 64 * 1024;

/// A photo upload: the domain refuses anything above 5 MB with a field error.
pub const PHOTO_BODY_BYTES: usize = anju_domain::tickets::photos::MAX_PHOTO_BYTES + 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/login", post(auth::login))
        .route("/api/v1/auth/refresh", post(auth::refresh))
        .route("/api/v1/auth/logout", post(auth::logout))
        .route("/api/v1/me", get(me::me))
        .route(
            "/api/v1/customers",
            get(customers::list).post(customers::create),
        )
        .route(
            "/api/v1/customers/{id}",
            get(customers::get).put(customers::update),
        )
        .route("/api/v1/customers/reassignments", post(customers::reassign))
        .route(
            "/api/v1/customers/export",
            get(customer_tools::export_customers),
        )
        .route("/api/v1/customers/merges", post(customer_tools::merge))
        .route(
            "/api/v1/customers/merges/{id}/undo",
            post(customer_tools::undo_merge),
        )
        .route(
            "/api/v1/customers/{id}/duplicates",
            get(customer_tools::duplicates),
        )
        .route(
            "/api/v1/customers/{id}/merges",
            get(customer_tools::merges_of),
        )
        .route(
            "/api/v1/customer-imports",
            get(customer_tools::list_imports)
                .post(customer_tools::upload)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)),
        )
        .route(
            "/api/v1/customer-imports/{id}",
            get(customer_tools::get_import),
        )
        .route(
            "/api/v1/customer-imports/{id}/start",
            post(customer_tools::start_import),
        )
        .route(
            "/api/v1/customer-imports/{id}/report",
            get(customer_tools::import_report),
        )
        .route("/api/v1/customers/{id}/history", get(customers::history))
        .route(
            "/api/v1/customers/{id}/interactions",
            get(customers::list_interactions).post(customers::log_interaction),
        )
        .route(
            "/api/v1/customers/{id}/opportunities",
            get(pipeline::for_customer),
        )
        .route("/api/v1/customers/{id}/deals", get(deals::for_customer))
        .route("/api/v1/work-queue", get(customers::work_queue))
        .route(
            "/api/v1/projects",
            get(pipeline::projects).post(units::create_project),
        )
        .route(
            "/api/v1/opportunities",
            get(pipeline::board).post(pipeline::create),
        )
        .route("/api/v1/opportunities/export", get(exports::opportunities))
        .route(
            "/api/v1/opportunities/{id}/stage",
            post(pipeline::move_stage),
        )
        .route("/api/v1/pipeline/summary", get(pipeline::summary))
        .route("/api/v1/approvals", get(deals::approvals))
        .route("/api/v1/deals/export", get(exports::deals))
        .route("/api/v1/deals/{id}", get(deals::get))
        .route("/api/v1/deals/{id}/discount-decision", post(deals::decide))
        .route("/api/v1/deals/{id}/terms", put(deals::revise_terms))
        .route("/api/v1/deals/{id}/payments", post(deals::record_payment))
        .route("/api/v1/settings", get(settings::list))
        .route("/api/v1/settings/{key}", put(settings::update))
        .route(
            "/api/v1/buildings",
            get(units::buildings).post(units::create_building),
        )
        .route("/api/v1/buildings/{id}/grid", get(units::grid))
        .route("/api/v1/buildings/{id}/export", get(exports::grid))
        .route(
            "/api/v1/projects/{id}/status",
            put(units::set_project_status),
        )
        .route("/api/v1/listings", get(listings::projects))
        .route("/api/v1/listings/buildings/{id}", get(listings::building))
        .route("/api/v1/units/{id}/actions", post(units::act))
        .route(
            "/api/v1/me/tickets",
            get(tickets::list_mine).post(tickets::open_mine),
        )
        .route("/api/v1/me/tickets/{id}", get(tickets::get_mine))
        .route("/api/v1/me/tickets/{id}/actions", post(tickets::act_mine))
        .route("/api/v1/me/tickets/{id}/revisit", post(tickets::revisit))
        .route("/api/v1/tickets", get(tickets::inbox).post(tickets::open))
        .route("/api/v1/tickets/{id}", get(tickets::get))
        .route("/api/v1/tickets/{id}/dispatch", post(tickets::dispatch))
        .route("/api/v1/tickets/{id}/actions", post(tickets::act))
        .route("/api/v1/tickets/{id}/notes", post(tickets::note))
        .route("/api/v1/tickets/{id}/revisit", post(tickets::revisit))
        .route(
            "/api/v1/tickets/{id}/photos",
            post(tickets::add_photo).layer(DefaultBodyLimit::max(PHOTO_BODY_BYTES)),
        )
        .route(
            "/api/v1/me/tickets/{id}/photos",
            post(tickets::add_photo).layer(DefaultBodyLimit::max(PHOTO_BODY_BYTES)),
        )
        .route(
            "/api/v1/tickets/{id}/photos/{photo_id}",
            get(tickets::photo),
        )
        .route(
            "/api/v1/me/tickets/{id}/photos/{photo_id}",
            get(tickets::photo),
        )
        .route("/api/v1/tickets/{id}/defect", put(tickets::defect))
        .route(
            "/api/v1/tickets/{id}/classification",
            put(tickets::classify),
        )
        .route("/api/v1/ticket-tasks", get(tickets::tasks))
        .route("/api/v1/ticket-tasks/{id}/accept", post(tickets::accept))
        .route("/api/v1/ticket-tasks/{id}/finish", post(tickets::finish))
        .route("/api/v1/ticket-categories", get(tickets::categories))
        .route("/api/v1/sla-policies", get(tickets::sla_policies))
        .route(
            "/api/v1/sla-policies/{kind}/{priority}",
            put(tickets::set_sla_policy),
        )
        .route("/api/v1/tickets/{id}/kb-draft", get(kb::draft_from_ticket))
        .route("/api/v1/kb/articles", get(kb::search).post(kb::create))
        .route("/api/v1/kb/articles/{id}", get(kb::get).put(kb::update))
        .route("/api/v1/kb/suggestions", get(kb::suggest))
        .route("/api/v1/me/notifications", get(notifications::list))
        .route(
            "/api/v1/me/notifications/read",
            post(notifications::read_all),
        )
        .route(
            "/api/v1/me/notifications/{id}/read",
            post(notifications::read_one),
        )
        .route("/api/v1/club/enrolments", post(club::enrol))
        .route("/api/v1/club/members", get(club::members))
        .route("/api/v1/club/members/{id}", get(club::member))
        .route("/api/v1/club/members/{id}/adjustments", post(club::adjust))
        .route("/api/v1/club/rules", get(club::list_rules))
        .route("/api/v1/club/rules/{key}", put(club::update_rule))
        .route("/api/v1/me/points", get(club::my_points))
        .route("/api/v1/me/points/entries", get(club::my_entries))
        .route("/api/v1/me/redemptions", get(club::my_redemptions))
        .route(
            "/api/v1/rewards",
            get(club::catalogue).post(club::create_reward),
        )
        .route("/api/v1/rewards/{id}", put(club::update_reward))
        .route("/api/v1/rewards/{id}/redemptions", post(club::redeem))
        .route(
            "/api/v1/reward-redemptions/{id}/status",
            post(club::settle_redemption),
        )
        .route(
            "/api/v1/offers",
            get(offers::list).post(offers::create_offer),
        )
        .route("/api/v1/offers/{id}", put(offers::update_offer))
        .route("/api/v1/offers/{id}/coupons", post(offers::claim))
        .route("/api/v1/me/coupons", get(offers::mine))
        .route("/api/v1/merchant/verifications", post(offers::verify))
        .route(
            "/api/v1/merchant/redemptions",
            get(offers::history).post(offers::redeem),
        )
        .route(
            "/api/v1/merchants",
            get(offers::merchants).post(offers::create_merchant),
        )
        .route("/api/v1/merchants/{id}", put(offers::update_merchant))
        .route("/api/v1/events", get(events::list).post(events::create))
        .route("/api/v1/events/{id}", put(events::update))
        .route(
            "/api/v1/events/{id}/registrations",
            get(events::roster).post(events::register),
        )
        .route(
            "/api/v1/events/{id}/registrations/mine",
            delete(events::cancel),
        )
        .route("/api/v1/events/{id}/check-ins", post(events::check_in))
        .route(
            "/api/v1/me/referrals",
            get(referrals::mine).post(referrals::refer),
        )
        .route("/api/v1/me/referrals/{id}", get(referrals::get))
        .route("/api/v1/news", get(news::list).post(news::create))
        .route("/api/v1/news/{id}", put(news::update))
        .route("/api/v1/users", get(users::list))
        .route("/api/v1/users/{id}/disable", post(users::disable))
        .route("/api/v1/users/{id}/enable", post(users::enable))
        .route("/api/v1/audit", get(audit::list))
        .route("/api/v1/segments", get(segments::summary))
        .route(
            "/api/v1/broadcasts",
            get(broadcasts::list).post(broadcasts::send),
        )
        .route("/api/v1/broadcasts/preview", post(broadcasts::preview))
        .route("/api/v1/analytics/dashboard", get(analytics::dashboard))
        .route("/api/v1/surveys", get(surveys::list).post(surveys::create))
        .route("/api/v1/surveys/{id}", get(surveys::get))
        .route(
            "/api/v1/surveys/{id}/questions",
            post(surveys::add_question),
        )
        .route(
            "/api/v1/surveys/{id}/questions/{question_id}",
            delete(surveys::remove_question),
        )
        .route("/api/v1/surveys/{id}/send", post(surveys::send))
        .route("/api/v1/surveys/{id}/close", post(surveys::close))
        .route("/api/v1/surveys/{id}/results", get(surveys::results))
        .route("/api/v1/me/surveys", get(surveys::mine))
        .route("/api/v1/me/surveys/{id}", get(surveys::form))
        .route("/api/v1/me/surveys/{id}/answers", post(surveys::answer))
        .route("/api/v1/segments/recompute", post(segments::recompute))
        .route(
            "/api/v1/segments/{segment}/customers",
            get(segments::customers),
        )
        .route(
            "/api/v1/campaigns",
            get(campaigns::list).post(campaigns::create),
        )
        .route(
            "/api/v1/campaigns/{id}",
            get(campaigns::get).put(campaigns::update),
        )
        .route(
            "/api/v1/webhooks",
            get(webhooks::list).post(webhooks::create),
        )
        .route("/api/v1/webhooks/{id}", put(webhooks::update))
        .route(
            "/api/v1/webhooks/{id}/deliveries",
            get(webhooks::deliveries),
        )
        .route(
            "/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend",
            post(webhooks::resend),
        )
        .route("/api/v1/{*rest}", any(not_found))
}

/// Unknown API paths answer in the API's error shape, not with an HTML page.
async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound)
}
