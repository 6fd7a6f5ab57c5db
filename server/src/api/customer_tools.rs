//! Ledger housekeeping for managers: merging duplicates (and undoing it),
//! CSV import with its report, and CSV export of the visible list.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::{Path, Query, page_size};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::customers::{SearchQuery, export, import, merge};
use anju_types::Lang;
use anju_types::customer_import::{ImportReportPage, ImportStart, ImportView};
use anju_types::merge::{DuplicateCandidate, MergeRecord, MergeRequest};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

/// Records that look like the same person (same name, or a former mobile).
#[utoipa::path(get, path = "/api/v1/customers/{id}/duplicates", tag = "customers", security(("bearer" = [])),
    responses(
        (status = 200, description = "Candidates", body = Vec<DuplicateCandidate>),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
    ))]
pub async fn duplicates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<DuplicateCandidate>>, ApiError> {
    Ok(Json(merge::duplicates(&state.svc.db, &actor, id).await?))
}

/// The merges into a customer, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/merges", tag = "customers", security(("bearer" = [])),
    responses(
        (status = 200, description = "Merges", body = Vec<MergeRecord>),
        (status = 404, description = "No such customer in your scope", body = ErrorBody),
    ))]
pub async fn merges_of(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MergeRecord>>, ApiError> {
    Ok(Json(merge::merges_of(&state.svc.db, &actor, id).await?))
}

/// Merge a duplicate into the survivor: interactions, opportunities, deals,
/// units, accounts, tags and history move; blanks are filled; the duplicate
/// becomes a tombstone. 409 `merge_duplicate_further` when the duplicate's
/// opportunity for a shared project went further (make it the survivor).
#[utoipa::path(post, path = "/api/v1/customers/merges", tag = "customers", request_body = MergeRequest, security(("bearer" = [])),
    responses(
        (status = 201, description = "Merged", body = MergeRecord),
        (status = 403, description = "Not a sales manager", body = ErrorBody),
        (status = 404, description = "A record is not in your scope", body = ErrorBody),
        (status = 409, description = "Duplicate's opportunity went further", body = ErrorBody),
        (status = 422, description = "Same record twice", body = ErrorBody),
    ))]
pub async fn merge(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(request): ApiJson<MergeRequest>,
) -> Result<(StatusCode, Json<MergeRecord>), ApiError> {
    let record = merge::merge(
        &state.svc.db,
        &actor,
        request.survivor_id,
        request.merged_id,
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Undo a merge: what moved goes back, the duplicate is a customer again.
#[utoipa::path(post, path = "/api/v1/customers/merges/{id}/undo", tag = "customers", security(("bearer" = [])),
    responses(
        (status = 200, description = "Undone", body = MergeRecord),
        (status = 404, description = "No such merge in your scope", body = ErrorBody),
        (status = 409, description = "Already undone, or superseded by a later merge", body = ErrorBody),
    ))]
pub async fn undo_merge(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<MergeRecord>, ApiError> {
    Ok(Json(
        merge::undo(&state.svc.db, &actor, id, state.svc.clock.now()).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct UploadQuery {
    /// Shown in the import list.
    pub file_name: Option<String>,
}

/// Upload a CSV file (the raw bytes as the body; UTF-8 or GBK). Answers the
/// headers, a sample and a guessed column mapping; nothing is imported yet.
#[utoipa::path(post, path = "/api/v1/customer-imports", tag = "customers", params(UploadQuery),
    request_body(content = String, content_type = "text/csv"), security(("bearer" = [])),
    responses(
        (status = 201, description = "Uploaded", body = ImportView),
        (status = 403, description = "Not a sales manager", body = ErrorBody),
        (status = 413, description = "Over 20 MB", body = ErrorBody),
        (status = 422, description = "Empty, not CSV, unreadable encoding or too many rows", body = ErrorBody),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<ImportView>), ApiError> {
    let view = import::upload(
        &state.svc.db,
        &actor,
        q.file_name.as_deref().unwrap_or_default(),
        &body,
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The caller's recent imports.
#[utoipa::path(get, path = "/api/v1/customer-imports", tag = "customers", security(("bearer" = [])),
    responses((status = 200, description = "Imports", body = Vec<ImportView>)))]
pub async fn list_imports(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<ImportView>>, ApiError> {
    Ok(Json(import::list(&state.svc.db, &actor).await?))
}

/// One import with its progress.
#[utoipa::path(get, path = "/api/v1/customer-imports/{id}", tag = "customers", security(("bearer" = [])),
    responses(
        (status = 200, description = "The import", body = ImportView),
        (status = 404, description = "Not your import", body = ErrorBody),
    ))]
pub async fn get_import(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<ImportView>, ApiError> {
    Ok(Json(import::get(&state.svc.db, &actor, id).await?))
}

/// Map the columns and start; the import then runs in the background
/// (poll the import for progress).
#[utoipa::path(post, path = "/api/v1/customer-imports/{id}/start", tag = "customers", request_body = ImportStart, security(("bearer" = [])),
    responses(
        (status = 202, description = "Queued", body = ImportView),
        (status = 404, description = "Not your import", body = ErrorBody),
        (status = 409, description = "Already started", body = ErrorBody),
        (status = 422, description = "Name or mobile not mapped, bad column, salesperson not in team", body = ErrorBody),
    ))]
pub async fn start_import(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<ImportStart>,
) -> Result<(StatusCode, Json<ImportView>), ApiError> {
    let view = import::start(&state.svc.db, &actor, id, &request, state.svc.clock.now()).await?;
    Ok((StatusCode::ACCEPTED, Json(view)))
}

#[derive(Deserialize, IntoParams)]
pub struct ReportQuery {
    /// The `next_after` of the previous page.
    pub after: Option<i32>,
    /// 1–500, default 100.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// The rows that were duplicates or had errors, with the reasons.
#[utoipa::path(get, path = "/api/v1/customer-imports/{id}/report", tag = "customers", params(ReportQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "One page", body = ImportReportPage),
        (status = 404, description = "Not your import", body = ErrorBody),
    ))]
pub async fn import_report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Json<ImportReportPage>, ApiError> {
    Ok(Json(
        import::report(
            &state.svc.db,
            &actor,
            id,
            q.after,
            page_size(q.limit, 100, 500)?,
        )
        .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ExportQuery {
    pub q: Option<String>,
    pub tag: Option<String>,
    /// `zh` (default) or `en` column headers.
    pub lang: Option<String>,
}

/// The customer list the caller sees, as CSV (UTF-8 with BOM).
#[utoipa::path(get, path = "/api/v1/customers/export", tag = "customers", params(ExportQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "CSV", body = String, content_type = "text/csv"),
        (status = 403, description = "Role without customer access", body = ErrorBody),
    ))]
pub async fn export_customers(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let lang = q.lang.as_deref().map(Lang::from_code).unwrap_or_default();
    export_response(&state, &actor, q.q, q.tag, lang).await
}

/// Shared with the browser's cookie-authenticated download link.
pub async fn export_response(
    state: &AppState,
    actor: &anju_domain::auth::Actor,
    q: Option<String>,
    tag: Option<String>,
    lang: Lang,
) -> Result<Response, ApiError> {
    let body = export::customers_csv(
        &state.svc.reports,
        actor,
        &SearchQuery {
            q,
            tag,
            after: None,
            limit: 200,
        },
        lang,
        state.svc.clock.now(),
    )
    .await?;
    Ok(super::exports::csv_response(body, "customers.csv"))
}
