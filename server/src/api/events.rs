//! Members' events over REST: the list with the member's own place, sign
//! up (or join the waitlist) and cancel; for the club manager, planning,
//! the registration list and check-in at the door.

use super::club::IdemKey;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::Path;
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::club::events;
use anju_types::club_event::{
    CheckIn, CheckInResult, EventDraft, EventRoster, EventView, MyRegistration,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// Members: upcoming events with seats left, the waitlist and their own
/// place; the club manager: every event.
#[utoipa::path(get, path = "/api/v1/events", tag = "club", security(("bearer" = [])),
    responses((status = 200, description = "Events", body = Vec<EventView>)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<EventView>>, ApiError> {
    Ok(Json(
        events::list(&state.svc.db, &actor, state.svc.clock.now()).await?,
    ))
}

/// Sign up: a seat while there is one, else the back of the waitlist.
#[utoipa::path(post, path = "/api/v1/events/{id}/registrations", tag = "club", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses(
        (status = 201, description = "Registered or waitlisted (with the position)", body = MyRegistration),
        (status = 404, description = "No such event, or not a club member", body = ErrorBody),
        (status = 409, description = "`already_registered` or `event_closed`", body = ErrorBody),
    ))]
pub async fn register(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdemKey(key): IdemKey,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<MyRegistration>), ApiError> {
    let place = events::register(
        &state.svc.db,
        &actor,
        id,
        key.as_ref(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(place)))
}

/// Cancel my registration before the event starts; a seat I held goes to
/// the first member waiting. Cancelling twice returns the cancelled place.
#[utoipa::path(delete, path = "/api/v1/events/{id}/registrations/mine", tag = "club", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses(
        (status = 200, description = "Cancelled", body = MyRegistration),
        (status = 404, description = "Not registered for this event", body = ErrorBody),
        (status = 409, description = "`event_closed` or `already_attended`", body = ErrorBody),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<MyRegistration>, ApiError> {
    Ok(Json(
        events::cancel(&state.svc.db, &actor, id, state.svc.clock.now()).await?,
    ))
}

/// Plan an event (club manager).
#[utoipa::path(post, path = "/api/v1/events", tag = "club", request_body = EventDraft, security(("bearer" = [])),
    responses((status = 201, description = "Created", body = EventView),
        (status = 422, description = "Invalid fields", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(d): ApiJson<EventDraft>,
) -> Result<(StatusCode, Json<EventView>), ApiError> {
    let e = events::save(&state.svc.db, &actor, None, &d, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// Change an event (club manager); the capacity never below the seats
/// taken, and raising it serves the waitlist.
#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "club", request_body = EventDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, description = "Changed", body = EventView),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 422, description = "Invalid fields (`below_registered` …)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<EventDraft>,
) -> Result<Json<EventView>, ApiError> {
    Ok(Json(
        events::save(&state.svc.db, &actor, Some(id), &d, state.svc.clock.now()).await?,
    ))
}

/// The event with everyone signed up, waiting or cancelled (club manager).
#[utoipa::path(get, path = "/api/v1/events/{id}/registrations", tag = "club", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, description = "Roster", body = EventRoster),
        (status = 404, description = "No such event", body = ErrorBody)))]
pub async fn roster(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<EventRoster>, ApiError> {
    Ok(Json(
        events::roster(&state.svc.db, &actor, id, state.svc.clock.now()).await?,
    ))
}

/// Check a member in at the door (club manager) by member number: earns
/// the event's points once.
#[utoipa::path(post, path = "/api/v1/events/{id}/check-ins", tag = "club", request_body = CheckIn, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Event id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses(
        (status = 201, description = "Checked in", body = CheckInResult),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 409, description = "`already_checked_in`, `event_full` or `check_in_closed`", body = ErrorBody),
        (status = 422, description = "`unknown_member`", body = ErrorBody),
    ))]
pub async fn check_in(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdemKey(key): IdemKey,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CheckIn>,
) -> Result<(StatusCode, Json<CheckInResult>), ApiError> {
    let done = events::check_in(
        &state.svc.db,
        &actor,
        id,
        &body.member_no,
        key.as_ref(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}
