//! `/api/v1/me/tickets` (members: their own, public timeline only) and
//! `/api/v1/tickets`, `/api/v1/ticket-tasks` (agents and departments). A
//! step the ticket's status does not allow is 409 with `details.reason`
//! and changes nothing; another member's ticket is 404.

use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::{Path, Query};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::tickets::{self, StaffTicketDraft};
use anju_types::ticket::{
    DepartmentTask, SlaPolicyUpdate, SlaPolicyView, TICKET_CATEGORIES, TicketDraft, TicketPage,
    TicketPhotoView, TicketSummary, TicketView,
};
use anju_types::{DefectTag, Lang, TicketAction, TicketKind, TicketStatus};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Open a ticket for yourself (member). Channel: portal.
#[utoipa::path(post, path = "/api/v1/me/tickets", tag = "tickets", request_body = TicketDraft, security(("bearer" = [])),
    responses(
        (status = 201, description = "Opened, with its number (`TS-2026-000123`) and SLA", body = TicketView),
        (status = 403, description = "Not a member account", body = ErrorBody),
        (status = 422, description = "Invalid fields (`kind`, `category`, `title`, `description`, `unit_id`)", body = ErrorBody),
    ))]
pub async fn open_mine(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(draft): ApiJson<TicketDraft>,
) -> Result<(StatusCode, Json<TicketView>), ApiError> {
    let view =
        tickets::open_for_member(&state.svc.db, &actor, &draft, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// My tickets, newest first.
#[utoipa::path(get, path = "/api/v1/me/tickets", tag = "tickets", security(("bearer" = [])),
    responses(
        (status = 200, description = "Tickets", body = Vec<TicketSummary>),
        (status = 403, description = "Not a member account", body = ErrorBody),
    ))]
pub async fn list_mine(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<TicketSummary>>, ApiError> {
    Ok(Json(
        tickets::member_list(&state.svc.db, &actor, state.svc.clock.now()).await?,
    ))
}

/// One of my tickets with its public timeline and SLA countdown.
#[utoipa::path(get, path = "/api/v1/me/tickets/{id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The ticket", body = TicketView),
        (status = 404, description = "Not one of your tickets", body = ErrorBody),
    ))]
pub async fn get_mine(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::member_get(&state.svc.db, &actor, id, state.svc.clock.now()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ActionRequest {
    /// Members: `confirm` or `reopen`. Agents: `resolve`, `close` or `reopen`.
    pub action: TicketAction,
    pub note: Option<String>,
}

/// Confirm the fix, or reopen the ticket (member).
#[utoipa::path(post, path = "/api/v1/me/tickets/{id}/actions", tag = "tickets", request_body = ActionRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The ticket after the step", body = TicketView),
        (status = 404, description = "Not one of your tickets", body = ErrorBody),
        (status = 409, description = "Not possible in the ticket's status (`ticket_step_not_allowed`)", body = ErrorBody),
        (status = 422, description = "Not a member action", body = ErrorBody),
    ))]
pub async fn act_mine(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ActionRequest>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::member_act(
            &state.svc.db,
            &actor,
            id,
            req.action,
            req.note.as_deref(),
            state.svc.clock.now(),
        )
        .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RevisitRequest {
    /// 1 (very unhappy) … 5 (very happy).
    pub rating: i32,
    pub comment: Option<String>,
}

/// Rate a closed ticket (回访). Members for their own; agents after a call.
#[utoipa::path(post, path = "/api/v1/me/tickets/{id}/revisit", tag = "tickets", request_body = RevisitRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The ticket, 已回访", body = TicketView),
        (status = 404, description = "Not one of your tickets", body = ErrorBody),
        (status = 409, description = "Not closed, or already rated", body = ErrorBody),
        (status = 422, description = "Rating outside 1–5", body = ErrorBody),
    ))]
