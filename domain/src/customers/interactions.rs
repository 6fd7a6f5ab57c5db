//! Interactions (交互记录): visits, calls, messages … with the next
//! follow-up date that feeds the work queue.

use super::contact_guard::{self, ContactPolicy};
use super::{Scope, service::find_in_scope};
use crate::auth::{self, Actor};
use crate::entity::{interaction, user};
use crate::error::FieldError;
use crate::{DomainError, db::begin_write};
use anju_types::customer::{InteractionDraft, InteractionView, LoggedInteraction};
use anju_types::{InteractionKind, Permission};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

pub async fn log(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: i64,
    draft: &InteractionDraft,
    now: DateTime<Utc>,
) -> Result<LoggedInteraction, DomainError> {
    auth::require(actor, Permission::EditCustomers)?;
    let mut errors = Vec::new();
    let kind = InteractionKind::parse(draft.kind.trim());
    if kind.is_none() {
        errors.push(FieldError {
            field: "kind",
            code: "invalid_choice",
        });
    }
    let notes = draft.notes.trim().to_owned();
    if notes.chars().count() > 4000 {
        errors.push(FieldError {
            field: "notes",
            code: "too_long",
        });
    }
    let occurred_at = draft.occurred_at.unwrap_or(now);
    if occurred_at > now + chrono::Duration::minutes(5) {
        errors.push(FieldError {
            field: "occurred_at",
            code: "in_the_future",
        });
    }
    let next = match draft.next_follow_up_on.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if d >= crate::business_date(now) => Some(d),
            Ok(_) => {
                errors.push(FieldError {
                    field: "next_follow_up_on",
                    code: "in_the_past",
                });
                None
            }
            Err(_) => {
                errors.push(FieldError {
                    field: "next_follow_up_on",
                    code: "invalid_date",
                });
                None
            }
        },
    };
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Err(DomainError::Validation(errors));
    };
    let tx = begin_write(db).await?;
    find_in_scope(&tx, &Scope::of(actor), customer_id).await?;
    // Judged before this contact is counted: the warning is about making it.
    let warnings = if kind.is_outbound() {
        contact_guard::check(
            &tx,
            customer_id,
            ContactPolicy::load(&tx).await?,
            occurred_at,
        )
        .await?
    } else {
        Vec::new()
    };
    let row = interaction::ActiveModel {
        customer_id: Set(customer_id),
        kind: Set(kind.as_str().to_owned()),
        occurred_at: Set(occurred_at),
        staff_user_id: Set(Some(actor.user_id)),
        notes: Set(notes),
        next_follow_up_on: Set(next),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    tx.commit().await?;
    Ok(LoggedInteraction {
        interaction: InteractionView {
            id: row.id,
            kind,
            occurred_at: row.occurred_at,
            staff_name: Some(actor.display_name.clone()),
            notes: row.notes,
            next_follow_up_on: row.next_follow_up_on,
        },
        warnings,
    })
}

/// A customer's interactions, newest first (keyset on id).
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: i64,
    after: Option<i64>,
    limit: u64,
) -> Result<Vec<InteractionView>, DomainError> {
    auth::require(actor, Permission::ViewCustomers)?;
    find_in_scope(db, &Scope::of(actor), customer_id).await?;
    let mut q = interaction::Entity::find()
        .filter(interaction::Column::CustomerId.eq(customer_id))
        .order_by_desc(interaction::Column::Id)
        .limit(limit.clamp(1, 200));
    if let Some(after) = after {
        q = q.filter(interaction::Column::Id.lt(after));
    }
    let rows = q.all(db).await?;
    let mut names = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let staff_name = match r.staff_user_id {
            Some(sid) => {
                if let std::collections::hash_map::Entry::Vacant(e) = names.entry(sid) {
                    e.insert(
                        user::Entity::find_by_id(sid)
                            .one(db)
                            .await?
                            .map(|u| u.display_name),
                    );
                }
                names.get(&sid).cloned().flatten()
            }
            None => None,
        };
        out.push(InteractionView {
            id: r.id,
            kind: InteractionKind::parse(&r.kind).unwrap_or(InteractionKind::Visit),
            occurred_at: r.occurred_at,
            staff_name,
            notes: r.notes,
            next_follow_up_on: r.next_follow_up_on,
        });
    }
    Ok(out)
}
