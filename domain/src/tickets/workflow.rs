//! Moving tickets: dispatch to departments, accept and finish sub-tasks,
//! resolve, confirm, close, reopen, revisit, notes and defect tags. Each
//! step checks [`TicketStatus::after`], then updates only if the ticket is
//! still in the status it was read in — otherwise 409, nothing changed.

use super::sla;
use super::views::{self, Viewer, find_for};
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::entity::{customer, department, ticket, ticket_event, ticket_task, user};
use crate::notifications;
use crate::outbox;
use anju_types::ticket::{TicketView, ticket_number};
use anju_types::{DefectTag, NotificationKind, Permission, TaskStatus, TicketAction, TicketStatus};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QuerySelect, Set,
};

/// The outbox topic for every public step (in-app and SMS notifications
/// are produced from it).
pub const TICKET_UPDATED: &str = "ticket.updated";

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct TicketUpdated {
    pub ticket_id: i64,
    pub customer_id: i64,
    pub step: String,
    pub status: String,
}

/// One timeline entry about to be written.
pub(crate) struct Step {
    pub kind: &'static str,
    pub public: bool,
    pub note: Option<String>,
    pub department_id: Option<i64>,
    pub actor_user_id: Option<i64>,
}

/// Appends a timeline step; a public one also goes to the outbox.
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    t: &ticket::Model,
    step: Step,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    ticket_event::ActiveModel {
        ticket_id: Set(t.id),
        kind: Set(step.kind.to_owned()),
        public: Set(step.public),
        note: Set(step.note),
        department_id: Set(step.department_id),
        actor_user_id: Set(step.actor_user_id),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if step.public {
        outbox::emit(
            db,
            TICKET_UPDATED,
            &TicketUpdated {
                ticket_id: t.id,
                customer_id: t.customer_id,
                step: step.kind.to_owned(),
                status: t.status.clone(),
            },
            now,
        )
        .await?;
        tell_customer(db, t, step.kind, step.actor_user_id, now).await?;
    }
    Ok(())
}

/// The customer hears of a public step: in the portal (unless they took it
/// themselves), and by SMS when their request is received or awaits their
/// confirmation.
async fn tell_customer(
    db: &impl ConnectionTrait,
    t: &ticket::Model,
    step: &str,
    actor_user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let members: Vec<i64> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::CustomerId.eq(t.customer_id))
        .filter(user::Column::Active.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    notifications::notify(
        db,
        members.into_iter().filter(|id| Some(*id) != actor_user_id),
        NotificationKind::TicketStep,
        Some(t.id),
        step,
        now,
    )
    .await?;
    let sms = match step {
        "received" => "已受理，可在安居会员中心查看进度",
        "resolved" => "已处理完成，请在安居会员中心确认或重新打开",
        _ => return Ok(()),
    };
    if let Some(c) = customer::Entity::find_by_id(t.customer_id).one(db).await? {
        let number = ticket_number(crate::business_date(t.created_at).year(), t.id);
        notifications::queue_sms(
            db,
            c.id,
            &c.mobile,
            format!("【安居】您的服务单 {number} {sms}。"),
            now,
        )
        .await?;
    }
    Ok(())
}

fn status_of(t: &ticket::Model) -> TicketStatus {
    TicketStatus::parse(&t.status).unwrap_or(TicketStatus::Received)
}

