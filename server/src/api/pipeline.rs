//! `/api/v1/opportunities` and `/api/v1/pipeline`: the sales pipeline —
//! opportunities by stage (kanban), stage moves, funnel and forecast.
//! Opportunities of customers outside the caller's scope answer 404.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::{Path, Query};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::pipeline::{self, BoardFilter, SummaryFilter};
use anju_types::ErrorCode;
use anju_types::pipeline::{
    Kanban, OpportunityDraft, OpportunityView, PipelineSummary, ProjectRef, StageMove,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

/// Projects (楼盘), for choosing one in forms and filters.
#[utoipa::path(get, path = "/api/v1/projects", tag = "pipeline", security(("bearer" = [])),
    responses(
        (status = 200, description = "All projects", body = Vec<ProjectRef>),
        (status = 403, description = "Role without pipeline or unit access", body = ErrorBody),
    ))]
pub async fn projects(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<ProjectRef>>, ApiError> {
    Ok(Json(pipeline::projects(&state.svc.db, &actor).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct BoardQuery {
    pub project_id: Option<i64>,
    /// One salesperson of the caller's scope.
    pub sales_id: Option<i64>,
}

/// The kanban: per stage the count, the expected amount (fen) and the most
/// recently moved opportunities.
#[utoipa::path(get, path = "/api/v1/opportunities", tag = "pipeline", params(BoardQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "Columns 来访, 意向, 准成交, 成交, 流失", body = Kanban),
        (status = 403, description = "Role without pipeline access", body = ErrorBody),
    ))]
pub async fn board(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<BoardQuery>,
) -> Result<Json<Kanban>, ApiError> {
    let filter = BoardFilter {
        project_id: q.project_id,
        sales_id: q.sales_id,
    };
    Ok(Json(
        pipeline::kanban(&state.svc.db, &actor, &filter).await?,
    ))
}

/// Open an opportunity for a customer in your scope and a project.
#[utoipa::path(post, path = "/api/v1/opportunities", tag = "pipeline", request_body = OpportunityDraft, security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = OpportunityView),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
        (status = 409, description = "The customer already has an opportunity for this project (`details.existing_id`)", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(draft): ApiJson<OpportunityDraft>,
) -> Result<(StatusCode, Json<OpportunityView>), ApiError> {
    let view = pipeline::create(&state.svc.db, &actor, &draft, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Move an opportunity to 来访, 意向, 准成交 or 流失 (with `lost_reason`).
/// 成交 comes only from signing a contract for a unit.
#[utoipa::path(post, path = "/api/v1/opportunities/{id}/stage", tag = "pipeline", request_body = StageMove, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Opportunity id")),
    responses(
        (status = 200, description = "Moved (or already there)", body = OpportunityView),
        (status = 404, description = "No such opportunity in your scope", body = ErrorBody),
        (status = 409, description = "`deal_needs_contract`, `opportunity_closed`, or moved by someone else meanwhile (`details.reason`)", body = ErrorBody),
        (status = 422, description = "Invalid stage, or lost without a reason", body = ErrorBody),
    ))]
pub async fn move_stage(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<StageMove>,
) -> Result<Json<OpportunityView>, ApiError> {
    Ok(Json(
        pipeline::move_stage(&state.svc.db, &actor, id, &request, state.svc.clock.now()).await?,
    ))
}

/// A customer's opportunities.
#[utoipa::path(get, path = "/api/v1/customers/{id}/opportunities", tag = "pipeline", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Customer id")),
    responses(
        (status = 200, description = "Newest first", body = Vec<OpportunityView>),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
    ))]
pub async fn for_customer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<OpportunityView>>, ApiError> {
    Ok(Json(
        pipeline::for_customer(&state.svc.db, &actor, id).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct SummaryQuery {
    pub project_id: Option<i64>,
    pub sales_id: Option<i64>,
    /// `YYYY-MM-DD`: only opportunities opened since.
    pub since: Option<String>,
}

/// Funnel (reached each stage, conversion from 来访) and forecast (open
/// pipeline, weighted by stage probability; deals won; lost) in your scope,
/// per salesperson and per project.
#[utoipa::path(get, path = "/api/v1/pipeline/summary", tag = "pipeline", params(SummaryQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "Figures", body = PipelineSummary),
        (status = 400, description = "Bad date", body = ErrorBody),
        (status = 403, description = "Role without pipeline access", body = ErrorBody),
    ))]
pub async fn summary(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<SummaryQuery>,
) -> Result<Json<PipelineSummary>, ApiError> {
    let since = match q.since.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| ApiError::new(ErrorCode::BadRequest))?,
        ),
    };
    let filter = SummaryFilter {
        project_id: q.project_id,
        sales_id: q.sales_id,
        since,
    };
    Ok(Json(
        pipeline::summary(&state.svc.db, &actor, &filter).await?,
    ))
}
