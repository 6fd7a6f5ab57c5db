//! The audit log over REST (administrators): who changed what, filtered by
//! the kind of record and the acting user.

use crate::error::{ApiError, ErrorBody};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::audit::{self, AuditFilter};
use anju_types::audit::AuditPage;
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// The kind of record: `customer`, `setting`, `webhook` …
    pub entity: Option<String>,
    /// The acting user's login.
    pub user: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<i64>,
    /// 1–100, default 50.
    pub limit: Option<u64>,
}

/// The audit log, newest first, page by page; ID numbers masked.
#[utoipa::path(get, path = "/api/v1/audit", tag = "admin", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, description = "Audit entries", body = AuditPage),
        (status = 403, description = "May not read the audit log", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let filter = AuditFilter {
        entity: q.entity,
        user: q.user,
        cursor: q.cursor,
        limit: q.limit.unwrap_or(50),
    };
    Ok(Json(audit::list(&state.svc.db, &actor, &filter).await?))
}
