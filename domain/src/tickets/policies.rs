//! SLA policies per kind × priority, edited by administrators. A change
//! applies to tickets opened afterwards; open tickets keep the deadlines
//! they were promised.

use super::open::{policy_or_default, policy_row};
use crate::DomainError;
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::entity::sla_policy;
use crate::error::FieldError;
use anju_types::ticket::{SlaPolicyUpdate, SlaPolicyView};
use anju_types::{Permission, TicketKind, TicketPriority};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Set};

const FIRST_RESPONSE_RANGE: std::ops::RangeInclusive<i64> = 5..=7 * 24 * 60;
const RESOLUTION_MAX: i64 = 30 * 24 * 60;

/// Every kind × priority with the SLA that applies now, from one read of
/// the administrators' rows.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<SlaPolicyView>, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    let rows = sla_policy::Entity::find().all(db).await?;
    let mut out = Vec::new();
    for &kind in TicketKind::ALL {
        for &priority in TicketPriority::ALL {
            let row = rows
                .iter()
                .find(|r| r.kind == kind.as_str() && r.priority == priority.as_str());
            out.push(view(kind, priority, row));
        }
    }
    Ok(out)
}

async fn read_view(
    db: &impl ConnectionTrait,
    kind: TicketKind,
    priority: TicketPriority,
) -> Result<SlaPolicyView, DomainError> {
    let row = policy_row(db, kind, priority).await?;
    Ok(view(kind, priority, row.as_ref()))
}

fn view(
    kind: TicketKind,
    priority: TicketPriority,
    row: Option<&sla_policy::Model>,
) -> SlaPolicyView {
    let p = policy_or_default(kind, priority, row);
    SlaPolicyView {
        kind,
        priority,
        first_response_minutes: p.first_response_minutes,
        resolution_minutes: p.resolution_minutes,
        business_hours: p.business_hours,
        customised: row.is_some(),
    }
}

/// Sets the SLA for `kind` × `priority` (codes), audited.
pub async fn set(
    db: &DatabaseConnection,
    actor: &Actor,
    kind: &str,
    priority: &str,
    update: &SlaPolicyUpdate,
    now: DateTime<Utc>,
) -> Result<SlaPolicyView, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    let kind = TicketKind::parse(kind).ok_or(DomainError::NotFound)?;
    let priority = TicketPriority::parse(priority).ok_or(DomainError::NotFound)?;
    let mut errors = Vec::new();
    if !FIRST_RESPONSE_RANGE.contains(&update.first_response_minutes) {
        errors.push(FieldError {
            field: "first_response_minutes",
            code: "out_of_range",
        });
    }
    if update.resolution_minutes < update.first_response_minutes.max(5)
        || update.resolution_minutes > RESOLUTION_MAX
    {
        errors.push(FieldError {
            field: "resolution_minutes",
            code: "out_of_range",
        });
    }
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    let tx = begin_write(db).await?;
    let before = read_view(&tx, kind, priority).await?;
    sla_policy::Entity::insert(sla_policy::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        priority: Set(priority.as_str().to_owned()),
        first_response_minutes: Set(update.first_response_minutes as i32),
        resolution_minutes: Set(update.resolution_minutes as i32),
        business_hours: Set(update.business_hours),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([sla_policy::Column::Kind, sla_policy::Column::Priority])
            .update_columns([
                sla_policy::Column::FirstResponseMinutes,
                sla_policy::Column::ResolutionMinutes,
                sla_policy::Column::BusinessHours,
                sla_policy::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(&tx)
    .await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "sla_policy.update",
            entity: "sla_policy",
            entity_id: format!("{}.{}", kind.as_str(), priority.as_str()),
            before: Some(serde_json::json!({
                "first_response_minutes": before.first_response_minutes,
                "resolution_minutes": before.resolution_minutes,
                "business_hours": before.business_hours,
            })),
            after: Some(serde_json::json!({
                "first_response_minutes": update.first_response_minutes,
                "resolution_minutes": update.resolution_minutes,
                "business_hours": update.business_hours,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    read_view(db, kind, priority).await
}
