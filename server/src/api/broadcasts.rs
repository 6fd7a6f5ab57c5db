//! Targeted messages to a segment over REST: preview who is reached and who
//! is left out, send, and the latest sent (marketing).

use super::club::IdemKey;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::marketing::broadcasts;
use anju_types::broadcast::{BroadcastDraft, BroadcastPreview, BroadcastView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// The latest 20 messages sent to segments, newest first.
#[utoipa::path(get, path = "/api/v1/broadcasts", tag = "marketing", security(("bearer" = [])),
    responses((status = 200, description = "Sent messages", body = Vec<BroadcastView>),
        (status = 403, description = "Not marketing", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<BroadcastView>>, ApiError> {
    Ok(Json(broadcasts::list(&state.svc.db, &actor).await?))
}

/// Who a message would reach, and who is left out and why (no marketing
/// consent, contacted too often). Sends nothing.
#[utoipa::path(post, path = "/api/v1/broadcasts/preview", tag = "marketing", request_body = BroadcastDraft, security(("bearer" = [])),
    responses((status = 200, description = "The preview", body = BroadcastPreview),
        (status = 403, description = "Not marketing", body = ErrorBody),
        (status = 422, description = "Invalid fields (`segment`, `body`)", body = ErrorBody)))]
pub async fn preview(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(d): ApiJson<BroadcastDraft>,
) -> Result<Json<BroadcastPreview>, ApiError> {
    Ok(Json(
        broadcasts::preview(&state.svc.db, &actor, &d, state.svc.clock.now()).await?,
    ))
}

/// Send an SMS to every customer of the segment who may be contacted; each
/// is queued for the SMS gateway and logged on the customer's timeline.
#[utoipa::path(post, path = "/api/v1/broadcasts", tag = "marketing", request_body = BroadcastDraft, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses((status = 201, description = "Queued", body = BroadcastView),
        (status = 403, description = "Not marketing", body = ErrorBody),
        (status = 422, description = "Invalid fields, or the key reused for another message", body = ErrorBody)))]
pub async fn send(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdemKey(key): IdemKey,
    ApiJson(d): ApiJson<BroadcastDraft>,
) -> Result<(StatusCode, Json<BroadcastView>), ApiError> {
    let sent = broadcasts::send(
        &state.svc.db,
        &actor,
        &d,
        key.as_ref(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(sent)))
}