pub async fn revisit(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<RevisitRequest>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::revisit(
            &state.svc.db,
            &actor,
            id,
            req.rating,
            req.comment.as_deref(),
            state.svc.clock.now(),
        )
        .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct InboxQuery {
    /// One status; default: every open ticket (已受理, 已派单, 处理中).
    pub status: Option<TicketStatus>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The service desk's inbox, the soonest deadline first (agents).
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(InboxQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of tickets", body = TicketPage),
        (status = 403, description = "Not a service agent", body = ErrorBody),
        (status = 422, description = "A malformed `cursor`", body = ErrorBody),
    ))]
pub async fn inbox(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<InboxQuery>,
) -> Result<Json<TicketPage>, ApiError> {
    Ok(Json(
        tickets::inbox(
            &state.svc.db,
            &actor,
            q.status,
            q.cursor.as_deref(),
            state.svc.clock.now(),
        )
        .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct StaffTicketRequest {
    pub customer_id: i64,
    /// `hotline`, `walk_in`, `forum` or `portal`.
    pub channel: String,
    /// `urgent`, `high`, `normal` (default) or `low`.
    pub priority: Option<String>,
    #[serde(flatten)]
    pub ticket: TicketDraft,
}

/// Open a ticket for a customer (agents: hotline, walk-in, forum).
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = StaffTicketRequest, security(("bearer" = [])),
    responses(
        (status = 201, description = "Opened", body = TicketView),
        (status = 403, description = "Not a service agent", body = ErrorBody),
        (status = 404, description = "No such customer", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn open(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(req): ApiJson<StaffTicketRequest>,
) -> Result<(StatusCode, Json<TicketView>), ApiError> {
    let draft = StaffTicketDraft {
        customer_id: req.customer_id,
        channel: req.channel,
        priority: req.priority,
        ticket: req.ticket,
    };
    let view =
        tickets::open_for_customer(&state.svc.db, &actor, &draft, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A ticket in full: tasks, internal notes and SLA alerts too.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The ticket", body = TicketView),
        (status = 404, description = "No such ticket for you (handlers: not your department's)", body = ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::staff_get(&state.svc.db, &actor, id, state.svc.clock.now()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct DispatchRequest {
    /// Department code: `engineering`, `property`, `design` …
    pub department: String,
    pub instructions: Option<String>,
}

/// Send the ticket to a department (a sub-task; several may run at once).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/dispatch", tag = "tickets", request_body = DispatchRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "Dispatched", body = TicketView),
        (status = 409, description = "Not dispatchable now, or that department already has it open (`department_already_dispatched`)", body = ErrorBody),
        (status = 422, description = "Unknown department", body = ErrorBody),
    ))]
pub async fn dispatch(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<DispatchRequest>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::dispatch(
            &state.svc.db,
            &actor,
            id,
            &req.department,
            req.instructions.as_deref(),
            state.svc.clock.now(),
        )
        .await?,
    ))
}

/// Resolve (answered without a department), close or reopen (agents).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/actions", tag = "tickets", request_body = ActionRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The ticket after the step", body = TicketView),
        (status = 409, description = "Not possible in the ticket's status", body = ErrorBody),
        (status = 422, description = "Not an agent action", body = ErrorBody),
    ))]
pub async fn act(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ActionRequest>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::agent_act(
            &state.svc.db,
            &actor,
            id,
            req.action,
            req.note.as_deref(),
            state.svc.clock.now(),
        )
        .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NoteRequest {
    pub note: String,
    /// `true`: the member sees it on the timeline; `false`: internal.
    #[serde(default)]
    pub public: bool,
}

/// Add a public or internal note.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/notes", tag = "tickets", request_body = NoteRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The ticket", body = TicketView),
        (status = 404, description = "No such ticket for you", body = ErrorBody),
        (status = 422, description = "Empty or too long", body = ErrorBody),
    ))]
