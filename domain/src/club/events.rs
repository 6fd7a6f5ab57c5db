//! Members' events (会员活动): the club manager plans an event with a
//! capacity; members sign up until it starts, and once it is full they join
//! a waitlist served in order. A cancellation hands the seat to the first in
//! line at once (with a notification). At the door the club manager checks
//! members in, which credits the attendance points once.
//!
//! Every change of seats locks the event's row first (after the member's,
//! when there is one), so the seat count, the registrations and the queue
//! order move together: seats never exceed the capacity and a freed seat
//! goes to exactly one waiting member.

use super::ledger::{self, Movement};
use super::{membership, rules};
use crate::DomainError;
use crate::audit;
use crate::auth::{self, Actor};
use crate::db::{begin_write, names_by_id};
use crate::entity::{club_event, customer, event_registration, interaction, member, project, user};
use crate::error::{FieldError, text_field};
use crate::idempotency::{self, IdempotencyKey};
use crate::{notifications, settings};
use anju_types::club::{LedgerKind, PointsReason};
use anju_types::club_event::{
    CheckInResult, EventDraft, EventRoster, EventView, MyRegistration, RegistrationRow,
    RegistrationStatus,
};
use anju_types::{InteractionKind, MobilePhone, NotificationKind, Permission};
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Check-in opens this long before the start …
const CHECK_IN_OPENS: Duration = Duration::hours(2);
/// … and closes this long after the end.
const CHECK_IN_CLOSES: Duration = Duration::hours(6);
const CAPACITY_MAX: i32 = 100_000;
const POINTS_MAX: i32 = 100_000;

fn status_of(r: &event_registration::Model) -> RegistrationStatus {
    RegistrationStatus::parse(&r.status).unwrap_or(RegistrationStatus::Cancelled)
}

/// A registration's seat: registered and attended members hold one.
fn holds_seat(s: RegistrationStatus) -> bool {
    matches!(
        s,
        RegistrationStatus::Registered | RegistrationStatus::Attended
    )
}

/// The events a member can see (active, not yet over), soonest first,
/// each with the member's own place; the club manager sees every event,
/// newest first.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<EventView>, DomainError> {
    let staff = auth::can(actor, Permission::ManageClub);
    let mut q = club_event::Entity::find();
    let me = if staff {
        q = q.order_by_desc(club_event::Column::StartsAt).limit(200);
        None
    } else {
        auth::require(actor, Permission::UsePortal)?;
        q = q
            .filter(club_event::Column::Active.eq(true))
            .filter(club_event::Column::EndsAt.gt(now))
            .order_by_asc(club_event::Column::StartsAt)
            .limit(100);
        // A portal user who has not joined the club still sees the events.
        membership::own(db, actor).await.ok()
    };
    let events = q.all(db).await?;
    views(db, events, me.as_ref(), now).await
}

