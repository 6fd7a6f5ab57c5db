//! The dashboard's figures over REST, for a BI tool or a spreadsheet.

use crate::error::{ApiError, ErrorBody};
use crate::extract::Query;
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::{DomainError, analytics, business_date};
use anju_types::analytics::{Dashboard, DashboardFilter};
use axum::Json;
use axum::extract::State;
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct DashboardQuery {
    /// A project id; all projects when absent.
    pub project: Option<String>,
    /// `YYYY-MM-DD` (Beijing); 89 days before `to` when absent.
    pub from: Option<String>,
    /// `YYYY-MM-DD` (Beijing), included; today when absent.
    pub to: Option<String>,
}

fn day(v: Option<&str>, field: &'static str) -> Result<Option<NaiveDate>, DomainError> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| DomainError::field(field, "invalid_date")),
    }
}

/// Every chart's figures for a project and a period (at most a year).
#[utoipa::path(get, path = "/api/v1/analytics/dashboard", tag = "marketing", security(("bearer" = [])),
    params(DashboardQuery),
    responses((status = 200, description = "The figures", body = Dashboard),
        (status = 403, description = "Neither marketing nor analytics", body = ErrorBody),
        (status = 422, description = "`from`, `to` (`invalid_date`, `before_start`, `period_too_long`), `project`", body = ErrorBody)))]
pub async fn dashboard(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<DashboardQuery>,
) -> Result<Json<Dashboard>, ApiError> {
    let now = state.svc.clock.now();
    let to = day(q.to.as_deref(), "to")?.unwrap_or(business_date(now));
    let from = day(q.from.as_deref(), "from")?.unwrap_or(to - Duration::days(89));
    let project_id = match q.project.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(
            p.parse::<i64>()
                .map_err(|_| DomainError::field("project", "invalid"))?,
        ),
    };
    let filter = DashboardFilter {
        project_id,
        from,
        to,
    };
    Ok(Json(
        analytics::dashboard(&state.svc.reports, &actor, &filter, now).await?,
    ))
}