/// Applies `action` to `t` inside `tx`: the new status plus `changes`,
/// only if nobody moved the ticket since it was read.
async fn transition(
    tx: &impl ConnectionTrait,
    t: &ticket::Model,
    action: TicketAction,
    now: DateTime<Utc>,
    changes: impl FnOnce(&mut ticket::ActiveModel),
) -> Result<ticket::Model, DomainError> {
    let from = status_of(t);
    let to = from
        .after(action)
        .ok_or(DomainError::Conflict("ticket_step_not_allowed"))?;
    let mut am = t.clone().into_active_model();
    am.status = Set(to.as_str().to_owned());
    am.updated_at = Set(now);
    changes(&mut am);
    let done = ticket::Entity::update_many()
        .set(am)
        .filter(ticket::Column::Id.eq(t.id))
        .filter(ticket::Column::Status.eq(from.as_str()))
        .filter(ticket::Column::UpdatedAt.eq(t.updated_at))
        .exec(tx)
        .await?;
    if done.rows_affected == 0 {
        return Err(DomainError::Conflict("ticket_changed"));
    }
    let t = ticket::Entity::find_by_id(t.id)
        .one(tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if to == TicketStatus::Closed {
        // The revisit survey, if marketing runs one, follows every closed ticket.
        crate::marketing::surveys::invite_after_ticket(tx, &t, now).await?;
    }
    Ok(t)
}

/// Stops the SLA clock (awaiting the customer).
fn pause(am: &mut ticket::ActiveModel, now: DateTime<Utc>) {
    am.paused_at = Set(Some(now));
    am.resolved_at = Set(Some(now));
}

/// Restarts the clock: every due time moves back by the pause.
fn resume(t: &ticket::Model, am: &mut ticket::ActiveModel, now: DateTime<Utc>) {
    if let Some(paused) = t.paused_at {
        let bh = t.business_hours;
        let stood = sla::minutes_between(paused, now, bh);
        am.paused_minutes = Set(t
            .paused_minutes
            .saturating_add(stood.min(i32::MAX as i64) as i32));
        let shift = |d| sla::extend(d, paused, now, bh);
        am.first_response_warn_at = Set(shift(t.first_response_warn_at));
        am.first_response_due_at = Set(shift(t.first_response_due_at));
        am.resolution_warn_at = Set(shift(t.resolution_warn_at));
        am.resolution_due_at = Set(shift(t.resolution_due_at));
    }
    am.paused_at = Set(None);
    am.resolved_at = Set(None);
    am.closed_at = Set(None);
}

/// The first thing staff do for the customer stops the first-response clock.
fn responded(t: &ticket::Model, am: &mut ticket::ActiveModel, now: DateTime<Utc>) {
    if t.first_responded_at.is_none() {
        am.first_responded_at = Set(Some(now));
    }
}

fn clean_note(note: Option<&str>) -> Result<Option<String>, DomainError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    match note {
        Some(n) if n.chars().count() > 2000 => Err(DomainError::field("note", "too_long")),
        n => Ok(n.map(str::to_owned)),
    }
}