pub async fn note(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<NoteRequest>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::add_note(
            &state.svc.db,
            &actor,
            id,
            &req.note,
            req.public,
            state.svc.clock.now(),
        )
        .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct DefectRequest {
    /// `design`, `engineering`, `property`, or null to clear.
    pub tag: Option<DefectTag>,
}

/// Tag the ticket as a product defect for the feedback report.
#[utoipa::path(put, path = "/api/v1/tickets/{id}/defect", tag = "tickets", request_body = DefectRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The ticket", body = TicketView),
        (status = 403, description = "Not a service agent", body = ErrorBody),
    ))]
pub async fn defect(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<DefectRequest>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::tag_defect(&state.svc.db, &actor, id, req.tag, state.svc.clock.now()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ClassificationRequest {
    /// A category code; it decides the kind.
    pub category: String,
    /// `urgent`, `high`, `normal` or `low`.
    pub priority: String,
}

/// Re-classify an open ticket; its deadlines are recomputed under the new
/// kind × priority policy.
#[utoipa::path(put, path = "/api/v1/tickets/{id}/classification", tag = "tickets", request_body = ClassificationRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 200, description = "The ticket with its new deadlines", body = TicketView),
        (status = 403, description = "Not a service agent", body = ErrorBody),
        (status = 404, description = "No such ticket", body = ErrorBody),
        (status = 409, description = "No longer open (`ticket_step_not_allowed`)", body = ErrorBody),
        (status = 422, description = "Unknown `category` or `priority`", body = ErrorBody),
    ))]
pub async fn classify(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ClassificationRequest>,
) -> Result<Json<TicketView>, ApiError> {
    let c = tickets::Classification {
        category: req.category,
        priority: req.priority,
    };
    Ok(Json(
        tickets::classify(&state.svc.db, &actor, id, &c, state.svc.clock.now()).await?,
    ))
}

/// My department's open sub-tasks (handlers).
#[utoipa::path(get, path = "/api/v1/ticket-tasks", tag = "tickets", security(("bearer" = [])),
    responses(
        (status = 200, description = "Tasks with their tickets", body = Vec<DepartmentTask>),
        (status = 403, description = "Not a department handler", body = ErrorBody),
    ))]
pub async fn tasks(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<DepartmentTask>>, ApiError> {
    Ok(Json(
        tickets::department_tasks(&state.svc.db, &actor, state.svc.clock.now()).await?,
    ))
}

/// Accept a sub-task of my department: the ticket is 处理中.
#[utoipa::path(post, path = "/api/v1/ticket-tasks/{id}/accept", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Task id")),
    responses(
        (status = 200, description = "The ticket", body = TicketView),
        (status = 404, description = "Not your department's task", body = ErrorBody),
        (status = 409, description = "Already accepted or done", body = ErrorBody),
    ))]
pub async fn accept(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::accept_task(&state.svc.db, &actor, id, state.svc.clock.now()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct FinishRequest {
    /// What was done, shown to the member.
    pub note: String,
}

/// Finish a sub-task with a note; the last one asks the member to confirm.
#[utoipa::path(post, path = "/api/v1/ticket-tasks/{id}/finish", tag = "tickets", request_body = FinishRequest, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Task id")),
    responses(
        (status = 200, description = "The ticket", body = TicketView),
        (status = 404, description = "Not your department's task", body = ErrorBody),
        (status = 409, description = "Not accepted yet, or already done", body = ErrorBody),
        (status = 422, description = "Note missing", body = ErrorBody),
    ))]
pub async fn finish(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<FinishRequest>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        tickets::finish_task(&state.svc.db, &actor, id, &req.note, state.svc.clock.now()).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct CategoryNode {
    pub kind: TicketKind,
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Deserialize, IntoParams)]
pub struct LangQuery {
    /// `zh` (default) or `en` labels.
    pub lang: Option<String>,
}

/// The standard category tree, per kind.
#[utoipa::path(get, path = "/api/v1/ticket-categories", tag = "tickets", params(LangQuery),
    responses((status = 200, description = "Categories", body = Vec<CategoryNode>)))]
