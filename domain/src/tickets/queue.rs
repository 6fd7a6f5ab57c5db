//! Who is responsible for a ticket, and the SLA part of each staff user's
//! work queue. Responsible: the agent who owns it, the handlers working its
//! open sub-tasks, and the heads (部门负责人) of their departments; an
//! unassigned ticket belongs to the whole service desk.

use super::views::sla_of;
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::entity::{department, ticket, ticket_task, user, user_role};
use anju_types::ticket::{SlaQueueItem, ticket_number};
use anju_types::{Permission, Role, TaskStatus, TicketStatus};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::BTreeSet;

const LIMIT: u64 = 50;

/// Open, clock running, and 80 % of a target gone.
pub(crate) fn warning_due(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(
            ticket::Column::Status.is_in(
                [
                    TicketStatus::Received,
                    TicketStatus::Dispatched,
                    TicketStatus::InProgress,
                ]
                .map(|s| s.as_str()),
            ),
        )
        .add(ticket::Column::PausedAt.is_null())
        .add(
            Condition::any()
                .add(
                    Condition::all()
                        .add(ticket::Column::FirstRespondedAt.is_null())
                        .add(ticket::Column::FirstResponseWarnAt.lte(now)),
                )
                .add(ticket::Column::ResolutionWarnAt.lte(now)),
        )
}

/// The users an SLA alert on `t` goes to.
pub async fn responsible_users(
    db: &impl ConnectionTrait,
    t: &ticket::Model,
) -> Result<BTreeSet<i64>, DomainError> {
    let tasks = ticket_task::Entity::find()
        .filter(ticket_task::Column::TicketId.eq(t.id))
        .filter(ticket_task::Column::Status.ne(TaskStatus::Done.as_str()))
        .all(db)
        .await?;
    let mut users: BTreeSet<i64> = t.agent_user_id.into_iter().collect();
    users.extend(tasks.iter().filter_map(|k| k.handler_user_id));
    let mut departments: Vec<i64> = tasks.iter().map(|k| k.department_id).collect();
    if let Some(agent) = t.agent_user_id
        && let Some(u) = user::Entity::find_by_id(agent).one(db).await?
    {
        departments.extend(u.department_id);
    }
    if !departments.is_empty() {
        let heads: Vec<Option<i64>> = department::Entity::find()
            .select_only()
            .column(department::Column::HeadUserId)
            .filter(department::Column::Id.is_in(departments))
            .into_tuple()
            .all(db)
            .await?;
        users.extend(heads.into_iter().flatten());
    }
    if users.is_empty() {
        // Nobody owns it yet: the whole desk hears.
        let agents: Vec<i64> = user_role::Entity::find()
            .select_only()
            .column(user_role::Column::UserId)
            .filter(user_role::Column::Role.eq(Role::ServiceAgent.as_str()))
            .into_tuple()
            .all(db)
            .await?;
        users.extend(agents);
    }
    Ok(users)
}

fn open_tasks_where(cond: Condition) -> SelectStatement {
    Query::select()
        .column(ticket_task::Column::TicketId)
        .from(ticket_task::Entity)
        .and_where(ticket_task::Column::Status.ne(TaskStatus::Done.as_str()))
        .cond_where(cond)
        .to_owned()
}

/// The tickets `actor` answers for whose SLA is at 80 % or breached, the
/// soonest deadline first.
pub async fn sla_items(
    db: &impl ConnectionTrait,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<SlaQueueItem>, DomainError> {
    let headed: Vec<i64> = department::Entity::find()
        .select_only()
        .column(department::Column::Id)
        .filter(department::Column::HeadUserId.eq(actor.user_id))
        .into_tuple()
        .all(db)
        .await?;
    let agent = auth::can(actor, Permission::HandleTickets);
    let handler = auth::can(actor, Permission::WorkDepartmentTasks);
    if !agent && !handler && headed.is_empty() {
        return Ok(Vec::new());
    }
    let mut mine = Condition::any()
        .add(ticket::Column::AgentUserId.eq(actor.user_id))
        .add(ticket::Column::Id.in_subquery(open_tasks_where(
            Condition::all().add(ticket_task::Column::HandlerUserId.eq(actor.user_id)),
        )));
    if agent {
        mine = mine.add(ticket::Column::AgentUserId.is_null());
    }
    if let (true, Some(dept)) = (handler, actor.department_id) {
        mine = mine.add(
            ticket::Column::Id.in_subquery(open_tasks_where(
                Condition::all()
                    .add(ticket_task::Column::HandlerUserId.is_null())
                    .add(ticket_task::Column::DepartmentId.eq(dept)),
            )),
        );
    }
    if !headed.is_empty() {
        mine = mine
            .add(
                ticket::Column::AgentUserId.in_subquery(
                    Query::select()
                        .column(user::Column::Id)
                        .from(user::Entity)
                        .and_where(user::Column::DepartmentId.is_in(headed.clone()))
                        .to_owned(),
                ),
            )
            .add(ticket::Column::Id.in_subquery(open_tasks_where(
                Condition::all().add(ticket_task::Column::DepartmentId.is_in(headed)),
            )));
    }
    let rows = ticket::Entity::find()
        .filter(warning_due(now))
        .filter(mine)
        .order_by_asc(ticket::Column::ResolutionDueAt)
        .order_by_asc(ticket::Column::Id)
        .limit(LIMIT)
        .all(db)
        .await?;
    let mut items: Vec<SlaQueueItem> = rows
        .into_iter()
        .filter_map(|t| {
            Some(SlaQueueItem {
                ticket_id: t.id,
                number: ticket_number(crate::business_date(t.created_at).year(), t.id),
                title: t.title.clone(),
                status: TicketStatus::parse(&t.status)?,
                sla: sla_of(&t, now)?,
            })
        })
        .collect();
    items.sort_by_key(|i| (!i.sla.overdue, i.sla.due_at));
    Ok(items)
}
