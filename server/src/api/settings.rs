//! `/api/v1/settings`: run-time settings for administrators.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::{auth, settings};
use anju_types::Permission;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SettingView {
    pub key: String,
    pub value: i64,
    pub default: i64,
    pub min: i64,
    pub max: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct SettingUpdate {
    pub value: i64,
}

/// Every setting with its current value. `sales.discount_approval_bp`: the
/// largest discount (basis points of the list price) without approval.
#[utoipa::path(get, path = "/api/v1/settings", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "Settings", body = Vec<SettingView>),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<SettingView>>, ApiError> {
    auth::require(&actor, Permission::ManageUsers)?;
    let mut out = Vec::new();
    for s in settings::ALL {
        out.push(SettingView {
            key: s.key.to_owned(),
            value: settings::get_int(&state.svc.db, s)
                .await
                .map_err(anju_domain::DomainError::from)?,
            default: s.default,
            min: s.min,
            max: s.max,
        });
    }
    Ok(Json(out))
}

/// Change one setting (audited).
#[utoipa::path(put, path = "/api/v1/settings/{key}", tag = "admin", request_body = SettingUpdate, security(("bearer" = [])),
    params(("key" = String, Path, description = "Setting key")),
    responses(
        (status = 200, description = "Changed", body = SettingView),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such setting", body = ErrorBody),
        (status = 422, description = "Out of range", body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(key): Path<String>,
    ApiJson(body): ApiJson<SettingUpdate>,
) -> Result<Json<SettingView>, ApiError> {
    let value = settings::set_int(
        &state.svc.db,
        &actor,
        &key,
        body.value,
        state.svc.clock.now(),
    )
    .await?;
    let s = settings::ALL
        .into_iter()
        .find(|s| s.key == key)
        .ok_or(ApiError::new(anju_types::ErrorCode::NotFound))?;
    Ok(Json(SettingView {
        key,
        value,
        default: s.default,
        min: s.min,
        max: s.max,
    }))
}