pub async fn categories(Query(q): Query<LangQuery>) -> Json<Vec<CategoryNode>> {
    let lang = q.lang.as_deref().map(Lang::from_code).unwrap_or_default();
    Json(
        TICKET_CATEGORIES
            .iter()
            .map(|(kind, code, zh, en)| CategoryNode {
                kind: *kind,
                code,
                label: if lang == Lang::Zh { zh } else { en },
            })
            .collect(),
    )
}

/// The SLA of every kind × priority (admin).
#[utoipa::path(get, path = "/api/v1/sla-policies", tag = "tickets", security(("bearer" = [])),
    responses(
        (status = 200, description = "One row per kind × priority", body = Vec<SlaPolicyView>),
        (status = 403, description = "Not an administrator", body = ErrorBody),
    ))]
pub async fn sla_policies(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<SlaPolicyView>>, ApiError> {
    Ok(Json(tickets::policies::list(&state.svc.db, &actor).await?))
}

/// Change the SLA for one kind × priority (admin); applies to tickets
/// opened afterwards.
#[utoipa::path(put, path = "/api/v1/sla-policies/{kind}/{priority}", tag = "tickets", request_body = SlaPolicyUpdate, security(("bearer" = [])),
    params(
        ("kind" = String, Path, description = "`complaint`, `repair`, `inquiry`, `suggestion`, `handover_defect`"),
        ("priority" = String, Path, description = "`urgent`, `high`, `normal`, `low`"),
    ),
    responses(
        (status = 200, description = "The policy now", body = SlaPolicyView),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "Unknown kind or priority", body = ErrorBody),
        (status = 422, description = "Minutes out of range (`out_of_range`)", body = ErrorBody),
    ))]
pub async fn set_sla_policy(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((kind, priority)): Path<(String, String)>,
    ApiJson(update): ApiJson<SlaPolicyUpdate>,
) -> Result<Json<SlaPolicyView>, ApiError> {
    Ok(Json(
        tickets::policies::set(
            &state.svc.db,
            &actor,
            &kind,
            &priority,
            &update,
            state.svc.clock.now(),
        )
        .await?,
    ))
}

/// Add a photo (JPEG or PNG, at most 5 MB, six per ticket): the raw image
/// as the body. Members on their own tickets, staff on those they handle.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/photos", tag = "tickets", security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The image bytes (JPEG or PNG)"),
    params(("id" = i64, Path, description = "Ticket id")),
    responses(
        (status = 201, description = "Added", body = TicketPhotoView),
        (status = 404, description = "Not a ticket you may see", body = ErrorBody),
        (status = 409, description = "Already revisited", body = ErrorBody),
        (status = 413, description = "Larger than the upload limit", body = ErrorBody),
        (status = 422, description = "`photo`: `required`, `too_large`, `not_an_image` or `too_many`", body = ErrorBody),
    ))]
pub async fn add_photo(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<TicketPhotoView>), ApiError> {
    let view =
        tickets::photos::add(&state.svc.db, &actor, id, &body, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One photo of a ticket you may see (members: `/api/v1/me/tickets/…`).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/photos/{photo_id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Ticket id"), ("photo_id" = i64, Path, description = "Photo id")),
    responses(
        (status = 200, description = "The image", body = Vec<u8>, content_type = "image/jpeg"),
        (status = 404, description = "No such photo on a ticket you may see", body = ErrorBody),
    ))]
pub async fn photo(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, photo_id)): Path<(i64, i64)>,
) -> Result<axum::response::Response, ApiError> {
    let (content_type, bytes) = tickets::photos::get(&state.svc.db, &actor, id, photo_id).await?;
    Ok(photo_response(content_type, bytes))
}

/// An image answer, for the viewer only (never stored: `crate::cache`).
pub fn photo_response(content_type: String, bytes: Vec<u8>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    ([(header::CONTENT_TYPE, content_type)], bytes).into_response()
}
