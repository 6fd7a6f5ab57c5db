//! `/api/v1/kb/articles`: the knowledge base. Anyone reads and searches the
//! published articles (with a bearer token, agents also see drafts); agents
//! write them, e.g. from a ticket's resolution.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::{Path, Query};
use crate::session::{ApiActor, MaybeApiActor};
use crate::state::AppState;
use anju_domain::kb;
use anju_types::KbSection;
use anju_types::kb::{KbArticleDraft, KbArticleSummary, KbArticleView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct SearchQuery {
    /// Words to look for in titles, keywords and text (漏水, 交房 …).
    pub q: Option<String>,
    /// `faq` or `new_owner`.
    pub section: Option<KbSection>,
}

/// Search or list the articles, best match first.
#[utoipa::path(get, path = "/api/v1/kb/articles", tag = "kb", params(SearchQuery),
    responses((status = 200, description = "Articles", body = Vec<KbArticleSummary>)))]
pub async fn search(
    State(state): State<AppState>,
    MaybeApiActor(actor): MaybeApiActor,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Vec<KbArticleSummary>>, ApiError> {
    Ok(Json(
        kb::search(&state.svc.db, actor.as_ref(), q.q.as_deref(), q.section).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct SuggestQuery {
    /// The category chosen for the request.
    pub category: Option<String>,
    /// What the member has written so far (title and description).
    pub text: Option<String>,
}

/// Up to three articles that may answer a request before it is sent.
#[utoipa::path(get, path = "/api/v1/kb/suggestions", tag = "kb", params(SuggestQuery),
    responses((status = 200, description = "Suggested articles", body = Vec<KbArticleSummary>)))]
pub async fn suggest(
    State(state): State<AppState>,
    Query(q): Query<SuggestQuery>,
) -> Result<Json<Vec<KbArticleSummary>>, ApiError> {
    let text: String = q.text.unwrap_or_default().chars().take(2000).collect();
    Ok(Json(
        kb::suggest(&state.svc.db, q.category.as_deref(), &text).await?,
    ))
}

/// One article.
#[utoipa::path(get, path = "/api/v1/kb/articles/{id}", tag = "kb",
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "The article", body = KbArticleView),
        (status = 404, description = "No such published article", body = ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    MaybeApiActor(actor): MaybeApiActor,
    Path(id): Path<i64>,
) -> Result<Json<KbArticleView>, ApiError> {
    Ok(Json(kb::get(&state.svc.db, actor.as_ref(), id).await?))
}

/// Write an article (agents). With `source_ticket_id` it records the ticket
/// whose resolution it promotes.
#[utoipa::path(post, path = "/api/v1/kb/articles", tag = "kb", request_body = KbArticleDraft, security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = KbArticleView),
        (status = 403, description = "Not a service agent", body = ErrorBody),
        (status = 422, description = "Invalid fields (`section`, `title`, `body`, `ticket_category`, `keywords`, `source_ticket_id`)", body = ErrorBody),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(draft): ApiJson<KbArticleDraft>,
) -> Result<(StatusCode, Json<KbArticleView>), ApiError> {
    let view = kb::create(&state.svc.db, &actor, &draft, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Replace an article (agents); audited.
#[utoipa::path(put, path = "/api/v1/kb/articles/{id}", tag = "kb", request_body = KbArticleDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "Saved", body = KbArticleView),
        (status = 403, description = "Not a service agent", body = ErrorBody),
        (status = 404, description = "No such article", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<KbArticleDraft>,
) -> Result<Json<KbArticleView>, ApiError> {
    Ok(Json(
        kb::update(&state.svc.db, &actor, id, &draft, state.svc.clock.now()).await?,
    ))
}

/// A draft article from a ticket's resolution, to edit before saving.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/kb-draft", tag = "kb", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The draft (not saved)", body = KbArticleDraft),
        (status = 404, description = "No such ticket", body = ErrorBody),
    ))]
pub async fn draft_from_ticket(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<KbArticleDraft>, ApiError> {
    Ok(Json(
        kb::draft_from_ticket(&state.svc.db, &actor, id).await?,
    ))
}
