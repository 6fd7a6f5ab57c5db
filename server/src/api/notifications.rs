//! `/api/v1/me/notifications`: the signed-in user's in-app notifications
//! (request updates for members, SLA warnings and escalations for staff).

use crate::error::{ApiError, ErrorBody};
use crate::extract::{Path, Query};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::notifications;
use anju_types::notification::NotificationPage;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// `next_cursor` of the previous page.
    pub cursor: Option<i64>,
}

/// My notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "notifications", params(PageQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of notifications", body = NotificationPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<PageQuery>,
) -> Result<Json<NotificationPage>, ApiError> {
    Ok(Json(
        notifications::list(&state.svc.db, &actor, q.cursor, actor.lang).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Marked {
    /// How many changed from unread to read.
    pub marked: u64,
}

/// Mark one notification read (404 when it is not yours).
#[utoipa::path(post, path = "/api/v1/me/notifications/{id}/read", tag = "notifications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Notification id")),
    responses(
        (status = 200, description = "Marked", body = Marked),
        (status = 404, description = "Not your notification", body = ErrorBody),
    ))]
pub async fn read_one(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Marked>, ApiError> {
    let marked =
        notifications::mark_read(&state.svc.db, &actor, Some(id), state.svc.clock.now()).await?;
    Ok(Json(Marked { marked }))
}

/// Mark all my notifications read.
#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, description = "Marked", body = Marked)))]
pub async fn read_all(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Marked>, ApiError> {
    let marked =
        notifications::mark_read(&state.svc.db, &actor, None, state.svc.clock.now()).await?;
    Ok(Json(Marked { marked }))
}
