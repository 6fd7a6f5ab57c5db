//! An agent re-classifies an open ticket (kind, category, priority): the
//! deadlines are recomputed from when it was received under the policy of
//! the new kind × priority, plus the time the clock stood still, so a
//! request raised to 紧急 is due sooner and one lowered is due later.

use super::open::policy;
use super::sla;
use super::views::{self, Viewer, find_for};
use super::workflow::{Step, record};
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::entity::ticket;
use anju_types::ticket::{TICKET_CATEGORIES, TicketView, category_label};
use anju_types::{Lang, Permission, TicketChannel, TicketKind, TicketPriority, TicketStatus};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set};

/// The new classification (codes, as the API and forms send them).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Classification {
    pub category: String,
    pub priority: String,
}

pub async fn classify(
    db: &DatabaseConnection,
    actor: &Actor,
    ticket_id: i64,
    c: &Classification,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    // The category decides the kind: one choice, never a mismatch.
    let kind = TICKET_CATEGORIES
        .iter()
        .find(|(_, code, ..)| *code == c.category.trim())
        .map(|(kind, ..)| *kind);
    let priority = TicketPriority::parse(c.priority.trim());
    let mut errors = Vec::new();
    if kind.is_none() {
        errors.push(crate::error::FieldError {
            field: "category",
            code: "invalid_choice",
        });
    }
    if priority.is_none() {
        errors.push(crate::error::FieldError {
            field: "priority",
            code: "invalid_choice",
        });
    }
    let (Some(kind), Some(priority)) = (kind, priority) else {
        return Err(DomainError::Validation(errors));
    };
    let viewer = Viewer::Staff(actor.clone());
    let tx = begin_write(db).await?;
    let t = find_for(&tx, &viewer, ticket_id).await?;
    let status = TicketStatus::parse(&t.status).unwrap_or(TicketStatus::Received);
    if !status.is_open() {
        return Err(DomainError::Conflict("ticket_step_not_allowed"));
    }
    let p = policy(&tx, kind, priority).await?;
    let channel = TicketChannel::parse(&t.channel).unwrap_or(TicketChannel::Portal);
    let first = sla::first_response_minutes(&p, channel);
    let bh = p.business_hours;
    let paused = i64::from(t.paused_minutes);
    let due = |minutes: i64| sla::add_minutes(t.created_at, minutes + paused, bh);
    let warn = |minutes: i64| {
        sla::add_minutes(t.created_at, minutes * sla::WARN_PERCENT / 100 + paused, bh)
    };
    let mut am = t.clone().into_active_model();
    am.kind = Set(kind.as_str().to_owned());
    am.category = Set(c.category.trim().to_owned());
    am.priority = Set(priority.as_str().to_owned());
    am.business_hours = Set(bh);
    am.first_response_warn_at = Set(warn(first));
    am.first_response_due_at = Set(due(first));
    am.resolution_warn_at = Set(warn(p.resolution_minutes));
    am.resolution_due_at = Set(due(p.resolution_minutes));
    am.updated_at = Set(now);
    let done = ticket::Entity::update_many()
        .set(am)
        .filter(ticket::Column::Id.eq(t.id))
        .filter(ticket::Column::UpdatedAt.eq(t.updated_at))
        .exec(&tx)
        .await?;
    if done.rows_affected == 0 {
        return Err(DomainError::Conflict("ticket_changed"));
    }
    let old = describe(&t.category, &t.priority);
    record(
        &tx,
        &t,
        Step {
            kind: "classified",
            public: false,
            note: Some(format!(
                "{old} → {}",
                describe(&c.category, priority.as_str())
            )),
            department_id: None,
            actor_user_id: Some(actor.user_id),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    views::get(db, &viewer, ticket_id, now).await
}

/// `报修/水电 · 紧急`, for the internal timeline.
fn describe(category: &str, priority: &str) -> String {
    let kind = TICKET_CATEGORIES
        .iter()
        .find(|(_, code, ..)| *code == category)
        .map(|(k, ..)| k.label(Lang::Zh))
        .unwrap_or(TicketKind::Inquiry.label(Lang::Zh));
    let priority = TicketPriority::parse(priority)
        .map(|p| p.label(Lang::Zh))
        .unwrap_or(priority);
    format!("{kind}/{} · {priority}", category_label(category, Lang::Zh))
}
