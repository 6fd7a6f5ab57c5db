//! `/api/v1/buildings` and `/api/v1/units`: the sales-control grid and the
//! unit status machine. A unit moved by someone else first answers 409.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::Path;
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::inventory;
use anju_types::deal::DealTerms;
use anju_types::unit::{BuildingGrid, BuildingRef};
use anju_types::{UnitAction, UnitStatus};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Buildings with their unit counts.
#[utoipa::path(get, path = "/api/v1/buildings", tag = "units", security(("bearer" = [])),
    responses(
        (status = 200, description = "All buildings", body = Vec<BuildingRef>),
        (status = 403, description = "Role without unit access", body = ErrorBody),
    ))]
pub async fn buildings(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<BuildingRef>>, ApiError> {
    Ok(Json(inventory::buildings(&state.svc.db, &actor).await?))
}

/// A building's 销控表: floors from the top, each unit with its status.
#[utoipa::path(get, path = "/api/v1/buildings/{id}/grid", tag = "units", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Building id")),
    responses(
        (status = 200, description = "The grid", body = BuildingGrid),
        (status = 404, description = "No such building", body = ErrorBody),
    ))]
pub async fn grid(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<BuildingGrid>, ApiError> {
    Ok(Json(
        inventory::grid(&state.svc.db, &actor, id, state.svc.clock.now()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct UnitActionRequest {
    pub action: UnitAction,
    /// The buyer, for `hold` and `reserve`.
    pub customer_id: Option<i64>,
    /// For `reserve`: discount off the list price, in yuan (`"20000.00"`).
    /// Beyond the configured share it waits for a sales manager's approval,
    /// and `contract` answers 409 until approved.
    pub discount: Option<String>,
    /// For `reserve`: the deposit (定金) agreed, in yuan (the plan's first
    /// instalment; record it as a payment when it arrives).
    pub deposit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitActionResult {
    pub status: UnitStatus,
}

/// Hold, release, reserve (认购), contract (签约), deliver (交房) or cancel.
#[utoipa::path(post, path = "/api/v1/units/{id}/actions", tag = "units", request_body = UnitActionRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Unit id")),
    responses(
        (status = 200, description = "The unit's new status", body = UnitActionResult),
        (status = 403, description = "Role may not sell units, or the unit is held for or sold to a customer outside the caller's scope (a colleague's)", body = ErrorBody),
        (status = 404, description = "No such unit", body = ErrorBody),
        (status = 409, description = "The unit is not in a state this action starts from (e.g. sold to someone else first; `details.reason` = `unit_not_available`), or its discount awaits approval (`discount_not_approved`)", body = ErrorBody),
        (status = 422, description = "Missing or unknown customer", body = ErrorBody),
    ))]
pub async fn act(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<UnitActionRequest>,
) -> Result<Json<UnitActionResult>, ApiError> {
    let terms = DealTerms {
        discount: req.discount,
        deposit: req.deposit,
    };
    let status = inventory::act_with_terms(
        &state.svc.db,
        &actor,
        id,
        req.action,
        req.customer_id,
        &terms,
        state.svc.clock.now(),
    )
    .await?;
    Ok(Json(UnitActionResult { status }))
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Create a project (楼盘). Admin only.
#[utoipa::path(post, path = "/api/v1/projects", tag = "units", request_body = anju_types::unit::ProjectDraft, security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = Created),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 409, description = "Code taken", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn create_project(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(draft): ApiJson<anju_types::unit::ProjectDraft>,
) -> Result<(axum::http::StatusCode, Json<Created>), ApiError> {
    let id =
        inventory::create_project(&state.svc.db, &actor, &draft, state.svc.clock.now()).await?;
    Ok((axum::http::StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema)]
pub struct ProjectStatusRequest {
    /// `draft` (未发布, hidden from members), `presale` or `selling`.
    pub status: anju_types::unit::ProjectStatus,
}

/// Publish a project to members or take it back to 未发布. Admin only.
#[utoipa::path(put, path = "/api/v1/projects/{id}/status", tag = "units", request_body = ProjectStatusRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 204, description = "Changed"),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "No such project", body = ErrorBody),
        (status = 422, description = "Unknown status", body = ErrorBody),
    ))]
pub async fn set_project_status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ProjectStatusRequest>,
) -> Result<axum::http::StatusCode, ApiError> {
    inventory::set_project_status(&state.svc.db, &actor, id, req.status, state.svc.clock.now())
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Create a building with all its units, floors × units per floor, priced
/// from the price per m² and the floor premium. Admin only; all or nothing.
#[utoipa::path(post, path = "/api/v1/buildings", tag = "units", request_body = anju_types::unit::BuildingPlan, security(("bearer" = [])),
    responses(
        (status = 201, description = "Created with its units", body = BuildingRef),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 409, description = "The project already has a building of that name", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn create_building(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(plan): ApiJson<anju_types::unit::BuildingPlan>,
) -> Result<(axum::http::StatusCode, Json<BuildingRef>), ApiError> {
    let created =
        inventory::create_building(&state.svc.db, &actor, &plan, state.svc.clock.now()).await?;
    Ok((axum::http::StatusCode::CREATED, Json(created)))
}
