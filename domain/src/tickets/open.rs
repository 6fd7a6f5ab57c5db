//! Opening a ticket: a member for themselves in the portal, or an agent for
//! a customer found by phone (hotline, walk-in, forum).

use super::sla::{self, SlaPolicy};
use super::views::{self, Viewer};
use super::workflow::{self, Step};
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::customers::Scope;
use crate::customers::service::find_in_scope;
use crate::db::begin_write;
use crate::entity::{customer, sla_policy, ticket, unit};
use crate::error::FieldError;
use anju_types::ticket::{TICKET_CATEGORIES, TicketDraft, TicketView};
use anju_types::{Permission, TicketChannel, TicketKind, TicketPriority, TicketStatus};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

/// An agent's ticket for a customer.
#[derive(Debug, Clone, Default)]
pub struct StaffTicketDraft {
    pub customer_id: i64,
    /// `hotline`, `walk_in`, `forum` or `portal`.
    pub channel: String,
    /// `urgent`, `high`, `normal` (default) or `low`.
    pub priority: Option<String>,
    pub ticket: TicketDraft,
}

struct Valid {
    kind: TicketKind,
    category: String,
    title: String,
    description: String,
    unit_id: Option<i64>,
}

const TITLE_MAX: usize = 120;
const DESCRIPTION_MAX: usize = 2000;

async fn validate(
    db: &impl ConnectionTrait,
    draft: &TicketDraft,
    customer_id: i64,
    errors: &mut Vec<FieldError>,
) -> Result<Option<Valid>, DomainError> {
    let kind = TicketKind::parse(draft.kind.trim());
    if kind.is_none() {
        errors.push(FieldError {
            field: "kind",
            code: "invalid_choice",
        });
    }
    let category = draft.category.trim().to_owned();
    if !TICKET_CATEGORIES
        .iter()
        .any(|(k, c, _, _)| Some(*k) == kind && *c == category)
    {
        errors.push(FieldError {
            field: "category",
            code: "invalid_choice",
        });
    }
    let title = draft.title.trim().to_owned();
    match title.chars().count() {
        0 => errors.push(FieldError {
            field: "title",
            code: "required",
        }),
        n if n > TITLE_MAX => errors.push(FieldError {
            field: "title",
            code: "too_long",
        }),
        _ => {}
    }
    let description = draft.description.trim().to_owned();
    match description.chars().count() {
        0 => errors.push(FieldError {
            field: "description",
            code: "required",
        }),
        n if n > DESCRIPTION_MAX => errors.push(FieldError {
            field: "description",
            code: "too_long",
        }),
        _ => {}
    }
    // Only a unit the customer owns (or has reserved).
    if let Some(unit_id) = draft.unit_id {
        let mine = unit::Entity::find_by_id(unit_id)
            .filter(unit::Column::CustomerId.eq(customer_id))
            .one(db)
            .await?;
        if mine.is_none() {
            errors.push(FieldError {
                field: "unit_id",
                code: "invalid_choice",
            });
        }
    }
    Ok(match kind {
        Some(kind) if errors.is_empty() => Some(Valid {
            kind,
            category,
            title,
            description,
            unit_id: draft.unit_id,
        }),
        _ => None,
    })
}

/// The policy for a kind and priority: the administrator's row, or the
/// built-in default.
pub async fn policy(
    db: &impl ConnectionTrait,
    kind: TicketKind,
    priority: TicketPriority,
) -> Result<SlaPolicy, DomainError> {
    let row = policy_row(db, kind, priority).await?;
    Ok(policy_or_default(kind, priority, row.as_ref()))
}

/// The administrator's row for a kind and priority, if they set one.
pub(crate) async fn policy_row(
    db: &impl ConnectionTrait,
    kind: TicketKind,
    priority: TicketPriority,
) -> Result<Option<sla_policy::Model>, sea_orm::DbErr> {
    sla_policy::Entity::find()
        .filter(sla_policy::Column::Kind.eq(kind.as_str()))
        .filter(sla_policy::Column::Priority.eq(priority.as_str()))
        .one(db)
        .await
}

/// The administrator's row as a policy, or the built-in default without one.
pub(crate) fn policy_or_default(
    kind: TicketKind,
    priority: TicketPriority,
    row: Option<&sla_policy::Model>,
) -> SlaPolicy {
    match row {
        Some(r) => SlaPolicy {
            first_response_minutes: i64::from(r.first_response_minutes),
            resolution_minutes: i64::from(r.resolution_minutes),
            business_hours: r.business_hours,
        },
        None => sla::default_policy(kind, priority),
    }
}

