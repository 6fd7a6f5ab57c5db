//! Projects' news over REST: members read it before the public launch,
//! anyone without a token only once it is public; the club manager or
//! marketing publishes it.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::Path;
use crate::session::{ApiActor, MaybeApiActor};
use crate::state::AppState;
use anju_domain::club::news;
use anju_types::news::{NewsDraft, NewsView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// News, newest first: public items without a token; with a member's
/// token also the members-first ones (`members_only`); writers see all.
#[utoipa::path(get, path = "/api/v1/news", tag = "club", security((), ("bearer" = [])),
    responses((status = 200, description = "News", body = Vec<NewsView>)))]
pub async fn list(
    State(state): State<AppState>,
    MaybeApiActor(actor): MaybeApiActor,
) -> Result<Json<Vec<NewsView>>, ApiError> {
    Ok(Json(
        news::list(&state.svc.db, actor.as_ref(), state.svc.clock.now()).await?,
    ))
}

/// Publish news for a project (club manager or marketing).
#[utoipa::path(post, path = "/api/v1/news", tag = "club", request_body = NewsDraft, security(("bearer" = [])),
    responses((status = 201, description = "Published", body = NewsView),
        (status = 422, description = "Invalid fields (`before_members` …)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(d): ApiJson<NewsDraft>,
) -> Result<(StatusCode, Json<NewsView>), ApiError> {
    let n = news::save(&state.svc.db, &actor, None, &d, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(n)))
}

/// Change a news item.
#[utoipa::path(put, path = "/api/v1/news/{id}", tag = "club", request_body = NewsDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "News id")),
    responses((status = 200, description = "Changed", body = NewsView),
        (status = 404, description = "No such news", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<NewsDraft>,
) -> Result<Json<NewsView>, ApiError> {
    Ok(Json(
        news::save(&state.svc.db, &actor, Some(id), &d, state.svc.clock.now()).await?,
    ))
}
