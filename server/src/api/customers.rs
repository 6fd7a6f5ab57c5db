//! `/api/v1/customers`: the customer ledger for staff. A record outside the
//! caller's scope answers 404, exactly like one that does not exist.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::{Path, Query, page_size};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::customers::interactions;
use anju_domain::customers::reassign::{self, Reassignment};
use anju_domain::customers::{
    self, CustomerDraft, CustomerRow, CustomerView, FieldChange, SearchQuery,
};
use anju_domain::customers::{InteractionDraft, InteractionView, LoggedInteraction};
use anju_types::ErrorCode;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// A full mobile number, its last 4 digits, or the start of a name.
    pub q: Option<String>,
    pub tag: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct CustomerList {
    pub items: Vec<CustomerRow>,
    pub next_cursor: Option<String>,
}

fn cursor(c: Option<&str>) -> Result<Option<i64>, ApiError> {
    match c {
        None | Some("") => Ok(None),
        Some(c) => c
            .parse()
            .map(Some)
            .map_err(|_| ApiError::new(ErrorCode::BadRequest)),
    }
}

/// Search customers in the caller's scope, newest first.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(ListQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "One page", body = CustomerList),
        (status = 400, description = "Bad cursor", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Role without customer access", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<ListQuery>,
) -> Result<Json<CustomerList>, ApiError> {
    let page = customers::search(
        &state.svc.db,
        &actor,
        &SearchQuery {
            q: q.q,
            tag: q.tag,
            after: cursor(q.cursor.as_deref())?,
            limit: page_size(q.limit, 50, 200)?,
        },
    )
    .await?;
    Ok(Json(CustomerList {
        items: page.items,
        next_cursor: page.next_after.map(|a| a.to_string()),
    }))
}

/// Register a customer (a salesperson's become theirs). A known mobile or ID
/// number answers 409 with `existing_id` when the caller may open it.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = CustomerDraft, security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = CustomerView),
        (status = 403, description = "Role may not create customers", body = ErrorBody),
        (status = 409, description = "Mobile or ID number already registered", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(draft): ApiJson<CustomerDraft>,
) -> Result<(StatusCode, Json<CustomerView>), ApiError> {
    let view = customers::create(&state.svc.db, &actor, &draft, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One customer.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses(
        (status = 200, description = "The customer", body = CustomerView),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<CustomerView>, ApiError> {
    Ok(Json(customers::get(&state.svc.db, &actor, id).await?))
}

/// Replace a customer's profile; key-field changes are kept in its history.
#[utoipa::path(put, path = "/api/v1/customers/{id}", tag = "customers", request_body = CustomerDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses(
        (status = 200, description = "Updated", body = CustomerView),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
        (status = 409, description = "Mobile or ID number belongs to another customer", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<CustomerDraft>,
) -> Result<Json<CustomerView>, ApiError> {
    Ok(Json(
        customers::update(&state.svc.db, &actor, id, &draft, state.svc.clock.now()).await?,
    ))
}

/// Who changed name, mobile, ID number or consent, when, from what to what.
#[utoipa::path(get, path = "/api/v1/customers/{id}/history", tag = "customers", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses(
        (status = 200, description = "Newest first", body = Vec<FieldChange>),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
    ))]
pub async fn history(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<FieldChange>>, ApiError> {
    Ok(Json(customers::history(&state.svc.db, &actor, id).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct InteractionQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// A customer's interactions, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/interactions", tag = "customers", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id"), InteractionQuery),
    responses(
        (status = 200, description = "Newest first", body = Vec<InteractionView>),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
    ))]
pub async fn list_interactions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Query(q): Query<InteractionQuery>,
) -> Result<Json<Vec<InteractionView>>, ApiError> {
    let after = cursor(q.cursor.as_deref())?;
    Ok(Json(
        interactions::list(
            &state.svc.db,
            &actor,
            id,
            after,
            page_size(q.limit, 50, 200)?,
        )
        .await?,
    ))
}

/// Log a visit, call, message … and when to follow up next.
#[utoipa::path(post, path = "/api/v1/customers/{id}/interactions", tag = "customers", request_body = InteractionDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses(
        (status = 201, description = "Logged, with contact-frequency warnings for outbound contacts", body = LoggedInteraction),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn log_interaction(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<InteractionDraft>,
) -> Result<(StatusCode, Json<LoggedInteraction>), ApiError> {
    let view = interactions::log(&state.svc.db, &actor, id, &draft, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Serialize, ToSchema)]
pub struct ReassignResult {
    /// How many customers moved.
    pub moved: u64,
}

/// Move all (or the listed) customers of one salesperson to another in the
/// manager's team; each move is kept in the customers' field history.
#[utoipa::path(post, path = "/api/v1/customers/reassignments", tag = "customers", request_body = Reassignment, security(("bearer" = [])),
    responses(
        (status = 200, description = "Moved", body = ReassignResult),
        (status = 403, description = "Not a sales manager", body = ErrorBody),
        (status = 422, description = "Salesperson not in your team, inactive, or the same", body = ErrorBody),
    ))]
pub async fn reassign(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(request): ApiJson<Reassignment>,
) -> Result<Json<ReassignResult>, ApiError> {
    let moved = reassign::reassign(&state.svc.db, &actor, &request, state.svc.clock.now()).await?;
    Ok(Json(ReassignResult { moved }))
}

/// The caller's customer work queue: follow-ups due today and overdue,
/// prospects not contacted lately, birthdays and holidays this week.
#[utoipa::path(get, path = "/api/v1/work-queue", tag = "customers", security(("bearer" = [])),
    responses(
        (status = 200, description = "The queue", body = anju_types::customer::WorkQueue),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn work_queue(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<anju_types::customer::WorkQueue>, ApiError> {
    Ok(Json(
        anju_domain::customers::work_queue::for_actor(&state.svc.db, &actor, state.svc.clock.now())
            .await?,
    ))
}
