//! Server functions over `anju_domain::kb`. Reading is open to anyone
//! (agents also see drafts); writing needs `HandleTickets`, checked there.

use crate::error::AppError;
use anju_types::kb::{KbArticleDraft, KbArticleSummary, KbArticleView};
use leptos::prelude::*;

/// The signed-in actor if any, and the services.
#[cfg(feature = "ssr")]
async fn maybe_signed_in()
-> Result<(Option<anju_domain::auth::Actor>, anju_domain::Services), AppError> {
    let session = crate::session::current_request_session();
    let svc = use_context::<anju_domain::Services>()
        .ok_or(AppError::new(anju_types::ErrorCode::Internal))?;
    Ok((session.actor, svc))
}

#[server(endpoint = "kb/search")]
pub async fn kb_search(
    q: Option<String>,
    section: Option<String>,
) -> Result<Vec<KbArticleSummary>, AppError> {
    let (actor, svc) = maybe_signed_in().await?;
    let section = section.as_deref().and_then(anju_types::KbSection::parse);
    Ok(anju_domain::kb::search(&svc.db, actor.as_ref(), q.as_deref(), section).await?)
}

#[server(endpoint = "kb/article")]
pub async fn kb_article(id: i64) -> Result<KbArticleView, AppError> {
    let (actor, svc) = maybe_signed_in().await?;
    Ok(anju_domain::kb::get(&svc.db, actor.as_ref(), id).await?)
}

/// Articles that may answer a request being written: (id, title) links.
/// Plain text, as the portal's request form asks for them.
#[server(endpoint = "kb/suggest", output = crate::plain_text::Text)]
pub async fn kb_suggest(
    category: Option<String>,
    text: String,
) -> Result<Vec<(i64, String)>, AppError> {
    let (_, svc) = maybe_signed_in().await?;
    let text: String = text.chars().take(2000).collect();
    let found = anju_domain::kb::suggest(&svc.db, category.as_deref(), &text).await?;
    Ok(found.into_iter().map(|a| (a.id, a.title)).collect())
}

#[server(endpoint = "kb/draft_from_ticket")]
pub async fn kb_draft_from_ticket(ticket_id: i64) -> Result<KbArticleDraft, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::kb::draft_from_ticket(&svc.db, &actor, ticket_id).await?)
}

/// Writes a new article (from a ticket when `source_ticket_id` is given),
/// then back to the list.
#[server(endpoint = "kb/create")]
pub async fn create_kb_article(
    section: String,
    ticket_category: Option<String>,
    title: String,
    body: String,
    keywords: String,
    published: Option<String>,
    source_ticket_id: Option<i64>,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = KbArticleDraft {
        section,
        ticket_category,
        title,
        body,
        keywords,
        published: published.is_some(),
        source_ticket_id,
    };
    anju_domain::kb::create(&svc.db, &actor, &draft, svc.clock.now()).await?;
    leptos_axum::redirect("/console/kb");
    Ok(())
}

/// Replaces an article, then back to the list.
#[server(endpoint = "kb/update")]
pub async fn update_kb_article(
    id: i64,
    section: String,
    ticket_category: Option<String>,
    title: String,
    body: String,
    keywords: String,
    published: Option<String>,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = KbArticleDraft {
        section,
        ticket_category,
        title,
        body,
        keywords,
        published: published.is_some(),
        source_ticket_id: None,
    };
    anju_domain::kb::update(&svc.db, &actor, id, &draft, svc.clock.now()).await?;
    leptos_axum::redirect("/console/kb");
    Ok(())
}
