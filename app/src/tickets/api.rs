//! Server functions for the service desk pages: thin calls into
//! `anju_domain::tickets`, which checks every permission.

use crate::error::AppError;
use anju_types::ticket::{DepartmentTask, TicketPage, TicketSummary, TicketView};
use leptos::prelude::*;

#[server(endpoint = "tickets/mine")]
pub async fn load_my_tickets() -> Result<Vec<TicketSummary>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::tickets::member_list(&svc.db, &actor, svc.clock.now()).await?)
}

/// The member's homes for the request form: (unit id, label).
#[server(endpoint = "tickets/my_units")]
pub async fn load_my_units() -> Result<Vec<(i64, String)>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::tickets::open::member_units(&svc.db, &actor).await?)
}

/// Opens a ticket from the portal form; the kind follows from the category.
#[server(endpoint = "tickets/open_mine", output = crate::plain_text::Text)]
pub async fn open_my_ticket(
    category: String,
    title: String,
    description: String,
    unit_id: Option<String>,
) -> Result<(), AppError> {
    let unit_id = unit_id
        .as_deref()
        .filter(|u| !u.is_empty())
        .map(|u| u.parse::<i64>())
        .transpose()
        .map_err(|_| anju_domain::DomainError::field("unit_id", "invalid_choice"))?;
    let (actor, svc) = crate::session::signed_in().await?;
    let kind = anju_types::ticket::TICKET_CATEGORIES
        .iter()
        .find(|(_, code, _, _)| *code == category)
        .map(|(kind, ..)| kind.as_str().to_owned())
        .unwrap_or_default();
    let draft = anju_types::ticket::TicketDraft {
        kind,
        category,
        title,
        description,
        unit_id,
    };
    let view =
        anju_domain::tickets::open_for_member(&svc.db, &actor, &draft, svc.clock.now()).await?;
    leptos_axum::redirect(&format!("/tickets/{}", view.id));
    Ok(())
}

#[server(endpoint = "tickets/my")]
pub async fn load_my_ticket(id: i64) -> Result<TicketView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::tickets::member_get(&svc.db, &actor, id, svc.clock.now()).await?)
}

/// What the member's page of a request shows changing (status and number of
/// steps), for the page to tell when it moved on (`portal::tickets`).
#[server(endpoint = "tickets/my_progress", output = crate::plain_text::Text)]
pub async fn my_ticket_progress(id: i64) -> Result<String, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let t = anju_domain::tickets::member_get(&svc.db, &actor, id, svc.clock.now()).await?;
    Ok(super::parts::progress_mark(&t))
}

/// `confirm` or `reopen`.
#[server(endpoint = "tickets/my_action")]
pub async fn my_ticket_action(
    id: i64,
    action: String,
    note: Option<String>,
) -> Result<(), AppError> {
    use anju_domain::DomainError;
    let (actor, svc) = crate::session::signed_in().await?;
    let action = anju_types::TicketAction::parse(&action)
        .ok_or(DomainError::field("action", "invalid_choice"))?;
    anju_domain::tickets::member_act(
        &svc.db,
        &actor,
        id,
        action,
        note.as_deref(),
        svc.clock.now(),
    )
    .await?;
    Ok(())
}

#[server(endpoint = "tickets/rate")]
pub async fn rate_ticket(id: i64, rating: i32, comment: Option<String>) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    anju_domain::tickets::revisit(
        &svc.db,
        &actor,
        id,
        rating,
        comment.as_deref(),
        svc.clock.now(),
    )
    .await?;
    Ok(())
}

#[server(endpoint = "tickets/inbox")]
pub async fn load_inbox(
    status: Option<String>,
    cursor: Option<String>,
) -> Result<TicketPage, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let status = status.as_deref().and_then(anju_types::TicketStatus::parse);
    Ok(
        anju_domain::tickets::inbox(&svc.db, &actor, status, cursor.as_deref(), svc.clock.now())
            .await?,
    )
}

#[server(endpoint = "tickets/staff")]
pub async fn load_staff_ticket(id: i64) -> Result<TicketView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::tickets::staff_get(&svc.db, &actor, id, svc.clock.now()).await?)
}

