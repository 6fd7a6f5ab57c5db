//! Reading tickets. Who sees what: a member their own tickets with the
//! public timeline only (no staff names, phones or internal notes); an agent
//! every ticket in full; a handler the tickets their department has a
//! sub-task on. Anything else is 404.

use crate::DomainError;
use crate::auth::{self, Actor};
use crate::db::names_by_id;
use crate::deals::views::unit_labels;
use crate::entity::{customer, department, ticket, ticket_event, ticket_task, user};
use anju_types::ticket::{
    DepartmentTask, SlaView, TaskView, TicketPage, TicketSummary, TicketView, TimelineStep,
    ticket_number,
};
use anju_types::{
    DefectTag, Permission, TaskStatus, TicketChannel, TicketKind, TicketPriority, TicketStatus,
};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

/// Who is looking, which decides what they may see.
#[derive(Debug, Clone)]
pub enum Viewer {
    Member(i64),
    Staff(Actor),
}

/// Lists are short pages; the inbox shows the most urgent first.
const PAGE: u64 = 50;

/// The ticket if the viewer may see it, else 404.
pub(crate) async fn find_for(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i64,
) -> Result<ticket::Model, DomainError> {
    let t = ticket::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let allowed = match viewer {
        Viewer::Member(customer_id) => t.customer_id == *customer_id,
        Viewer::Staff(actor) if auth::can(actor, Permission::HandleTickets) => true,
        Viewer::Staff(actor) if auth::can(actor, Permission::WorkDepartmentTasks) => {
            match actor.department_id {
                Some(dept) => ticket_task::Entity::find()
                    .filter(ticket_task::Column::TicketId.eq(t.id))
                    .filter(ticket_task::Column::DepartmentId.eq(dept))
                    .one(db)
                    .await?
                    .is_some(),
                None => false,
            }
        }
        Viewer::Staff(_) => false,
    };
    if allowed {
        Ok(t)
    } else {
        Err(DomainError::NotFound)
    }
}

pub(crate) fn sla_of(t: &ticket::Model, now: DateTime<Utc>) -> Option<SlaView> {
    let status = TicketStatus::parse(&t.status)?;
    let paused = status == TicketStatus::AwaitingConfirmation;
    if !status.is_open() && !paused {
        return None;
    }
    let (target, due_at) = if t.first_responded_at.is_none() {
        ("first_response", t.first_response_due_at)
    } else {
        ("resolution", t.resolution_due_at)
    };
    // While paused, "overdue" is judged at the moment the clock stopped.
    let at = t.paused_at.unwrap_or(now);
    Some(SlaView {
        target: target.to_owned(),
        due_at,
        paused,
        overdue: at > due_at,
        remaining_minutes: (due_at - at).num_minutes(),
    })
}

fn number(t: &ticket::Model) -> String {
    ticket_number(crate::business_date(t.created_at).year(), t.id)
}

