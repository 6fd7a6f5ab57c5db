//! Marketing campaigns over REST: marketing plans them; marketing and
//! analysts read what each brought (leads, visits, deals, revenue, ROI).

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::Path;
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::marketing::campaigns;
use anju_types::campaign::{CampaignDraft, CampaignView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// Every campaign, latest first, with its figures.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "marketing", security(("bearer" = [])),
    responses((status = 200, description = "Campaigns", body = Vec<CampaignView>),
        (status = 403, description = "Neither marketing nor analytics", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<CampaignView>>, ApiError> {
    Ok(Json(campaigns::list(&state.svc.db, &actor).await?))
}

/// One campaign with its figures.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "marketing", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Campaign id")),
    responses((status = 200, description = "The campaign", body = CampaignView),
        (status = 404, description = "No such campaign", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<CampaignView>, ApiError> {
    Ok(Json(campaigns::get(&state.svc.db, &actor, id).await?))
}

/// Plan a campaign (marketing).
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "marketing", request_body = CampaignDraft, security(("bearer" = [])),
    responses((status = 201, description = "Planned", body = CampaignView),
        (status = 403, description = "Not marketing", body = ErrorBody),
        (status = 422, description = "Invalid fields (`code_taken`, `before_start`, `invalid_amount` …)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(d): ApiJson<CampaignDraft>,
) -> Result<(StatusCode, Json<CampaignView>), ApiError> {
    let c = campaigns::save(&state.svc.db, &actor, None, &d, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// Correct a campaign (marketing).
#[utoipa::path(put, path = "/api/v1/campaigns/{id}", tag = "marketing", request_body = CampaignDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Campaign id")),
    responses((status = 200, description = "Changed", body = CampaignView),
        (status = 404, description = "No such campaign", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<CampaignDraft>,
) -> Result<Json<CampaignView>, ApiError> {
    Ok(Json(
        campaigns::save(&state.svc.db, &actor, Some(id), &d, state.svc.clock.now()).await?,
    ))
}
