//! The audit log over REST (administrators): who changed what, filtered by
//! the kind of record and the acting user.

use crate::error::{ApiError, ErrorBody};
use crate::extract::{Query, page_size};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::audit::{self, AuditFilter};
use anju_types::audit::AuditPage;
use axum::Json;
use axum::extract::State;
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
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
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
        limit: page_size(q.limit, 50, 100)?,
    };
    Ok(Json(audit::list(&state.svc.db, &actor, &filter).await?))
}
