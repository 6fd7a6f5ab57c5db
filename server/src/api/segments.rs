//! The customer pyramid over REST: counts per segment, a segment's
//! customers, and recomputing now (marketing).

use crate::error::{ApiError, ErrorBody};
use crate::extract::{Path, Query, page_number};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::marketing::segments;
use anju_types::ErrorCode;
use anju_types::segment::{Segment, SegmentPage, SegmentSummary};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Customers per segment as the job last computed them.
#[utoipa::path(get, path = "/api/v1/segments", tag = "marketing", security(("bearer" = [])),
    responses((status = 200, description = "The pyramid", body = SegmentSummary),
        (status = 403, description = "Neither marketing nor analytics", body = ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<SegmentSummary>, ApiError> {
    Ok(Json(segments::summary(&state.svc.db, &actor).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// 0-based; `next_page` of the previous answer.
    #[param(minimum = 0, maximum = 1_000_000)]
    pub page: Option<u32>,
}

/// A segment's customers, highest value score first (mobiles masked).
#[utoipa::path(get, path = "/api/v1/segments/{segment}/customers", tag = "marketing", security(("bearer" = [])),
    params(("segment" = Segment, Path, description = "top, high, middle, low, potential, watching, inactive"), PageQuery),
    responses((status = 200, description = "Customers", body = SegmentPage),
        (status = 404, description = "No such segment", body = ErrorBody)))]
pub async fn customers(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(segment): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Json<SegmentPage>, ApiError> {
    let segment = Segment::parse(&segment).ok_or(ApiError::new(ErrorCode::NotFound))?;
    Ok(Json(
        segments::members(&state.svc.db, &actor, segment, page_number(q.page)?).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Recomputed {
    /// Customers placed.
    pub customers: usize,
}

/// Recompute the pyramid now instead of waiting for the daily job.
#[utoipa::path(post, path = "/api/v1/segments/recompute", tag = "marketing", security(("bearer" = [])),
    responses((status = 200, description = "Recomputed", body = Recomputed),
        (status = 403, description = "Not marketing", body = ErrorBody)))]
pub async fn recompute(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Recomputed>, ApiError> {
    let customers = segments::recompute_now(&state.svc.db, &actor, state.svc.clock.now()).await?;
    Ok(Json(Recomputed { customers }))
}
