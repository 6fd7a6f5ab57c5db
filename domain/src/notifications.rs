//! In-app notifications and outbound SMS. Both are written in the same
//! transaction as the step that causes them, so a notification exists
//! exactly when its step committed; SMS rows wait as `pending` for a gateway
//! to drain (none is wired yet: they are the outbox for one).

use crate::DomainError;
use crate::auth::Actor;
use crate::entity::{notification, outbound_message, ticket};
use anju_types::notification::{NotificationPage, NotificationView, notification_text};
use anju_types::ticket::ticket_number;
use anju_types::{Lang, NotificationKind};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::BTreeSet;

const PAGE: u64 = 30;

/// Writes one notification per recipient (duplicates ignored).
pub async fn notify(
    db: &impl ConnectionTrait,
    recipients: impl IntoIterator<Item = i64>,
    kind: NotificationKind,
    ticket_id: Option<i64>,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let recipients: BTreeSet<i64> = recipients.into_iter().collect();
    if recipients.is_empty() {
        return Ok(());
    }
    notification::Entity::insert_many(recipients.into_iter().map(|user_id| {
        notification::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind.as_str().to_owned()),
            ticket_id: Set(ticket_id),
            detail: Set(detail.to_owned()),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Queues a text message to a customer's mobile for the SMS gateway.
pub async fn queue_sms(
    db: &impl ConnectionTrait,
    customer_id: i64,
    mobile: &str,
    body: String,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    outbound_message::ActiveModel {
        channel: Set("sms".to_owned()),
        recipient: Set(mobile.to_owned()),
        body: Set(body),
        customer_id: Set(Some(customer_id)),
        status: Set("pending".to_owned()),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The signed-in user's notifications, newest first, older than `cursor`.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
    cursor: Option<i64>,
    lang: Lang,
) -> Result<NotificationPage, DomainError> {
    let mut q = notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .order_by_desc(notification::Column::Id)
        .limit(PAGE + 1);
    if let Some(c) = cursor {
        q = q.filter(notification::Column::Id.lt(c));
    }
    let mut rows = q.all(db).await?;
    let next_cursor = if rows.len() as u64 > PAGE {
        rows.truncate(PAGE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let tickets: std::collections::HashMap<i64, ticket::Model> = ticket::Entity::find()
        .filter(ticket::Column::Id.is_in(rows.iter().filter_map(|r| r.ticket_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let items = rows
        .into_iter()
        .filter_map(|r| {
            let kind = NotificationKind::parse(&r.kind)?;
            let number = r
                .ticket_id
                .and_then(|id| tickets.get(&id))
                .map(|t| ticket_number(crate::business_date(t.created_at).year(), t.id));
            Some(NotificationView {
                id: r.id,
                kind,
                text: notification_text(kind, &r.detail, number.as_deref().unwrap_or(""), lang),
                ticket_id: r.ticket_id,
                ticket_number: number,
                created_at: r.created_at,
                read: r.read_at.is_some(),
            })
        })
        .collect();
    Ok(NotificationPage {
        items,
        unread: unread(db, actor).await?,
        next_cursor,
    })
}

/// `(SELECT COUNT(*) …)` of the unread notifications of `user` (an id or a
/// column), for a statement that reads it along with something else.
pub fn unread_count(user: Expr) -> Expr {
    crate::db::count_of(
        Query::select()
            .from(notification::Entity)
            .and_where(Expr::col((notification::Entity, notification::Column::UserId)).eq(user))
            .and_where(Expr::col((notification::Entity, notification::Column::ReadAt)).is_null())
            .to_owned(),
    )
}

/// The actor's unread count on its own (the sign-in usually reads it along
/// with the session, through [`unread_count`]).
pub async fn unread(db: &impl ConnectionTrait, actor: &Actor) -> Result<u64, DomainError> {
    let stmt = Query::select()
        .expr_as(unread_count(Expr::val(actor.user_id)), "n")
        .to_owned();
    let row = db.query_one(&stmt).await?.ok_or(DomainError::NotFound)?;
    let n: i64 = row.try_get("", "n")?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Marks the user's notifications read: one (`Some(id)`, 404 when not
/// theirs) or all. Marking twice changes nothing.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let mut q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        let mine = notification::Entity::find_by_id(id)
            .filter(notification::Column::UserId.eq(actor.user_id))
            .one(db)
            .await?;
        if mine.is_none() {
            return Err(DomainError::NotFound);
        }
        q = q.filter(notification::Column::Id.eq(id));
    }
    Ok(q.exec(db).await?.rows_affected)
}
