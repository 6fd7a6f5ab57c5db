//! CSV downloads of the lists staff see: opportunities (the kanban), deals
//! and a building's 销控表. The same handlers serve bearer-token API calls
//! and the console's cookie-authenticated 导出 links (see `web.rs`).

use crate::error::{ApiError, ErrorBody};
use crate::extract::{Path, Query};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::auth::Actor;
use anju_domain::pipeline::BoardFilter;
use anju_domain::{deals, inventory, pipeline};
use anju_types::Lang;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

/// A CSV download named `filename` (non-ASCII names per RFC 5987).
pub fn csv_response(body: String, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    // RFC 5987: every byte outside the unreserved set as %XX.
    let encoded: String = filename
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let disposition = format!("attachment; filename=\"export.csv\"; filename*=UTF-8''{encoded}");
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

#[derive(Deserialize, IntoParams)]
pub struct OpportunityExportQuery {
    pub project_id: Option<i64>,
    pub sales_id: Option<i64>,
    /// `zh` (default) or `en` column headers.
    pub lang: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct LangQuery {
    /// `zh` (default) or `en` column headers.
    pub lang: Option<String>,
}

fn lang_of(code: Option<&str>) -> Lang {
    code.map(Lang::from_code).unwrap_or_default()
}

/// Every opportunity the caller sees (the whole kanban), as CSV.
#[utoipa::path(get, path = "/api/v1/opportunities/export", tag = "pipeline", params(OpportunityExportQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "CSV (UTF-8 with BOM)", body = String, content_type = "text/csv"),
        (status = 403, description = "Role without pipeline access", body = ErrorBody),
    ))]
pub async fn opportunities(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<OpportunityExportQuery>,
) -> Result<Response, ApiError> {
    let lang = lang_of(q.lang.as_deref());
    opportunities_response(&state, &actor, q.project_id, q.sales_id, lang).await
}

pub async fn opportunities_response(
    state: &AppState,
    actor: &Actor,
    project_id: Option<i64>,
    sales_id: Option<i64>,
    lang: Lang,
) -> Result<Response, ApiError> {
    let filter = BoardFilter {
        project_id,
        sales_id,
    };
    let body = pipeline::export::opportunities_csv(
        &state.svc.reports,
        actor,
        &filter,
        lang,
        state.svc.clock.now(),
    )
    .await?;
    Ok(csv_response(body, "opportunities.csv"))
}

/// Every deal the caller sees, with amounts paid and outstanding, as CSV.
#[utoipa::path(get, path = "/api/v1/deals/export", tag = "deals", params(LangQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "CSV (UTF-8 with BOM)", body = String, content_type = "text/csv"),
        (status = 403, description = "Role without pipeline access", body = ErrorBody),
    ))]
pub async fn deals(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<LangQuery>,
) -> Result<Response, ApiError> {
    deals_response(&state, &actor, lang_of(q.lang.as_deref())).await
}

pub async fn deals_response(
    state: &AppState,
    actor: &Actor,
    lang: Lang,
) -> Result<Response, ApiError> {
    let body =
        deals::export::deals_csv(&state.svc.reports, actor, lang, state.svc.clock.now()).await?;
    Ok(csv_response(body, "deals.csv"))
}

/// A building's 销控表, one row per unit, as CSV.
#[utoipa::path(get, path = "/api/v1/buildings/{id}/export", tag = "units", params(("id" = i64, Path, description = "Building id"), LangQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "CSV (UTF-8 with BOM)", body = String, content_type = "text/csv"),
        (status = 403, description = "Role without unit access", body = ErrorBody),
        (status = 404, description = "No such building", body = ErrorBody),
    ))]
pub async fn grid(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
) -> Result<Response, ApiError> {
    grid_response(&state, &actor, id, lang_of(q.lang.as_deref())).await
}

pub async fn grid_response(
    state: &AppState,
    actor: &Actor,
    building_id: i64,
    lang: Lang,
) -> Result<Response, ApiError> {
    let (name, body) = inventory::export::grid_csv(
        &state.svc.db,
        actor,
        building_id,
        lang,
        state.svc.clock.now(),
    )
    .await?;
    Ok(csv_response(body, &format!("{name}.csv")))
}
