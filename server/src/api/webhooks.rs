//! Webhooks over REST (administrator): register a URL for domain events,
//! change or pause it, read its delivery log and resend a failed delivery.

use crate::api::club::EntriesQuery;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::{Path, Query, page_size};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::webhooks;
use anju_types::webhook::{DeliveryPage, DeliveryView, WebhookCreated, WebhookDraft, WebhookView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// Every webhook with its pending and failed deliveries (never its secret).
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "admin", security(("bearer" = [])),
    responses((status = 200, description = "Webhooks", body = Vec<WebhookView>),
        (status = 403, description = "Not an administrator", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<WebhookView>>, ApiError> {
    Ok(Json(webhooks::list(&state.svc.db, &actor).await?))
}

/// Register a webhook. The answer carries the signing secret, this once.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "admin", request_body = WebhookDraft, security(("bearer" = [])),
    responses((status = 201, description = "Registered", body = WebhookCreated),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 422, description = "Invalid fields (`invalid_url`, `unknown_event` …)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(d): ApiJson<WebhookDraft>,
) -> Result<(StatusCode, Json<WebhookCreated>), ApiError> {
    let created = webhooks::create(
        &state.svc.db,
        state.svc.webhook_targets,
        &actor,
        &d,
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Change a webhook's URL, events, or pause it (`active: false`).
#[utoipa::path(put, path = "/api/v1/webhooks/{id}", tag = "admin", request_body = WebhookDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook id")),
    responses((status = 200, description = "Changed", body = WebhookView),
        (status = 404, description = "No such webhook", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<WebhookDraft>,
) -> Result<Json<WebhookView>, ApiError> {
    Ok(Json(
        webhooks::update(
            &state.svc.db,
            state.svc.webhook_targets,
            &actor,
            id,
            &d,
            state.svc.clock.now(),
        )
        .await?,
    ))
}

/// The webhook's delivery log, newest first, page by page.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "admin", params(("id" = i64, Path, description = "Webhook id"), EntriesQuery), security(("bearer" = [])),
    responses((status = 200, description = "Deliveries", body = DeliveryPage),
        (status = 404, description = "No such webhook", body = ErrorBody)))]
pub async fn deliveries(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Query(q): Query<EntriesQuery>,
) -> Result<Json<DeliveryPage>, ApiError> {
    Ok(Json(
        webhooks::deliveries(
            &state.svc.db,
            &actor,
            id,
            q.cursor,
            page_size(q.limit, 20, 100)?,
        )
        .await?,
    ))
}

/// Send a failed delivery again, with a fresh set of retries.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook id"), ("delivery_id" = i64, Path, description = "Delivery id")),
    responses((status = 200, description = "Queued again", body = DeliveryView),
        (status = 404, description = "No such delivery of this webhook", body = ErrorBody),
        (status = 409, description = "`not_failed`: it is pending or was delivered", body = ErrorBody)))]
pub async fn resend(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, delivery_id)): Path<(i64, i64)>,
) -> Result<Json<DeliveryView>, ApiError> {
    Ok(Json(
        webhooks::resend(
            &state.svc.db,
            &actor,
            id,
            delivery_id,
            state.svc.clock.now(),
        )
        .await?,
    ))
}
