//! `/api/v1/deals`: transactions — price, discount approval, payment plan
//! and payments. Deals are created and moved by the unit actions
//! (`/api/v1/units/{id}/actions`); deals of customers outside the caller's
//! scope answer 404.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::Path;
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::deals;
use anju_types::deal::{ApprovalDecision, ApprovalItem, DealTerms, DealView, PaymentDraft};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// One deal with its payment plan and payments.
#[utoipa::path(get, path = "/api/v1/deals/{id}", tag = "deals", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses(
        (status = 200, description = "The deal (amounts in fen)", body = DealView),
        (status = 404, description = "No such deal in your scope", body = ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<DealView>, ApiError> {
    Ok(Json(deals::get(&state.svc.db, &actor, id).await?))
}

/// A customer's deals, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/deals", tag = "deals", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses(
        (status = 200, description = "Deals", body = Vec<DealView>),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
    ))]
pub async fn for_customer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<DealView>>, ApiError> {
    Ok(Json(deals::for_customer(&state.svc.db, &actor, id).await?))
}

/// Discounts waiting for approval: a manager's team's, or a salesperson's own.
#[utoipa::path(get, path = "/api/v1/approvals", tag = "deals", security(("bearer" = [])),
    responses(
        (status = 200, description = "Oldest first", body = Vec<ApprovalItem>),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn approvals(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<ApprovalItem>>, ApiError> {
    Ok(Json(deals::pending_approvals(&state.svc.db, &actor).await?))
}

/// A sales manager approves or rejects a pending discount.
#[utoipa::path(post, path = "/api/v1/deals/{id}/discount-decision", tag = "deals", request_body = ApprovalDecision, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses(
        (status = 200, description = "Decided", body = DealView),
        (status = 403, description = "Not a sales manager", body = ErrorBody),
        (status = 404, description = "No such deal in your team", body = ErrorBody),
        (status = 409, description = "Not pending (`details.reason` = `not_pending`)", body = ErrorBody),
    ))]
pub async fn decide(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(decision): ApiJson<ApprovalDecision>,
) -> Result<Json<DealView>, ApiError> {
    Ok(Json(
        deals::decide(&state.svc.db, &actor, id, &decision, state.svc.clock.now()).await?,
    ))
}

/// Revise the discount and deposit of a reserved deal (e.g. after a
/// rejection); above the threshold it waits for approval again.
#[utoipa::path(put, path = "/api/v1/deals/{id}/terms", tag = "deals", request_body = DealTerms, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses(
        (status = 200, description = "Revised", body = DealView),
        (status = 404, description = "No such deal in your scope", body = ErrorBody),
        (status = 409, description = "The deal is no longer reserved", body = ErrorBody),
        (status = 422, description = "Invalid amounts", body = ErrorBody),
    ))]
pub async fn revise_terms(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(terms): ApiJson<DealTerms>,
) -> Result<Json<DealView>, ApiError> {
    Ok(Json(
        deals::revise_discount(&state.svc.db, &actor, id, &terms, state.svc.clock.now()).await?,
    ))
}

/// Record a payment received. The same `reference` again with the same
/// amount and day is a retry: 201 with nothing added.
#[utoipa::path(post, path = "/api/v1/deals/{id}/payments", tag = "deals", request_body = PaymentDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Deal id")),
    responses(
        (status = 201, description = "Recorded; the deal with its payments", body = DealView),
        (status = 404, description = "No such deal in your scope", body = ErrorBody),
        (status = 409, description = "Reference already used with other figures, or the deal was cancelled", body = ErrorBody),
        (status = 422, description = "Invalid fields, or more than the outstanding balance", body = ErrorBody),
    ))]
pub async fn record_payment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<PaymentDraft>,
) -> Result<(StatusCode, Json<DealView>), ApiError> {
    let view =
        deals::record_payment(&state.svc.db, &actor, id, &draft, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}