/// Builds the views for these events: project names, waitlist lengths and
/// (for a member) their own places, in a fixed number of queries.
async fn views(
    db: &impl ConnectionTrait,
    events: Vec<club_event::Model>,
    me: Option<&member::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<EventView>, DomainError> {
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let projects = names_by_id::<project::Entity>(
        db,
        project::Column::Id,
        project::Column::Name,
        events.iter().filter_map(|e| e.project_id),
    )
    .await?;
    let waiting: HashMap<i64, i64> = event_registration::Entity::find()
        .select_only()
        .column(event_registration::Column::EventId)
        .column_as(event_registration::Column::Id.count(), "n")
        .filter(event_registration::Column::EventId.is_in(ids.clone()))
        .filter(event_registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .group_by(event_registration::Column::EventId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut mine: HashMap<i64, MyRegistration> = HashMap::new();
    if let Some(me) = me {
        let rows = event_registration::Entity::find()
            .filter(event_registration::Column::EventId.is_in(ids))
            .filter(event_registration::Column::MemberId.eq(me.id))
            .all(db)
            .await?;
        for r in rows {
            mine.insert(r.event_id, my_registration(db, &r).await?);
        }
    }
    let default_points = settings::get_int(db, rules::EVENT_POINTS).await?;
    Ok(events
        .into_iter()
        .map(|e| EventView {
            project_name: e.project_id.and_then(|p| projects.get(&p).cloned()),
            seats_left: std::cmp::max(e.capacity - e.seats_taken, 0),
            waitlist: std::cmp::max(waiting.get(&e.id).copied().unwrap_or(0), 0) as u64,
            points: e.points.map_or(default_points, i64::from),
            open: e.active && now < e.starts_at,
            mine: mine.remove(&e.id),
            id: e.id,
            title: e.title,
            description: e.description,
            location: e.location,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            capacity: e.capacity,
            active: e.active,
        })
        .collect())
}

/// The member's place, with their position while waitlisted.
async fn my_registration(
    db: &impl ConnectionTrait,
    r: &event_registration::Model,
) -> Result<MyRegistration, DomainError> {
    let status = status_of(r);
    let waitlist_position = if status == RegistrationStatus::Waitlisted {
        let ahead = event_registration::Entity::find()
            .filter(event_registration::Column::EventId.eq(r.event_id))
            .filter(event_registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
            .filter(
                Condition::any()
                    .add(event_registration::Column::QueuedAt.lt(r.queued_at))
                    .add(
                        Condition::all()
                            .add(event_registration::Column::QueuedAt.eq(r.queued_at))
                            .add(event_registration::Column::Id.lt(r.id)),
                    ),
            )
            .count(db)
            .await?;
        Some(ahead + 1)
    } else {
        None
    };
    Ok(MyRegistration {
        event_id: r.event_id,
        status,
        waitlist_position,
    })
}

/// Reads `YYYY-MM-DDTHH:MM` (Beijing time, as a `datetime-local` field
/// sends it; seconds and a space separator are accepted) or RFC 3339.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|local| Utc.from_utc_datetime(&local) - Duration::hours(8))
}

struct ValidEvent {
    title: String,
    description: String,
    location: String,
    project_id: Option<i64>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    capacity: i32,
    points: Option<i32>,
    active: bool,
}

fn validate(d: &EventDraft) -> Result<ValidEvent, DomainError> {
    let mut errors = Vec::new();
    let title = text_field(&mut errors, "title", &d.title, 80, true);
    let description = text_field(&mut errors, "description", &d.description, 2000, false);
    let location = text_field(&mut errors, "location", &d.location, 120, true);
    let starts_at = parse_time(&d.starts_at);
    let ends_at = parse_time(&d.ends_at);
    if starts_at.is_none() {
        errors.push(FieldError {
            field: "starts_at",
            code: "invalid_date",
        });
    }
    match (starts_at, ends_at) {
        (_, None) => errors.push(FieldError {
            field: "ends_at",
            code: "invalid_date",
        }),
        (Some(s), Some(e)) if e <= s => errors.push(FieldError {
            field: "ends_at",
            code: "before_start",
        }),
        _ => {}
    }
    if !(1..=CAPACITY_MAX).contains(&d.capacity) {
        errors.push(FieldError {
            field: "capacity",
            code: "out_of_range",
        });
    }
    if d.points.is_some_and(|p| !(0..=POINTS_MAX).contains(&p)) {
        errors.push(FieldError {
            field: "points",
            code: "out_of_range",
        });
    }
    match (starts_at, ends_at) {
        (Some(starts_at), Some(ends_at)) if errors.is_empty() => Ok(ValidEvent {
            title,
            description,
            location,
            project_id: d.project_id,
            starts_at,
            ends_at,
            capacity: d.capacity,
            points: d.points,
            active: d.active,
        }),
        _ => Err(DomainError::Validation(errors)),
    }
}

/// Adds (`id` none) or changes an event (club manager), audited. The
/// capacity never drops below the seats taken; raising it serves the
/// waitlist at once.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    draft: &EventDraft,
    now: DateTime<Utc>,
) -> Result<EventView, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let v = validate(draft)?;
    let tx = begin_write(db).await?;
    if let Some(p) = v.project_id
        && project::Entity::find_by_id(p).one(&tx).await?.is_none()
    {
        return Err(DomainError::field("project_id", "invalid_choice"));
    }
    let row = match id {
        Some(id) => {
            let found = lock_event(&tx, id, now).await?;
            if v.capacity < found.seats_taken {
                return Err(DomainError::field("capacity", "below_registered"));
            }
            let mut row: club_event::ActiveModel = found.into();
            fill(&mut row, &v, now);
            let row = row.update(&tx).await?;
            promote_waitlist(&tx, &row, now).await?;
            row
        }
        None => {
            let mut row = club_event::ActiveModel {
                seats_taken: Set(0),
                created_at: Set(now),
                ..Default::default()
            };
            fill(&mut row, &v, now);
            row.insert(&tx).await?
        }
    };
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        id.is_none(),
        ("event.create", "event.update"),
        "club_event",
        row.id,
        draft,
    )
    .await?;
    tx.commit().await?;
    let found = club_event::Entity::find_by_id(row.id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut views = views(db, vec![found], None, now).await?;
    views.pop().ok_or(DomainError::NotFound)
}

fn fill(row: &mut club_event::ActiveModel, v: &ValidEvent, now: DateTime<Utc>) {
    row.title = Set(v.title.clone());
    row.description = Set(v.description.clone());
    row.location = Set(v.location.clone());
    row.project_id = Set(v.project_id);
    row.starts_at = Set(v.starts_at);
    row.ends_at = Set(v.ends_at);
    row.capacity = Set(v.capacity);
    row.points = Set(v.points);
    row.active = Set(v.active);
    row.updated_at = Set(now);
}

/// Takes the event's row lock for this transaction and reads it.
async fn lock_event(
    tx: &impl ConnectionTrait,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<club_event::Model, DomainError> {
    let locked = club_event::Entity::update_many()
        .col_expr(club_event::Column::UpdatedAt, Expr::value(now))
        .filter(club_event::Column::Id.eq(event_id))
        .exec(tx)
        .await?;
    if locked.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    club_event::Entity::find_by_id(event_id)
        .one(tx)
        .await?
        .ok_or(DomainError::NotFound)
}

async fn add_seats(
    tx: &impl ConnectionTrait,
    event_id: i64,
    delta: i32,
) -> Result<(), DomainError> {
    club_event::Entity::update_many()
        .col_expr(
            club_event::Column::SeatsTaken,
            Expr::col(club_event::Column::SeatsTaken).add(delta),
        )
        .filter(club_event::Column::Id.eq(event_id))
        .exec(tx)
        .await?;
    Ok(())
}

/// Hands free seats to the waitlist in order and tells each member.
/// The caller holds the event's lock.
async fn promote_waitlist(
    tx: &impl ConnectionTrait,
    event: &club_event::Model,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let free = club_event::Entity::find_by_id(event.id)
        .one(tx)
        .await?
        .map_or(0, |e| e.capacity - e.seats_taken);
    if free <= 0 || now >= event.starts_at {
        return Ok(());
    }
    let next = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event.id))
        .filter(event_registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .order_by_asc(event_registration::Column::QueuedAt)
        .order_by_asc(event_registration::Column::Id)
        .limit(free as u64)
        .all(tx)
        .await?;
    if next.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = next.iter().map(|r| r.id).collect();
    event_registration::Entity::update_many()
        .col_expr(
            event_registration::Column::Status,
            Expr::value(RegistrationStatus::Registered.as_str()),
        )
        .col_expr(event_registration::Column::UpdatedAt, Expr::value(now))
        .filter(event_registration::Column::Id.is_in(ids))
        .exec(tx)
        .await?;
    add_seats(tx, event.id, next.len() as i32).await?;
    let members = next.iter().map(|r| r.member_id);
    let users = member_users(tx, members).await?;
    notifications::notify(
        tx,
        users,
        NotificationKind::EventPromoted,
        None,
        &event.title,
        now,
    )
    .await
}

/// The portal logins of these members.
async fn member_users(
    db: &impl ConnectionTrait,
    member_ids: impl IntoIterator<Item = i64>,
) -> Result<Vec<i64>, DomainError> {
    let customers: Vec<i64> = member::Entity::find()
        .select_only()
        .column(member::Column::CustomerId)
        .filter(member::Column::Id.is_in(member_ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::CustomerId.is_in(customers))
        .into_tuple()
        .all(db)
        .await?)
}

/// A member signs up: a seat while there is one, else the back of the
/// waitlist. Closed once the event starts (`event_closed`); signing up
/// twice is `already_registered`; after cancelling one may sign up again.
pub async fn register(
    db: &DatabaseConnection,
    actor: &Actor,
    event_id: i64,
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<MyRegistration, DomainError> {
    let me = membership::own(db, actor).await?;
    let fingerprint = idempotency::fingerprint("event.register", &event_id);
    let tx = begin_write(db).await?;
    ledger::lock_member(&tx, me.id, now).await?;
    if let Some(done) = idempotency::replay(&tx, actor.user_id, key, &fingerprint).await? {
        return Ok(done);
    }
    let event = lock_event(&tx, event_id, now).await?;
    if !event.active {
        return Err(DomainError::NotFound);
    }
    if now >= event.starts_at {
        return Err(DomainError::Conflict("event_closed"));
    }
    let existing = registration(&tx, event_id, me.id).await?;
    if existing
        .as_ref()
        .is_some_and(|r| status_of(r) != RegistrationStatus::Cancelled)
    {
        return Err(DomainError::Conflict("already_registered"));
    }
    let waiting = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event_id))
        .filter(event_registration::Column::Status.eq(RegistrationStatus::Waitlisted.as_str()))
        .count(&tx)
        .await?;
    let seat = event.seats_taken < event.capacity && waiting == 0;
    let status = if seat {
        add_seats(&tx, event_id, 1).await?;
        RegistrationStatus::Registered
    } else {
        RegistrationStatus::Waitlisted
    };
    let row = match existing {
        Some(r) => {
            let mut row: event_registration::ActiveModel = r.into();
            row.status = Set(status.as_str().to_owned());
            row.queued_at = Set(now);
            row.updated_at = Set(now);
            row.update(&tx).await?
        }
        None => {
            event_registration::ActiveModel {
                event_id: Set(event_id),
                member_id: Set(me.id),
                status: Set(status.as_str().to_owned()),
                queued_at: Set(now),
                checked_in_at: Set(None),
                checked_in_by: Set(None),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?
        }
    };
    let result = my_registration(&tx, &row).await?;
    idempotency::remember(&tx, actor.user_id, key, &fingerprint, &result, now).await?;
    tx.commit().await?;
    Ok(result)
}

async fn registration(
    db: &impl ConnectionTrait,
    event_id: i64,
    member_id: i64,
) -> Result<Option<event_registration::Model>, DomainError> {
    Ok(event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event_id))
        .filter(event_registration::Column::MemberId.eq(member_id))
        .one(db)
        .await?)
}

