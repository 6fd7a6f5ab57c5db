use crate::error::{ApiError, ErrorBody};
use crate::extract::{Path, Query, page_size};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::users;
use anju_types::ErrorCode;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Cursor: the `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct UserItem {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub kind: String,
    pub roles: Vec<String>,
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct UserPage {
    pub items: Vec<UserItem>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List accounts (admin).
#[utoipa::path(get, path = "/api/v1/users", tag = "admin", params(ListQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of users", body = UserPage),
        (status = 400, description = "Bad cursor", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<ListQuery>,
) -> Result<Json<UserPage>, ApiError> {
    let after = match q.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => Some(
            c.parse::<i64>()
                .map_err(|_| ApiError::new(ErrorCode::BadRequest))?,
        ),
    };
    let limit = page_size(q.limit, 50, 200)?;
    let rows = users::list_users(&state.svc.db, &actor, after, limit).await?;
    let next_cursor = (rows.len() as u64 == limit)
        .then(|| rows.last().map(|u| u.id.to_string()))
        .flatten();
    Ok(Json(UserPage {
        items: rows
            .into_iter()
            .map(|u| UserItem {
                id: u.id,
                login: u.login,
                display_name: u.display_name,
                kind: u.kind.as_str().to_owned(),
                roles: u.roles.iter().map(|r| r.as_str().to_owned()).collect(),
                active: u.active,
            })
            .collect(),
        next_cursor,
    }))
}

/// Disable an account: its sessions end at once (admin).
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 204, description = "Disabled"),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 409, description = "Cannot disable yourself", body = ErrorBody),
    ))]
pub async fn disable(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    users::set_active(&state.svc.db, &actor, id, false, state.svc.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enable an account again (admin).
#[utoipa::path(post, path = "/api/v1/users/{id}/enable", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 204, description = "Enabled"),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn enable(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    users::set_active(&state.svc.db, &actor, id, true, state.svc.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
