//! The knowledge base (知识库): articles members search and read (常见问题,
//! 新业主须知), suggested while they describe a problem so many answer
//! themselves; agents write them, often from a ticket's resolution. A
//! developer's base holds hundreds of articles, not millions: search loads
//! the published ones and ranks them in memory.

use crate::DomainError;
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::entity::{kb_article, ticket, ticket_event, ticket_task};
use crate::error::FieldError;
use crate::tickets::views::{Viewer, find_for};
use anju_types::kb::{KbArticleDraft, KbArticleSummary, KbArticleView};
use anju_types::ticket::TICKET_CATEGORIES;
use anju_types::{KbSection, Permission};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// More than any real knowledge base; the cap keeps a runaway one cheap.
const MAX_ARTICLES: u64 = 5000;
const SUGGESTIONS: usize = 3;
const EXCERPT_CHARS: usize = 80;

fn section_of(a: &kb_article::Model) -> KbSection {
    KbSection::parse(&a.section).unwrap_or(KbSection::Faq)
}

fn keywords(a: &kb_article::Model) -> Vec<String> {
    split_keywords(&a.keywords)
}

fn split_keywords(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

fn summary(a: &kb_article::Model) -> KbArticleSummary {
    let flat: String = a.body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut excerpt: String = flat.chars().take(EXCERPT_CHARS).collect();
    if flat.chars().count() > EXCERPT_CHARS {
        excerpt.push('…');
    }
    KbArticleSummary {
        id: a.id,
        section: section_of(a),
        title: a.title.clone(),
        excerpt,
        published: a.published,
    }
}

fn view(a: kb_article::Model, staff: bool) -> KbArticleView {
    KbArticleView {
        id: a.id,
        section: section_of(&a),
        ticket_category: a.ticket_category.clone(),
        keywords: keywords(&a),
        title: a.title,
        body: a.body,
        published: a.published,
        source_ticket_id: a.source_ticket_id.filter(|_| staff),
        updated_at: a.updated_at,
    }
}

/// How well `a` answers the words of `q`: a title hit counts most, then a
/// keyword, then the body. Terms are the query's whitespace-separated
/// words (Chinese is matched as typed, e.g. 漏水).
pub fn score(a: &kb_article::Model, q: &str) -> u32 {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return 0;
    }
    let title = a.title.to_lowercase();
    let body = a.body.to_lowercase();
    let keys: Vec<String> = keywords(a).iter().map(|k| k.to_lowercase()).collect();
    let mut terms: Vec<&str> = q.split_whitespace().collect();
    if terms.len() > 1 {
        terms.push(&q);
    }
    terms
        .iter()
        .map(|t| {
            let mut s = 0;
            if title.contains(t) {
                s += 3;
            }
            if keys.iter().any(|k| k.contains(t) || t.contains(k.as_str())) {
                s += 2;
            }
            if body.contains(t) {
                s += 1;
            }
            s
        })
        .sum()
}

async fn all_articles(
    db: &impl ConnectionTrait,
    include_drafts: bool,
) -> Result<Vec<kb_article::Model>, DomainError> {
    let mut q = kb_article::Entity::find()
        .order_by_asc(kb_article::Column::Section)
        .order_by_asc(kb_article::Column::Id)
        .limit(MAX_ARTICLES);
    if !include_drafts {
        q = q.filter(kb_article::Column::Published.eq(true));
    }
    Ok(q.all(db).await?)
}

/// Published articles (staff with `HandleTickets` also see drafts),
/// optionally of one section, ranked by `q` when given.
pub async fn search(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    q: Option<&str>,
    section: Option<KbSection>,
) -> Result<Vec<KbArticleSummary>, DomainError> {
    let staff = actor.is_some_and(|a| auth::can(a, Permission::HandleTickets));
    let articles = all_articles(db, staff)
        .await?
        .into_iter()
        .filter(|a| section.is_none_or(|s| section_of(a) == s));
    let q = q.map(str::trim).filter(|q| !q.is_empty());
    let Some(q) = q else {
        return Ok(articles.map(|a| summary(&a)).collect());
    };
    let mut ranked: Vec<(u32, kb_article::Model)> = articles
        .map(|a| (score(&a, q), a))
        .filter(|(s, _)| *s > 0)
        .collect();
    ranked.sort_by(|(sa, a), (sb, b)| sb.cmp(sa).then(a.id.cmp(&b.id)));
    Ok(ranked.iter().map(|(_, a)| summary(a)).collect())
}

/// Up to three articles that may already answer a request being written:
/// those for its category first, then any whose keywords appear in the text.
pub async fn suggest(
    db: &impl ConnectionTrait,
    category: Option<&str>,
    text: &str,
) -> Result<Vec<KbArticleSummary>, DomainError> {
    let text = text.to_lowercase();
    let mut ranked: Vec<(u32, kb_article::Model)> = all_articles(db, false)
        .await?
        .into_iter()
        .map(|a| {
            let mut s = 0;
            if category.is_some() && a.ticket_category.as_deref() == category {
                s += 3;
            }
            s += 2 * keywords(&a)
                .iter()
                .filter(|k| text.contains(&k.to_lowercase()))
                .count() as u32;
            (s, a)
        })
        .filter(|(s, _)| *s > 0)
        .collect();
    ranked.sort_by(|(sa, a), (sb, b)| sb.cmp(sa).then(a.id.cmp(&b.id)));
    Ok(ranked
        .iter()
        .take(SUGGESTIONS)
        .map(|(_, a)| summary(a))
        .collect())
}