pub(crate) async fn get(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i64,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    let t = find_for(db, viewer, id).await?;
    let staff = matches!(viewer, Viewer::Staff(_));
    let mut events = ticket_event::Entity::find()
        .filter(ticket_event::Column::TicketId.eq(t.id))
        .order_by_asc(ticket_event::Column::Id);
    if !staff {
        events = events.filter(ticket_event::Column::Public.eq(true));
    }
    let events = events.all(db).await?;
    let tasks = if staff {
        ticket_task::Entity::find()
            .filter(ticket_task::Column::TicketId.eq(t.id))
            .order_by_asc(ticket_task::Column::Id)
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let departments = names_by_id::<department::Entity>(
        db,
        department::Column::Id,
        department::Column::Name,
        events
            .iter()
            .filter_map(|e| e.department_id)
            .chain(tasks.iter().map(|k| k.department_id))
            .collect::<Vec<_>>(),
    )
    .await?;
    let handlers = names_by_id::<user::Entity>(
        db,
        user::Column::Id,
        user::Column::DisplayName,
        tasks
            .iter()
            .filter_map(|k| k.handler_user_id)
            .collect::<Vec<_>>(),
    )
    .await?;
    let customer_name = customer::Entity::find_by_id(t.customer_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let unit_label = match t.unit_id {
        Some(u) => unit_labels(db, [u]).await?.remove(&u).map(|(l, _)| l),
        None => None,
    };
    Ok(TicketView {
        id: t.id,
        number: number(&t),
        kind: TicketKind::parse(&t.kind).unwrap_or(TicketKind::Inquiry),
        category: t.category.clone(),
        title: t.title.clone(),
        description: t.description.clone(),
        channel: TicketChannel::parse(&t.channel).unwrap_or(TicketChannel::Portal),
        priority: TicketPriority::parse(&t.priority).unwrap_or(TicketPriority::Normal),
        status: TicketStatus::parse(&t.status).unwrap_or(TicketStatus::Received),
        unit_label,
        customer_name,
        created_at: t.created_at,
        sla: sla_of(&t, now),
        timeline: events
            .into_iter()
            .map(|e| TimelineStep {
                at: e.at,
                kind: e.kind,
                department: e.department_id.and_then(|d| departments.get(&d).cloned()),
                note: e.note,
                public: e.public,
            })
            .collect(),
        tasks: tasks
            .into_iter()
            .map(|k| TaskView {
                id: k.id,
                department: departments
                    .get(&k.department_id)
                    .cloned()
                    .unwrap_or_default(),
                status: TaskStatus::parse(&k.status).unwrap_or(TaskStatus::Dispatched),
                handler: k.handler_user_id.and_then(|h| handlers.get(&h).cloned()),
                instructions: k.instructions,
                result: k.result,
                dispatched_at: k.dispatched_at,
                done_at: k.done_at,
            })
            .collect(),
        defect_tag: t.defect_tag.as_deref().and_then(DefectTag::parse),
        rating: t.rating,
        revisit_comment: t.revisit_comment,
        photos: super::photos::list(db, t.id).await?,
    })
}

async fn summaries(
    db: &impl ConnectionTrait,
    rows: Vec<ticket::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<TicketSummary>, DomainError> {
    let names = names_by_id::<customer::Entity>(
        db,
        customer::Column::Id,
        customer::Column::Name,
        rows.iter().map(|t| t.customer_id).collect::<Vec<_>>(),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|t| TicketSummary {
            id: t.id,
            number: number(&t),
            kind: TicketKind::parse(&t.kind).unwrap_or(TicketKind::Inquiry),
            title: t.title.clone(),
            status: TicketStatus::parse(&t.status).unwrap_or(TicketStatus::Received),
            priority: TicketPriority::parse(&t.priority).unwrap_or(TicketPriority::Normal),
            customer_name: names.get(&t.customer_id).cloned().unwrap_or_default(),
            created_at: t.created_at,
            sla: sla_of(&t, now),
        })
        .collect())
}

/// A member's ticket with the public timeline.
pub async fn member_get(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let customer_id = actor.customer_id.ok_or(DomainError::NotFound)?;
    get(db, &Viewer::Member(customer_id), id, now).await
}

/// A member's tickets, newest first.
pub async fn member_list(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<TicketSummary>, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let customer_id = actor.customer_id.ok_or(DomainError::Forbidden)?;
    let rows = ticket::Entity::find()
        .filter(ticket::Column::CustomerId.eq(customer_id))
        .order_by_desc(ticket::Column::Id)
        .limit(PAGE)
        .all(db)
        .await?;
    summaries(db, rows, now).await
}

/// How many of the member's tickets are still open
/// ([`super::still_open_for_member`]).
pub async fn member_open_count(db: &DatabaseConnection, actor: &Actor) -> Result<u64, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let customer_id = actor.customer_id.ok_or(DomainError::Forbidden)?;
    Ok(ticket::Entity::find()
        .filter(ticket::Column::CustomerId.eq(customer_id))
        .filter(super::still_open_for_member())
        .count(db)
        .await?)
}

/// A ticket as staff see it (agents: any; handlers: their department's).
pub async fn staff_get(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    if !auth::can(actor, Permission::WorkDepartmentTasks) {
        auth::require(actor, Permission::HandleTickets)?;
    }
    get(db, &Viewer::Staff(actor.clone()), id, now).await
}

/// Where the next inbox page starts: after this deadline and id.
fn parse_cursor(cursor: &str) -> Option<(DateTime<Utc>, i64)> {
    let (micros, id) = cursor.split_once('_')?;
    let at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
    Some((at, id.parse().ok()?))
}

/// The agents' inbox: open tickets (or those in `status`), the soonest
/// resolution deadline first, a page at a time (`cursor` from the last page).
pub async fn inbox(
    db: &DatabaseConnection,
    actor: &Actor,
    status: Option<TicketStatus>,
    cursor: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TicketPage, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    let mut cond = match status {
        Some(s) => Condition::all().add(ticket::Column::Status.eq(s.as_str())),
        None => Condition::all().add(ticket::Column::Status.is_in([
            TicketStatus::Received.as_str(),
            TicketStatus::Dispatched.as_str(),
            TicketStatus::InProgress.as_str(),
        ])),
    };
    if let Some(c) = cursor.map(str::trim).filter(|c| !c.is_empty()) {
        let (due, id) = parse_cursor(c).ok_or(DomainError::field("cursor", "invalid"))?;
        cond = cond.add(
            Condition::any()
                .add(ticket::Column::ResolutionDueAt.gt(due))
                .add(
                    Condition::all()
                        .add(ticket::Column::ResolutionDueAt.eq(due))
                        .add(ticket::Column::Id.gt(id)),
                ),
        );
    }
    let mut rows = ticket::Entity::find()
        .filter(cond)
        .order_by_asc(ticket::Column::ResolutionDueAt)
        .order_by_asc(ticket::Column::Id)
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let next_cursor = if rows.len() as u64 > PAGE {
        rows.truncate(PAGE as usize);
        rows.last()
            .map(|t| format!("{}_{}", t.resolution_due_at.timestamp_micros(), t.id))
    } else {
        None
    };
    Ok(TicketPage {
        items: summaries(db, rows, now).await?,
        next_cursor,
    })
}

/// A handler's department's sub-tasks that are not done, oldest first,
/// with their tickets.
pub async fn department_tasks(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<DepartmentTask>, DomainError> {
    auth::require(actor, Permission::WorkDepartmentTasks)?;
    let Some(dept) = actor.department_id else {
        return Ok(Vec::new());
    };
    let tasks = ticket_task::Entity::find()
        .filter(ticket_task::Column::DepartmentId.eq(dept))
        .filter(ticket_task::Column::Status.ne(TaskStatus::Done.as_str()))
        .order_by_asc(ticket_task::Column::Id)
        .limit(PAGE)
        .all(db)
        .await?;
    let tickets = ticket::Entity::find()
        .filter(ticket::Column::Id.is_in(tasks.iter().map(|k| k.ticket_id).collect::<Vec<_>>()))
        .all(db)
        .await?;
    let summaries = summaries(db, tickets, now).await?;
    let dept_name = department::Entity::find_by_id(dept)
        .one(db)
        .await?
        .map(|d| d.name)
        .unwrap_or_default();
    let handlers = names_by_id::<user::Entity>(
        db,
        user::Column::Id,
        user::Column::DisplayName,
        tasks
            .iter()
            .filter_map(|k| k.handler_user_id)
            .collect::<Vec<_>>(),
    )
    .await?;
    Ok(tasks
        .into_iter()
        .filter_map(|k| {
            let ticket = summaries.iter().find(|s| s.id == k.ticket_id)?.clone();
            Some(DepartmentTask {
                task: TaskView {
                    id: k.id,
                    department: dept_name.clone(),
                    status: TaskStatus::parse(&k.status).unwrap_or(TaskStatus::Dispatched),
                    handler: k.handler_user_id.and_then(|h| handlers.get(&h).cloned()),
                    instructions: k.instructions,
                    result: k.result,
                    dispatched_at: k.dispatched_at,
                    done_at: k.done_at,
                },
                ticket,
            })
        })
        .collect())
}