/// An agent sends the ticket to a department (one sub-task per department
/// and dispatch; several departments may work at once).
pub async fn dispatch(
    db: &DatabaseConnection,
    actor: &Actor,
    ticket_id: i64,
    department_code: &str,
    instructions: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    let instructions = clean_note(instructions)?;
    let dept = department::Entity::find()
        .filter(department::Column::Code.eq(department_code.trim()))
        .one(db)
        .await?
        .ok_or(DomainError::field("department", "invalid_choice"))?;
    let tx = begin_write(db).await?;
    let t = find_for(&tx, &Viewer::Staff(actor.clone()), ticket_id).await?;
    let busy = ticket_task::Entity::find()
        .filter(ticket_task::Column::TicketId.eq(t.id))
        .filter(ticket_task::Column::DepartmentId.eq(dept.id))
        .filter(ticket_task::Column::Status.ne(TaskStatus::Done.as_str()))
        .count(&tx)
        .await?;
    if busy > 0 {
        return Err(DomainError::Conflict("department_already_dispatched"));
    }
    let t = transition(&tx, &t, TicketAction::Dispatch, now, |am| {
        responded(&t, am, now);
        if t.agent_user_id.is_none() {
            am.agent_user_id = Set(Some(actor.user_id));
        }
    })
    .await?;
    ticket_task::ActiveModel {
        ticket_id: Set(t.id),
        department_id: Set(dept.id),
        status: Set(TaskStatus::Dispatched.as_str().to_owned()),
        handler_user_id: Set(None),
        instructions: Set(instructions),
        result: Set(None),
        dispatched_at: Set(now),
        accepted_at: Set(None),
        done_at: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    record(
        &tx,
        &t,
        Step {
            kind: "dispatched",
            public: true,
            note: None,
            department_id: Some(dept.id),
            actor_user_id: Some(actor.user_id),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    views::get(db, &Viewer::Staff(actor.clone()), ticket_id, now).await
}

/// A sub-task of the actor's department, or 404.
async fn own_task(
    db: &impl ConnectionTrait,
    actor: &Actor,
    task_id: i64,
) -> Result<ticket_task::Model, DomainError> {
    auth::require(actor, Permission::WorkDepartmentTasks)?;
    let dept = actor.department_id.ok_or(DomainError::NotFound)?;
    ticket_task::Entity::find_by_id(task_id)
        .filter(ticket_task::Column::DepartmentId.eq(dept))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Moves a sub-task from `from` to `to`, only if it is still in `from`.
async fn move_task(
    tx: &impl ConnectionTrait,
    task: &ticket_task::Model,
    from: TaskStatus,
    to: TaskStatus,
    set: impl FnOnce(&mut ticket_task::ActiveModel),
) -> Result<(), DomainError> {
    if task.status != from.as_str() {
        return Err(DomainError::Conflict("task_step_not_allowed"));
    }
    let mut am = task.clone().into_active_model();
    am.status = Set(to.as_str().to_owned());
    set(&mut am);
    let done = ticket_task::Entity::update_many()
        .set(am)
        .filter(ticket_task::Column::Id.eq(task.id))
        .filter(ticket_task::Column::Status.eq(from.as_str()))
        .exec(tx)
        .await?;
    if done.rows_affected == 0 {
        return Err(DomainError::Conflict("task_step_not_allowed"));
    }
    Ok(())
}

/// A handler accepts their department's sub-task: the ticket is 处理中.
pub async fn accept_task(
    db: &DatabaseConnection,
    actor: &Actor,
    task_id: i64,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    let task = own_task(db, actor, task_id).await?;
    let tx = begin_write(db).await?;
    move_task(
        &tx,
        &task,
        TaskStatus::Dispatched,
        TaskStatus::Accepted,
        |am| {
            am.handler_user_id = Set(Some(actor.user_id));
            am.accepted_at = Set(Some(now));
        },
    )
    .await?;
    let t = ticket::Entity::find_by_id(task.ticket_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let t = transition(&tx, &t, TicketAction::Accept, now, |am| {
        responded(&t, am, now)
    })
    .await?;
    record(
        &tx,
        &t,
        Step {
            kind: "accepted",
            public: true,
            note: None,
            department_id: Some(task.department_id),
            actor_user_id: Some(actor.user_id),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    views::get(db, &Viewer::Staff(actor.clone()), task.ticket_id, now).await
}

/// A handler finishes their sub-task with a note for the customer. When it
/// was the last open one the ticket waits for the customer's confirmation.
pub async fn finish_task(
    db: &DatabaseConnection,
    actor: &Actor,
    task_id: i64,
    result: &str,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    let task = own_task(db, actor, task_id).await?;
    let result = clean_note(Some(result))?.ok_or(DomainError::field("note", "required"))?;
    let tx = begin_write(db).await?;
    move_task(&tx, &task, TaskStatus::Accepted, TaskStatus::Done, |am| {
        am.result = Set(Some(result.clone()));
        am.done_at = Set(Some(now));
    })
    .await?;
    let t = ticket::Entity::find_by_id(task.ticket_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    record(
        &tx,
        &t,
        Step {
            kind: "task_done",
            public: true,
            note: Some(result),
            department_id: Some(task.department_id),
            actor_user_id: Some(actor.user_id),
        },
        now,
    )
    .await?;
    let open_tasks = ticket_task::Entity::find()
        .filter(ticket_task::Column::TicketId.eq(t.id))
        .filter(ticket_task::Column::Status.ne(TaskStatus::Done.as_str()))
        .count(&tx)
        .await?;
    if open_tasks == 0 {
        let t = transition(&tx, &t, TicketAction::Resolve, now, |am| pause(am, now)).await?;
        record(
            &tx,
            &t,
            Step {
                kind: "resolved",
                public: true,
                note: None,
                department_id: None,
                actor_user_id: Some(actor.user_id),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    views::get(db, &Viewer::Staff(actor.clone()), task.ticket_id, now).await
}

/// Agent steps: `resolve` (answered without a department), `close`
/// (confirmed by phone), `reopen`.
pub async fn agent_act(
    db: &DatabaseConnection,
    actor: &Actor,
    ticket_id: i64,
    action: TicketAction,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    if !matches!(
        action,
        TicketAction::Resolve | TicketAction::Close | TicketAction::Reopen
    ) {
        return Err(DomainError::field("action", "invalid_choice"));
    }
    let note = clean_note(note)?;
    let viewer = Viewer::Staff(actor.clone());
    step(
        db,
        &viewer,
        Some(actor.user_id),
        ticket_id,
        action,
        note,
        now,
    )
    .await?;
    views::get(db, &viewer, ticket_id, now).await
}

/// Member steps on their own ticket: `confirm` the fix or `reopen` it.
pub async fn member_act(
    db: &DatabaseConnection,
    actor: &Actor,
    ticket_id: i64,
    action: TicketAction,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let customer_id = actor.customer_id.ok_or(DomainError::NotFound)?;
    let viewer = Viewer::Member(customer_id);
    // Someone else's ticket is not found, whatever the request says.
    find_for(db, &viewer, ticket_id).await?;
    if !matches!(action, TicketAction::Confirm | TicketAction::Reopen) {
        return Err(DomainError::field("action", "invalid_choice"));
    }
    let note = clean_note(note)?;
    step(
        db,
        &viewer,
        Some(actor.user_id),
        ticket_id,
        action,
        note,
        now,
    )
    .await?;
    views::get(db, &viewer, ticket_id, now).await
}

async fn step(
    db: &DatabaseConnection,
    viewer: &Viewer,
    by: Option<i64>,
    ticket_id: i64,
    action: TicketAction,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let tx = begin_write(db).await?;
    let t = find_for(&tx, viewer, ticket_id).await?;
    let (t, kind) = match action {
        TicketAction::Resolve => (
            transition(&tx, &t, action, now, |am| {
                responded(&t, am, now);
                pause(am, now);
            })
            .await?,
            "resolved",
        ),
        TicketAction::Confirm | TicketAction::Close => (
            transition(&tx, &t, action, now, |am| am.closed_at = Set(Some(now))).await?,
            if action == TicketAction::Confirm {
                "confirmed"
            } else {
                "closed"
            },
        ),
        TicketAction::Reopen => (
            transition(&tx, &t, action, now, |am| {
                resume(&t, am, now);
                am.reopen_count = Set(t.reopen_count + 1);
            })
            .await?,
            "reopened",
        ),
        _ => return Err(DomainError::field("action", "invalid_choice")),
    };
    record(
        &tx,
        &t,
        Step {
            kind,
            public: true,
            note,
            department_id: None,
            actor_user_id: by,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The revisit (回访) after closing: rating 1–5 and a comment, by the member
/// in the portal or an agent who called them.
pub async fn revisit(
    db: &DatabaseConnection,
    actor: &Actor,
    ticket_id: i64,
    rating: i32,
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    let viewer = if auth::can(actor, Permission::HandleTickets) {
        Viewer::Staff(actor.clone())
    } else {
        auth::require(actor, Permission::UsePortal)?;
        Viewer::Member(actor.customer_id.ok_or(DomainError::NotFound)?)
    };
    if !(1..=5).contains(&rating) {
        return Err(DomainError::field("rating", "out_of_range"));
    }
    let comment = clean_note(comment)?;
    let tx = begin_write(db).await?;
    let t = find_for(&tx, &viewer, ticket_id).await?;
    let t = transition(&tx, &t, TicketAction::Revisit, now, |am| {
        am.rating = Set(Some(rating));
        am.revisit_comment = Set(comment.clone());
        am.revisited_at = Set(Some(now));
    })
    .await?;
    record(
        &tx,
        &t,
        Step {
            kind: "revisited",
            public: true,
            note: None,
            department_id: None,
            actor_user_id: Some(actor.user_id),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    views::get(db, &viewer, ticket_id, now).await
}

/// A note on the timeline: public (the member sees it) or internal.
pub async fn add_note(
    db: &DatabaseConnection,
    actor: &Actor,
    ticket_id: i64,
    note: &str,
    public: bool,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    // Agents and the departments' handlers write notes; nobody else learns
    // whether the ticket exists.
    if !auth::can(actor, Permission::HandleTickets) {
        auth::require(actor, Permission::WorkDepartmentTasks)?;
    }
    let viewer = Viewer::Staff(actor.clone());
    let note = clean_note(Some(note))?.ok_or(DomainError::field("note", "required"))?;
    let tx = begin_write(db).await?;
    let t = find_for(&tx, &viewer, ticket_id).await?;
    if public {
        // A public note is a response to the customer.
        if t.first_responded_at.is_none() {
            ticket::Entity::update_many()
                .col_expr(ticket::Column::FirstRespondedAt, Expr::value(now))
                .filter(ticket::Column::Id.eq(t.id))
                .filter(ticket::Column::FirstRespondedAt.is_null())
                .exec(&tx)
                .await?;
        }
    }
    record(
        &tx,
        &t,
        Step {
            kind: "note",
            public,
            note: Some(note),
            department_id: actor
                .department_id
                .filter(|_| !auth::can(actor, Permission::HandleTickets)),
            actor_user_id: Some(actor.user_id),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    views::get(db, &viewer, ticket_id, now).await
}

/// Tags the ticket as a product defect for the feedback report (or clears it).
pub async fn tag_defect(
    db: &DatabaseConnection,
    actor: &Actor,
    ticket_id: i64,
    tag: Option<DefectTag>,
    now: DateTime<Utc>,
) -> Result<TicketView, DomainError> {
    auth::require(actor, Permission::HandleTickets)?;
    let viewer = Viewer::Staff(actor.clone());
    let t = find_for(db, &viewer, ticket_id).await?;
    let mut am = t.into_active_model();
    am.defect_tag = Set(tag.map(|t| t.as_str().to_owned()));
    am.update(db).await?;
    views::get(db, &viewer, ticket_id, now).await
}