/// The member's own units (reserved, contracted or delivered to them), to
/// say which home a request is about: `(unit id, 楼盘 楼栋 房号)`.
pub async fn member_units(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<(i64, String)>, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let Some(customer_id) = actor.customer_id else {
        return Ok(Vec::new());
    };
    let ids: Vec<i64> = unit::Entity::find()
        .filter(unit::Column::CustomerId.eq(customer_id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let labels = crate::deals::views::unit_labels(db, ids.iter().copied()).await?;
    Ok(ids
        .into_iter()
        .filter_map(|id| Some((id, labels.get(&id)?.0.clone())))
        .collect())
}

/// A member opens a ticket for themselves (channel: portal).
pub async fn open_for_member(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &TicketDraft,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let customer_id = actor.customer_id.ok_or(DomainError::Forbidden)?;
    let id = insert(
        db,
        actor,
        customer_id,
        TicketChannel::Portal,
        TicketPriority::Normal,
        draft,
        now,
    )
    .await?;
    views::get(db, &Viewer::Member(customer_id), id, now).await
}

/// An agent opens a ticket for a customer (found by phone beforehand).
pub async fn open_for_customer(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &StaffTicketDraft,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    find_in_scope(db, &Scope::of(actor), draft.customer_id).await?;
    let mut errors = Vec::new();
    let channel = TicketChannel::parse(draft.channel.trim()).unwrap_or_else(|| {
        errors.push(FieldError {
            field: "channel",
            code: "invalid_choice",
        });
        TicketChannel::Hotline
    });
    let priority = match draft.priority.as_deref().map(str::trim) {
        None | Some("") => TicketPriority::Normal,
        Some(p) => TicketPriority::parse(p).unwrap_or_else(|| {
            errors.push(FieldError {
                field: "priority",
                code: "invalid_choice",
            });
            TicketPriority::Normal
        }),
    };
    if !errors.is_empty() {
        // Report these together with the ticket fields' errors.
        validate(db, &draft.ticket, draft.customer_id, &mut errors).await?;
        return Err(DomainError::Validation(errors));
    }
    let id = insert(
        db,
        actor,
        draft.customer_id,
        channel,
        priority,
        &draft.ticket,
        now,
    )
    .await?;
    views::get(db, &Viewer::Staff(actor.clone()), id, now).await
}

/// An agent opens a ticket for whoever is calling, found by their mobile
/// number (hotline, walk-in, forum): `mobile` `invalid_mobile` or
/// `not_found` (register the caller first) as field errors.
pub async fn open_for_caller(
    db: &DatabaseConnection,
    actor: &Actor,
    mobile: &str,
    draft: &StaffTicketDraft,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    let mobile = anju_types::MobilePhone::parse(mobile)
        .map_err(|_| DomainError::field("mobile", "invalid_mobile"))?;
    let caller = customer::Entity::find()
        .filter(customer::Column::Mobile.eq(mobile.as_str()))
        .filter(customer::Column::MergedIntoId.is_null())
        .filter(Scope::of(actor).condition())
        .one(db)
        .await?
        .ok_or(DomainError::field("mobile", "not_found"))?;
    let draft = StaffTicketDraft {
        customer_id: caller.id,
        ..draft.clone()
    };
    open_for_customer(db, actor, &draft, now).await
}

async fn insert(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: i64,
    channel: TicketChannel,
    priority: TicketPriority,
    draft: &TicketDraft,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let mut errors = Vec::new();
    let valid = validate(db, draft, customer_id, &mut errors).await?;
    let Some(v) = valid else {
        return Err(DomainError::Validation(errors));
    };
    // The customer must exist and not be a merged tombstone.
    customer::Entity::find_by_id(customer_id)
        .filter(customer::Column::MergedIntoId.is_null())
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let p = policy(db, v.kind, priority).await?;
    let first = sla::first_response_minutes(&p, channel);
    let tx = begin_write(db).await?;
    let t = ticket::ActiveModel {
        customer_id: Set(customer_id),
        unit_id: Set(v.unit_id),
        kind: Set(v.kind.as_str().to_owned()),
        category: Set(v.category),
        title: Set(v.title),
        description: Set(v.description),
        channel: Set(channel.as_str().to_owned()),
        priority: Set(priority.as_str().to_owned()),
        status: Set(TicketStatus::Received.as_str().to_owned()),
        // An agent who takes a call owns the ticket from the start.
        agent_user_id: Set(auth::can(actor, Permission::HandleTickets).then_some(actor.user_id)),
        created_by: Set(Some(actor.user_id)),
        defect_tag: Set(None),
        first_response_warn_at: Set(sla::warn_at(now, first, p.business_hours)),
        first_response_due_at: Set(sla::add_minutes(now, first, p.business_hours)),
        resolution_warn_at: Set(sla::warn_at(now, p.resolution_minutes, p.business_hours)),
        resolution_due_at: Set(sla::add_minutes(
            now,
            p.resolution_minutes,
            p.business_hours,
        )),
        business_hours: Set(p.business_hours),
        first_responded_at: Set(None),
        resolved_at: Set(None),
        closed_at: Set(None),
        paused_at: Set(None),
        rating: Set(None),
        revisit_comment: Set(None),
        revisited_at: Set(None),
        reopen_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    workflow::record(
        &tx,
        &t,
        Step {
            kind: "received",
            public: true,
            note: None,
            department_id: None,
            actor_user_id: Some(actor.user_id),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(t.id)
}