/// A member cancels before the event starts. A seat they held goes to the
/// first member waiting. Cancelling again returns the cancelled place.
pub async fn cancel(
    db: &DatabaseConnection,
    actor: &Actor,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<MyRegistration, DomainError> {
    let me = membership::own(db, actor).await?;
    let tx = begin_write(db).await?;
    ledger::lock_member(&tx, me.id, now).await?;
    let event = lock_event(&tx, event_id, now).await?;
    let found = registration(&tx, event_id, me.id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let status = status_of(&found);
    match status {
        RegistrationStatus::Cancelled => return my_registration(&tx, &found).await,
        RegistrationStatus::Attended => return Err(DomainError::Conflict("already_attended")),
        _ if now >= event.starts_at => return Err(DomainError::Conflict("event_closed")),
        _ => {}
    }
    let mut row: event_registration::ActiveModel = found.into();
    row.status = Set(RegistrationStatus::Cancelled.as_str().to_owned());
    row.updated_at = Set(now);
    let row = row.update(&tx).await?;
    if holds_seat(status) {
        add_seats(&tx, event_id, -1).await?;
        promote_waitlist(&tx, &event, now).await?;
    }
    let result = my_registration(&tx, &row).await?;
    tx.commit().await?;
    Ok(result)
}

/// The event and everyone on its list, seats first, then the waitlist in
/// order, then cancellations (club manager).
pub async fn roster(
    db: &DatabaseConnection,
    actor: &Actor,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<EventRoster, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let event = club_event::Entity::find_by_id(event_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let rows = event_registration::Entity::find()
        .filter(event_registration::Column::EventId.eq(event_id))
        .order_by_asc(event_registration::Column::QueuedAt)
        .order_by_asc(event_registration::Column::Id)
        .all(db)
        .await?;
    let members: HashMap<i64, member::Model> = member::Entity::find()
        .filter(member::Column::Id.is_in(rows.iter().map(|r| r.member_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let people: HashMap<i64, (String, String)> = customer::Entity::find()
        .select_only()
        .columns([
            customer::Column::Id,
            customer::Column::Name,
            customer::Column::Mobile,
        ])
        .filter(customer::Column::Id.is_in(members.values().map(|m| m.customer_id)))
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, name, mobile)| (id, (name, mobile)))
        .collect();
    let mut registrations: Vec<RegistrationRow> = rows
        .into_iter()
        .filter_map(|r| {
            let m = members.get(&r.member_id)?;
            let (name, mobile) = people.get(&m.customer_id).cloned().unwrap_or_default();
            Some(RegistrationRow {
                registration_id: r.id,
                member_id: m.id,
                member_no: m.member_no.clone(),
                name,
                mobile: MobilePhone::parse(&mobile).map_or(mobile, |p| p.masked()),
                tier: ledger::tier_of(m),
                status: status_of(&r),
                queued_at: r.queued_at,
                checked_in_at: r.checked_in_at,
            })
        })
        .collect();
    // Stable sort: seats, then the queue, then cancellations, each in order.
    registrations.sort_by_key(|r| match r.status {
        RegistrationStatus::Registered | RegistrationStatus::Attended => 0,
        RegistrationStatus::Waitlisted => 1,
        RegistrationStatus::Cancelled => 2,
    });
    let mut views = views(db, vec![event], None, now).await?;
    Ok(EventRoster {
        event: views.pop().ok_or(DomainError::NotFound)?,
        registrations,
    })
}

/// Checks a member in at the door by member number (club manager): from
/// two hours before the start to six hours after the end. A registered
/// member, or a walk-in while seats are left, becomes `attended` and earns
/// the event's points once (`event:<id>`); a second check-in is
/// `already_checked_in`.
pub async fn check_in(
    db: &DatabaseConnection,
    actor: &Actor,
    event_id: i64,
    member_no: &str,
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<CheckInResult, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let member_no = member_no.trim().to_uppercase();
    let fingerprint = idempotency::fingerprint("event.check_in", &(event_id, &member_no));
    let who = member::Entity::find()
        .filter(member::Column::MemberNo.eq(&member_no))
        .one(db)
        .await?
        .ok_or_else(|| DomainError::field("member_no", "unknown_member"))?;
    let tx = begin_write(db).await?;
    ledger::lock_member(&tx, who.id, now).await?;
    if let Some(done) = idempotency::replay(&tx, actor.user_id, key, &fingerprint).await? {
        return Ok(done);
    }
    let event = lock_event(&tx, event_id, now).await?;
    if !event.active
        || now < event.starts_at - CHECK_IN_OPENS
        || now > event.ends_at + CHECK_IN_CLOSES
    {
        return Err(DomainError::Conflict("check_in_closed"));
    }
    let found = registration(&tx, event_id, who.id).await?;
    let status = found.as_ref().map(status_of);
    if status == Some(RegistrationStatus::Attended) {
        return Err(DomainError::Conflict("already_checked_in"));
    }
    if status != Some(RegistrationStatus::Registered) {
        // A walk-in, or someone still waiting: only onto a free seat.
        if event.seats_taken >= event.capacity {
            return Err(DomainError::Conflict("event_full"));
        }
        add_seats(&tx, event_id, 1).await?;
    }
    match found {
        Some(r) => {
            let mut row: event_registration::ActiveModel = r.into();
            row.status = Set(RegistrationStatus::Attended.as_str().to_owned());
            row.checked_in_at = Set(Some(now));
            row.checked_in_by = Set(Some(actor.user_id));
            row.updated_at = Set(now);
            row.update(&tx).await?;
        }
        None => {
            event_registration::ActiveModel {
                event_id: Set(event_id),
                member_id: Set(who.id),
                status: Set(RegistrationStatus::Attended.as_str().to_owned()),
                queued_at: Set(now),
                checked_in_at: Set(Some(now)),
                checked_in_by: Set(Some(actor.user_id)),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?;
        }
    }
    let points = match event.points {
        Some(p) => i64::from(p),
        None => settings::get_int(&tx, rules::EVENT_POINTS).await?,
    };
    let dedupe = format!("event:{event_id}");
    if points > 0
        && ledger::find_by_dedupe(&tx, who.id, &dedupe)
            .await?
            .is_none()
    {
        let mut movement = Movement::new(LedgerKind::Earn, PointsReason::Event, points)
            .source(event.title.clone())
            .dedupe(dedupe);
        movement.actor_user_id = Some(actor.user_id);
        ledger::credit(&tx, who.id, movement, now).await?;
    }
    // The customer's timeline shows the attendance (engagement counts).
    interaction::ActiveModel {
        customer_id: Set(who.customer_id),
        kind: Set(InteractionKind::EventAttendance.as_str().to_owned()),
        occurred_at: Set(now),
        staff_user_id: Set(Some(actor.user_id)),
        notes: Set(event.title.clone()),
        next_follow_up_on: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let name = customer::Entity::find_by_id(who.customer_id)
        .one(&tx)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let result = CheckInResult {
        member_no,
        name,
        points,
        checked_in_at: now,
    };
    idempotency::remember(&tx, actor.user_id, key, &fingerprint, &result, now).await?;
    tx.commit().await?;
    Ok(result)
}
