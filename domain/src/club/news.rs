//! Projects' news (楼盘资讯) with a members-first window: members read an
//! item from `members_from` — typically before the project's public launch
//! (会员抢先看) — and everyone else only from `public_from`. The club
//! manager or marketing writes it.

use crate::DomainError;
use crate::audit;
use crate::auth::{self, Actor};
use crate::db::{begin_write, names_by_id};
use crate::entity::{project, project_news};
use crate::error::{FieldError, text_field};
use anju_types::Permission;
use anju_types::news::{NewsDraft, NewsView};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

const PAGE: u64 = 50;

fn can_write(actor: &Actor) -> bool {
    auth::can(actor, Permission::ManageClub) || auth::can(actor, Permission::ManageMarketing)
}

/// Who reads what: writers everything, members what is open to members,
/// anyone else (visitors, other staff) what is public.
pub async fn list(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    now: DateTime<Utc>,
) -> Result<Vec<NewsView>, DomainError> {
    let mut q = project_news::Entity::find()
        .order_by_desc(project_news::Column::MembersFrom)
        .order_by_desc(project_news::Column::Id)
        .limit(PAGE);
    match actor {
        Some(a) if can_write(a) => {}
        Some(a) if auth::can(a, Permission::UsePortal) => {
            q = q.filter(project_news::Column::MembersFrom.lte(now));
        }
        _ => {
            q = q.filter(
                Condition::all()
                    .add(project_news::Column::PublicFrom.is_not_null())
                    .add(project_news::Column::PublicFrom.lte(now)),
            );
        }
    }
    let rows = q.all(db).await?;
    let names = names_by_id::<project::Entity>(
        db,
        project::Column::Id,
        project::Column::Name,
        rows.iter().map(|r| r.project_id),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| NewsView {
            project_name: names.get(&r.project_id).cloned().unwrap_or_default(),
            members_only: r.public_from.is_none_or(|p| now < p),
            id: r.id,
            project_id: r.project_id,
            title: r.title,
            body: r.body,
            members_from: r.members_from,
            public_from: r.public_from,
        })
        .collect())
}

struct ValidNews {
    title: String,
    body: String,
    members_from: DateTime<Utc>,
    public_from: Option<DateTime<Utc>>,
}

fn validate(d: &NewsDraft) -> Result<ValidNews, DomainError> {
    let mut errors = Vec::new();
    let title = text_field(&mut errors, "title", &d.title, 80, true);
    let body = text_field(&mut errors, "body", &d.body, 5_000, true);
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let members = date(&d.members_from);
    if members.is_none() {
        errors.push(FieldError {
            field: "members_from",
            code: "invalid_date",
        });
    }
    let public = match d.public_from.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match (date(s), members) {
            (None, _) => {
                errors.push(FieldError {
                    field: "public_from",
                    code: "invalid_date",
                });
                None
            }
            (Some(p), Some(m)) if p < m => {
                errors.push(FieldError {
                    field: "public_from",
                    code: "before_members",
                });
                None
            }
            (Some(p), _) => Some(p),
        },
    };
    match members {
        Some(m) if errors.is_empty() => Ok(ValidNews {
            title,
            body,
            members_from: crate::business_day_start(m),
            public_from: public.map(crate::business_day_start),
        }),
        _ => Err(DomainError::Validation(errors)),
    }
}

/// Publishes (`id` none) or changes a news item, audited.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    d: &NewsDraft,
    now: DateTime<Utc>,
) -> Result<NewsView, DomainError> {
    if !can_write(actor) {
        return Err(DomainError::Forbidden);
    }
    let v = validate(d)?;
    let tx = begin_write(db).await?;
    let project = project::Entity::find_by_id(d.project_id)
        .one(&tx)
        .await?
        .ok_or_else(|| DomainError::field("project_id", "invalid_choice"))?;
    let mut row = match id {
        Some(id) => project_news::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or(DomainError::NotFound)?
            .into(),
        None => project_news::ActiveModel {
            author_user_id: Set(actor.user_id),
            created_at: Set(now),
            ..Default::default()
        },
    };
    row.project_id = Set(project.id);
    row.title = Set(v.title);
    row.body = Set(v.body);
    row.members_from = Set(v.members_from);
    row.public_from = Set(v.public_from);
    row.updated_at = Set(now);
    let row = match id {
        Some(_) => row.update(&tx).await?,
        None => row.insert(&tx).await?,
    };
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        id.is_none(),
        ("news.create", "news.update"),
        "project_news",
        row.id,
        d,
    )
    .await?;
    tx.commit().await?;
    Ok(NewsView {
        id: row.id,
        project_id: project.id,
        project_name: project.name,
        members_only: row.public_from.is_none_or(|p| now < p),
        title: row.title,
        body: row.body,
        members_from: row.members_from,
        public_from: row.public_from,
    })
}

/// Every project by name, draft ones included (news may announce a
/// project before its launch), for the writers' form.
pub async fn projects(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<(i64, String)>, DomainError> {
    if !can_write(actor) {
        return Err(DomainError::Forbidden);
    }
    Ok(project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .column(project::Column::Name)
        .order_by_asc(project::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}
