//! `/api/v1/settings`: run-time settings for administrators.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::Path;
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::settings;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;

pub use anju_types::settings::SettingView;

#[derive(Deserialize, ToSchema)]
pub struct SettingUpdate {
    pub value: i64,
}

/// Every setting with its current value: `sales.discount_approval_bp` (the
/// largest discount, basis points of the list price, without approval),
/// `customers.contact_max_outbound` / `customers.contact_window_days` (the
/// contact-frequency guard), `customers.stale_after_days` (未跟进预警),
/// `units.hold_minutes` (how long a hold lasts).
#[utoipa::path(get, path = "/api/v1/settings", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "Settings", body = Vec<SettingView>),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<SettingView>>, ApiError> {
    Ok(Json(settings::list(&state.svc.db, &actor).await?))
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