/// One article: published ones for anyone, drafts for agents only (404).
pub async fn get(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    id: i64,
) -> Result<KbArticleView, DomainError> {
    let staff = actor.is_some_and(|a| auth::can(a, Permission::HandleTickets));
    let a = kb_article::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|a| a.published || staff)
        .ok_or(DomainError::NotFound)?;
    Ok(view(a, staff))
}

struct Valid {
    section: KbSection,
    ticket_category: Option<String>,
    title: String,
    body: String,
    keywords: String,
}

fn validate(d: &KbArticleDraft) -> Result<Valid, DomainError> {
    let mut errors = Vec::new();
    let mut err = |field, code| errors.push(FieldError { field, code });
    let section = KbSection::parse(d.section.trim());
    if section.is_none() {
        err("section", "invalid_choice");
    }
    let ticket_category = d
        .ticket_category
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    if let Some(c) = &ticket_category
        && !TICKET_CATEGORIES.iter().any(|(_, code, ..)| code == c)
    {
        err("ticket_category", "invalid_choice");
    }
    let title = d.title.trim().to_owned();
    match title.chars().count() {
        0 => err("title", "required"),
        n if n > 120 => err("title", "too_long"),
        _ => {}
    }
    let body = d.body.trim().to_owned();
    match body.chars().count() {
        0 => err("body", "required"),
        n if n > 20_000 => err("body", "too_long"),
        _ => {}
    }
    let keywords = split_keywords(&d.keywords).join("、");
    if keywords.chars().count() > 200 {
        err("keywords", "too_long");
    }
    match section {
        Some(section) if errors.is_empty() => Ok(Valid {
            section,
            ticket_category,
            title,
            body,
            keywords,
        }),
        _ => Err(DomainError::Validation(errors)),
    }
}

/// An agent writes an article (from scratch or from a ticket they can see).
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &KbArticleDraft,
    now: DateTime<Utc>,
) -> Result<KbArticleView, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    let v = validate(draft)?;
    if let Some(t) = draft.source_ticket_id {
        find_for(db, &Viewer::Staff(actor.clone()), t)
            .await
            .map_err(|_| DomainError::field("source_ticket_id", "invalid_choice"))?;
    }
    let tx = begin_write(db).await?;
    let a = kb_article::ActiveModel {
        section: Set(v.section.as_str().to_owned()),
        ticket_category: Set(v.ticket_category),
        title: Set(v.title),
        body: Set(v.body),
        keywords: Set(v.keywords),
        published: Set(draft.published),
        source_ticket_id: Set(draft.source_ticket_id),
        updated_by: Set(Some(actor.user_id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "kb_article.create",
            entity: "kb_article",
            entity_id: a.id.to_string(),
            before: None,
            after: audit::snapshot(&view(a.clone(), true)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(a, true))
}

/// An agent replaces an article's text, keywords or publication.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    draft: &KbArticleDraft,
    now: DateTime<Utc>,
) -> Result<KbArticleView, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    let v = validate(draft)?;
    let tx = begin_write(db).await?;
    let before = kb_article::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut am = before.clone().into_active_model();
    am.section = Set(v.section.as_str().to_owned());
    am.ticket_category = Set(v.ticket_category);
    am.title = Set(v.title);
    am.body = Set(v.body);
    am.keywords = Set(v.keywords);
    am.published = Set(draft.published);
    am.updated_by = Set(Some(actor.user_id));
    am.updated_at = Set(now);
    let after = am.update(&tx).await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "kb_article.update",
            entity: "kb_article",
            entity_id: id.to_string(),
            before: audit::snapshot(&view(before, true)),
            after: audit::snapshot(&view(after.clone(), true)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(after, true))
}

/// A draft article from a ticket's resolution: its title, the question, and
/// what the departments did and told the customer (public steps only, so
/// nothing internal leaks into a public article). Saved only when the
/// agent has edited and submitted it.
pub async fn draft_from_ticket(
    db: &impl ConnectionTrait,
    actor: &Actor,
    ticket_id: i64,
) -> Result<KbArticleDraft, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    let t: ticket::Model = find_for(db, &Viewer::Staff(actor.clone()), ticket_id).await?;
    let results: Vec<String> = ticket_task::Entity::find()
        .filter(ticket_task::Column::TicketId.eq(t.id))
        .order_by_asc(ticket_task::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|k| k.result)
        .collect();
    let notes: Vec<String> = ticket_event::Entity::find()
        .filter(ticket_event::Column::TicketId.eq(t.id))
        .filter(ticket_event::Column::Public.eq(true))
        .filter(ticket_event::Column::Kind.eq("note"))
        .order_by_asc(ticket_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|e| e.note)
        .collect();
    let mut body = format!("问题：{}\n\n", t.description);
    let answers: Vec<String> = results.into_iter().chain(notes).collect();
    if !answers.is_empty() {
        body.push_str("处理办法：\n");
        for a in answers {
            body.push_str(&format!("- {a}\n"));
        }
    }
    Ok(KbArticleDraft {
        section: KbSection::Faq.as_str().to_owned(),
        ticket_category: Some(t.category),
        title: t.title,
        body,
        keywords: String::new(),
        published: false,
        source_ticket_id: Some(t.id),
    })
}
