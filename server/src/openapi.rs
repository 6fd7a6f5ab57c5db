//! `/api/openapi.json`: OpenAPI 3.1 generated from the handlers' annotations.

use crate::api;
use crate::error::{ErrorBody, ErrorDetail, FieldErrorBody};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "anju API", description = "安居 anju — CRM for residential real-estate developers. Errors are `{\"error\":{\"code\",\"message\",\"fields\"?}}` with a stable snake_case code."),
    paths(
        api::auth::login,
        api::auth::refresh,
        api::auth::logout,
        api::me::me,
        api::club::enrol,
        api::club::my_points,
        api::club::my_entries,
        api::club::catalogue,
        api::club::redeem,
        api::club::my_redemptions,
        api::club::create_reward,
        api::club::update_reward,
        api::club::settle_redemption,
        api::club::members,
        api::club::member,
        api::club::adjust,
        api::club::list_rules,
        api::club::update_rule,
        api::offers::list,
        api::offers::claim,
        api::offers::mine,
        api::offers::verify,
        api::offers::redeem,
        api::offers::history,
        api::offers::merchants,
        api::offers::create_merchant,
        api::offers::update_merchant,
        api::offers::create_offer,
        api::offers::update_offer,
        api::events::list,
        api::events::register,
        api::events::cancel,
        api::events::create,
        api::events::update,
        api::events::roster,
        api::events::check_in,
        api::referrals::refer,
        api::referrals::mine,
        api::referrals::get,
        api::news::list,
        api::news::create,
        api::news::update,
        api::customers::list,
        api::units::create_project,
        api::units::create_building,
        api::units::set_project_status,
        api::exports::opportunities,
        api::exports::deals,
        api::exports::grid,
        api::listings::projects,
        api::listings::building,
        api::tickets::open_mine,
        api::tickets::list_mine,
        api::tickets::get_mine,
        api::tickets::act_mine,
        api::tickets::revisit,
        api::tickets::inbox,
        api::tickets::open,
        api::tickets::get,
        api::tickets::dispatch,
        api::tickets::act,
        api::tickets::note,
        api::tickets::defect,
        api::tickets::classify,
        api::tickets::add_photo,
        api::tickets::photo,
        api::tickets::tasks,
        api::tickets::accept,
        api::tickets::finish,
        api::tickets::categories,
        api::tickets::sla_policies,
        api::tickets::set_sla_policy,
        api::kb::search,
        api::kb::suggest,
        api::kb::get,
        api::kb::create,
        api::kb::update,
        api::kb::draft_from_ticket,
        api::notifications::list,
        api::notifications::read_one,
        api::notifications::read_all,
        api::customer_tools::duplicates,
        api::customer_tools::merges_of,
        api::customer_tools::merge,
        api::customer_tools::undo_merge,
        api::customer_tools::upload,
        api::customer_tools::list_imports,
        api::customer_tools::get_import,
        api::customer_tools::start_import,
        api::customer_tools::import_report,
        api::customer_tools::export_customers,
        api::customers::create,
        api::customers::get,
        api::customers::update,
        api::customers::history,
        api::customers::list_interactions,
        api::customers::log_interaction,
        api::customers::reassign,
        api::customers::work_queue,
        api::units::buildings,
        api::units::grid,
        api::units::act,
        api::pipeline::projects,
        api::pipeline::board,
        api::pipeline::create,
        api::pipeline::move_stage,
        api::pipeline::for_customer,
        api::pipeline::summary,
        api::deals::get,
        api::deals::for_customer,
        api::deals::approvals,
        api::deals::decide,
        api::deals::revise_terms,
        api::deals::record_payment,
        api::settings::list,
        api::settings::update,
        api::users::list,
        api::users::disable,
        api::users::enable,
        api::audit::list,
        api::campaigns::list,
        api::campaigns::get,
        api::campaigns::create,
        api::campaigns::update,
        api::segments::summary,
        api::segments::customers,
        api::segments::recompute,
        api::broadcasts::list,
        api::broadcasts::preview,
        api::broadcasts::send,
        api::surveys::list,
        api::surveys::create,
        api::surveys::get,
        api::surveys::add_question,
        api::surveys::remove_question,
        api::surveys::send,
        api::surveys::close,
        api::surveys::results,
        api::surveys::mine,
        api::surveys::form,
        api::surveys::answer,
        api::analytics::dashboard,
        api::webhooks::list,
        api::webhooks::create,
        api::webhooks::update,
        api::webhooks::deliveries,
        api::webhooks::resend,
    ),
    components(schemas(ErrorBody, ErrorDetail, FieldErrorBody)),
    modifiers(&BearerAuth, &CommonErrors),
    tags(
        (name = "auth", description = "Log in, refresh, log out"),
        (name = "me", description = "The signed-in user"),
        (name = "customers", description = "The customer ledger (客户台账) and interactions"),
        (name = "units", description = "Property inventory and the sales-control grid (销控)"),
        (name = "pipeline", description = "Opportunities, kanban, funnel and forecast (销售商机)"),
        (name = "deals", description = "Transactions: price, discount approval, payments (交易)"),
        (name = "tickets", description = "Service desk: tickets, dispatch, SLA, the member's timeline (服务台)"),
        (name = "kb", description = "Knowledge base: 常见问题 and 新业主须知"),
        (name = "notifications", description = "In-app notifications of the signed-in user"),
        (name = "listings", description = "Published projects and units as members see them (楼盘)"),
        (name = "club", description = "The club (客户会): enrolment, points ledger, rewards, rules, offers, events, referrals, news"),
        (name = "marketing", description = "Campaigns and what they brought, the customer pyramid, messages to segments, surveys (市场营销)"),
        (name = "admin", description = "Administration: users, settings, webhooks, the audit log"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Lists on every operation the error answers it can give besides its
/// own: 400 when it reads a path, query or body; 401 and 403 when it needs
/// a token; 404 when it names a record; 422 when it takes a body or a
/// header (`Idempotency-Key`). Each handler documents only what is
/// particular to it.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for (path, item) in openapi.paths.paths.iter_mut() {
            let names_a_record = path.contains('{');
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                let signed_in = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let takes = |place: ParameterIn| {
                    op.parameters
                        .iter()
                        .flatten()
                        .any(|p| p.parameter_in == place)
                };
                let (has_query, has_header) =
                    (takes(ParameterIn::Query), takes(ParameterIn::Header));
                let has_body = op.request_body.is_some();
                let mut common = Vec::new();
                if names_a_record || has_query || has_body {
                    common.push(("400", "A path or query parameter or the body could not be read (`bad_request`, `details.location` and `details.parameter` say which)"));
                }
                if signed_in {
                    common.push(("401", "No token, or it is invalid or expired (`unauthenticated`, `token_invalid`)"));
                    common.push(("403", "The signed-in role may not do this (`forbidden`)"));
                }
                if names_a_record {
                    common.push((
                        "404",
                        "No such record, or not one the caller may see (`not_found`)",
                    ));
                }
                if has_body || has_header {
                    common.push(("422", "The body or a header is not valid (`validation_failed`, with `fields` or `details.field`)"));
                }
                for (status, description) in common {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error_response(description));
                }
            }
        }
    }
}

fn error_response(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

/// The document, built once: it is the same for every request.
pub async fn openapi_json() -> axum::response::Response {
    use axum::response::IntoResponse;
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = DOC.get_or_init(|| {
        serde_json::to_string(&ApiDoc::openapi()).expect("the OpenAPI document serialises")
    });
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.as_str(),
    )
        .into_response()
}