#[server(endpoint = "tickets/dispatch")]
pub async fn dispatch_ticket(
    id: i64,
    department: String,
    instructions: Option<String>,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    anju_domain::tickets::dispatch(
        &svc.db,
        &actor,
        id,
        &department,
        instructions.as_deref(),
        svc.clock.now(),
    )
    .await?;
    Ok(())
}

/// `public` is the checkbox's `on` when ticked.
#[server(endpoint = "tickets/note")]
pub async fn ticket_note(id: i64, note: String, public: Option<String>) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    anju_domain::tickets::add_note(
        &svc.db,
        &actor,
        id,
        &note,
        public.is_some(),
        svc.clock.now(),
    )
    .await?;
    Ok(())
}

/// `resolve`, `close` or `reopen`.
#[server(endpoint = "tickets/agent_action")]
pub async fn agent_ticket_action(
    id: i64,
    action: String,
    note: Option<String>,
) -> Result<(), AppError> {
    use anju_domain::DomainError;
    let (actor, svc) = crate::session::signed_in().await?;
    let action = anju_types::TicketAction::parse(&action)
        .ok_or(DomainError::field("action", "invalid_choice"))?;
    anju_domain::tickets::agent_act(
        &svc.db,
        &actor,
        id,
        action,
        note.as_deref(),
        svc.clock.now(),
    )
    .await?;
    Ok(())
}

#[server(endpoint = "tickets/tasks")]
pub async fn load_tasks() -> Result<Vec<DepartmentTask>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::tickets::department_tasks(&svc.db, &actor, svc.clock.now()).await?)
}

#[server(endpoint = "tickets/accept")]
pub async fn accept_task(task_id: i64) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    anju_domain::tickets::accept_task(&svc.db, &actor, task_id, svc.clock.now()).await?;
    Ok(())
}

#[server(endpoint = "tickets/finish")]
pub async fn finish_task(task_id: i64, note: String) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    anju_domain::tickets::finish_task(&svc.db, &actor, task_id, &note, svc.clock.now()).await?;
    Ok(())
}

/// An agent changes an open ticket's category (hence kind) and priority;
/// its deadlines follow.
#[server(endpoint = "tickets/classify")]
pub async fn classify_ticket(id: i64, category: String, priority: String) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let c = anju_domain::tickets::Classification { category, priority };
    anju_domain::tickets::classify(&svc.db, &actor, id, &c, svc.clock.now()).await?;
    Ok(())
}

/// An agent records a call or visit as a ticket for the caller, found by
/// mobile number; then to the new ticket.
#[server(endpoint = "tickets/open_for_caller")]
pub async fn open_caller_ticket(
    mobile: String,
    channel: String,
    category: String,
    priority: String,
    title: String,
    description: String,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let kind = anju_types::ticket::TICKET_CATEGORIES
        .iter()
        .find(|(_, code, _, _)| *code == category)
        .map(|(kind, ..)| kind.as_str().to_owned())
        .unwrap_or_default();
    let draft = anju_domain::tickets::StaffTicketDraft {
        customer_id: 0,
        channel,
        priority: Some(priority),
        ticket: anju_types::ticket::TicketDraft {
            kind,
            category,
            title,
            description,
            unit_id: None,
        },
    };
    let view =
        anju_domain::tickets::open_for_caller(&svc.db, &actor, &mobile, &draft, svc.clock.now())
            .await?;
    leptos_axum::redirect(&format!("/console/tickets/{}", view.id));
    Ok(())
}

/// Tags (or, with an empty `tag`, clears) a product defect for the
/// design / engineering / property feedback.
#[server(endpoint = "tickets/defect")]
pub async fn tag_ticket_defect(id: i64, tag: String) -> Result<(), AppError> {
    use anju_domain::DomainError;
    let (actor, svc) = crate::session::signed_in().await?;
    let tag = match tag.trim() {
        "" => None,
        t => Some(
            anju_types::DefectTag::parse(t).ok_or(DomainError::field("tag", "invalid_choice"))?,
        ),
    };
    anju_domain::tickets::tag_defect(&svc.db, &actor, id, tag, svc.clock.now()).await?;
    Ok(())
}
