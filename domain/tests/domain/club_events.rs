use crate::club::{form, pooled};
use crate::support::{actor, seeded};
use anju_domain::auth::Actor;
use anju_domain::auth::session::{self, LoginInput};
use anju_domain::club::{events, ledger, membership};
use anju_domain::entity::{club_event, notification};
use anju_domain::idempotency::IdempotencyKey;
use anju_domain::{DomainError, Services, notifications};
use anju_types::club_event::{EventDraft, RegistrationStatus};
use anju_types::{Lang, NotificationKind};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// `at` as a `datetime-local` value, Beijing time.
fn local(at: DateTime<Utc>) -> String {
    (at + Duration::hours(8))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn draft(starts: DateTime<Utc>, capacity: i32, points: Option<i32>) -> EventDraft {
    EventDraft {
        title: "亲子烘焙课".to_owned(),
        description: "周末亲子活动".to_owned(),
        location: "星河湾会所".to_owned(),
        project_id: None,
        starts_at: local(starts),
        ends_at: local(starts + Duration::hours(2)),
        capacity,
        points,
        active: true,
    }
}

/// `n` new members, enrolled and signed in.
async fn members(svc: &Services, n: usize) -> Vec<Actor> {
    let now = svc.clock.now();
    let mut out = Vec::new();
    for i in 0..n {
        let mobile = format!("1390007{i:04}");
        membership::enrol(&svc.db, &form(&mobile), None, now)
            .await
            .expect("enrol");
        let who = session::login(
            svc,
            LoginInput {
                identifier: mobile,
                password: "Join@2026".to_owned(),
                ip: None,
                user_agent: None,
                device_token: None,
            },
        )
        .await
        .expect("login")
        .actor;
        out.push(who);
    }
    out
}

#[tokio::test]
async fn a_full_event_waitlists_and_a_cancellation_promotes_the_first_in_line() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let ev = events::save(
        &svc.db,
        &club1,
        None,
        &draft(now + Duration::days(3), 2, None),
        now,
    )
    .await
    .expect("event");
    assert_eq!((ev.capacity, ev.seats_left, ev.points), (2, 2, 50));
    let people = members(&svc, 4).await;

    let mut places = Vec::new();
    for p in &people {
        places.push(
            events::register(&svc.db, p, ev.id, None, now)
                .await
                .expect("sign up"),
        );
    }
    let statuses: Vec<_> = places
        .iter()
        .map(|p| (p.status, p.waitlist_position))
        .collect();
    assert_eq!(
        statuses,
        [
            (RegistrationStatus::Registered, None),
            (RegistrationStatus::Registered, None),
            (RegistrationStatus::Waitlisted, Some(1)),
            (RegistrationStatus::Waitlisted, Some(2)),
        ]
    );
    assert!(matches!(
        events::register(&svc.db, &people[0], ev.id, None, now).await,
        Err(DomainError::Conflict("already_registered"))
    ));
    let seen = events::list(&svc.db, &people[3], now).await.expect("list");
    let mine = seen.iter().find(|e| e.id == ev.id).expect("listed");
    assert_eq!((mine.seats_left, mine.waitlist), (0, 2));
    assert_eq!(
        mine.mine.as_ref().and_then(|m| m.waitlist_position),
        Some(2)
    );

    // The second member cancels: the first in line gets the seat and is told.
    let gone = events::cancel(&svc.db, &people[1], ev.id, now)
        .await
        .expect("cancel");
    assert_eq!(gone.status, RegistrationStatus::Cancelled);
    let promoted = events::list(&svc.db, &people[2], now).await.expect("list");
    let third = promoted.iter().find(|e| e.id == ev.id).expect("listed");
    assert_eq!(
        third.mine.as_ref().map(|m| m.status),
        Some(RegistrationStatus::Registered)
    );
    assert_eq!((third.seats_left, third.waitlist), (0, 1));
    let told = notifications::list(&svc.db, &people[2], None, Lang::Zh)
        .await
        .expect("notifications");
    assert_eq!(told.items[0].kind, NotificationKind::EventPromoted);
    assert!(
        told.items[0].text.contains("亲子烘焙课"),
        "{}",
        told.items[0].text
    );
    let fourth = events::list(&svc.db, &people[3], now).await.expect("list");
    assert_eq!(
        fourth
            .iter()
            .find(|e| e.id == ev.id)
            .and_then(|e| e.mine.clone())
            .and_then(|m| m.waitlist_position),
        Some(1)
    );

    // Cancelling again changes nothing; signing up again goes to the back.
    let again = events::cancel(&svc.db, &people[1], ev.id, now)
        .await
        .expect("again");
    assert_eq!(again.status, RegistrationStatus::Cancelled);
    let back = events::register(&svc.db, &people[1], ev.id, None, now + Duration::minutes(1))
        .await
        .expect("back");
    assert_eq!(
        (back.status, back.waitlist_position),
        (RegistrationStatus::Waitlisted, Some(2))
    );

    // A waitlisted member who cancels frees no seat.
    events::cancel(&svc.db, &people[3], ev.id, now)
        .await
        .expect("cancel");
    let row = club_event::Entity::find_by_id(ev.id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("event");
    assert_eq!(row.seats_taken, 2);

    // Raising the capacity serves the queue; lowering it below the seats taken is refused.
    let mut bigger = draft(now + Duration::days(3), 3, None);
    bigger.title = "亲子烘焙课（加场）".to_owned();
    let ev2 = events::save(&svc.db, &club1, Some(ev.id), &bigger, now)
        .await
        .expect("raise");
    assert_eq!((ev2.seats_left, ev2.waitlist), (0, 0));
    let err = events::save(
        &svc.db,
        &club1,
        Some(ev.id),
        &draft(now + Duration::days(3), 2, None),
        now,
    )
    .await
    .expect_err("too small");
    assert!(
        matches!(err, DomainError::Validation(ref f) if f[0].field == "capacity" && f[0].code == "below_registered"),
        "{err:?}"
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn sign_up_and_cancel_close_when_the_event_starts() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let zhang = actor(&svc, "13800000001").await;
    let ev = events::save(
        &svc.db,
        &club1,
        None,
        &draft(now + Duration::hours(1), 5, None),
        now,
    )
    .await
    .expect("event");
    events::register(&svc.db, &zhang, ev.id, None, now)
        .await
        .expect("sign up");
    let later = now + Duration::hours(1);
    assert!(matches!(
        events::cancel(&svc.db, &zhang, ev.id, later).await,
        Err(DomainError::Conflict("event_closed"))
    ));
    let li = actor(&svc, "13800000002").await;
    assert!(matches!(
        events::register(&svc.db, &li, ev.id, None, later).await,
        Err(DomainError::Conflict("event_closed"))
    ));
    let open = events::list(&svc.db, &li, later).await.expect("list");
    assert!(
        !open
            .iter()
            .find(|e| e.id == ev.id)
            .expect("still listed until it ends")
            .open
    );
    // Over: members no longer see it; the club manager still does.
    let over = later + Duration::hours(3);
    assert!(
        events::list(&svc.db, &li, over)
            .await
            .expect("list")
            .iter()
            .all(|e| e.id != ev.id)
    );
    assert!(
        events::list(&svc.db, &club1, over)
            .await
            .expect("list")
            .iter()
            .any(|e| e.id == ev.id)
    );
    // An inactive event is not there for members.
    let mut hidden = draft(now + Duration::days(1), 5, None);
    hidden.active = false;
    let h = events::save(&svc.db, &club1, None, &hidden, now)
        .await
        .expect("hidden");
    assert!(matches!(
        events::register(&svc.db, &li, h.id, None, now).await,
        Err(DomainError::NotFound)
    ));
    // Members cannot plan events, nor read a roster.
    assert!(matches!(
        events::save(&svc.db, &li, None, &draft(now, 5, None), now).await,
        Err(DomainError::Forbidden)
    ));
    assert!(matches!(
        events::roster(&svc.db, &li, ev.id, now).await,
        Err(DomainError::Forbidden)
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn check_in_credits_the_points_once_and_admits_walk_ins_to_free_seats() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let zhang = actor(&svc, "13800000001").await;
    let li = actor(&svc, "13800000002").await;
    let starts = now + Duration::hours(5);
    let ev = events::save(&svc.db, &club1, None, &draft(starts, 1, Some(80)), now)
        .await
        .expect("event");
    events::register(&svc.db, &zhang, ev.id, None, now)
        .await
        .expect("sign up");
    let zhang_m = membership::own(&svc.db, &zhang).await.expect("member");
    let li_m = membership::own(&svc.db, &li).await.expect("member");
    let before = zhang_m.points_balance;

    // Too early: check-in opens two hours before the start.
    assert!(matches!(
        events::check_in(&svc.db, &club1, ev.id, &zhang_m.member_no, None, now).await,
        Err(DomainError::Conflict("check_in_closed"))
    ));
    let door = starts - Duration::minutes(30);
    let key = IdempotencyKey::parse("door-1").expect("key");
    let first = events::check_in(
        &svc.db,
        &club1,
        ev.id,
        &zhang_m.member_no.to_lowercase(),
        Some(&key),
        door,
    )
    .await
    .expect("check in");
    assert_eq!(first.points, 80);
    let retry = events::check_in(&svc.db, &club1, ev.id, &zhang_m.member_no, Some(&key), door)
        .await
        .expect("replayed");
    assert_eq!(retry, first);
    assert!(matches!(
        events::check_in(&svc.db, &club1, ev.id, &zhang_m.member_no, None, door).await,
        Err(DomainError::Conflict("already_checked_in"))
    ));
    let after = membership::own(&svc.db, &zhang).await.expect("member");
    assert_eq!(after.points_balance, before + 80);
    let (kept, entries, lots) = ledger::audit_balance(&svc.db, after.id)
        .await
        .expect("audit");
    assert_eq!((kept, entries), (lots, kept));

    // A walk-in needs a free seat; the only seat is taken.
    assert!(matches!(
        events::check_in(&svc.db, &club1, ev.id, &li_m.member_no, None, door).await,
        Err(DomainError::Conflict("event_full"))
    ));
    assert!(matches!(
        events::check_in(&svc.db, &club1, ev.id, "AJ99999999", None, door).await,
        Err(DomainError::Validation(ref f)) if f[0].code == "unknown_member"
    ));
    let more = events::save(
        &svc.db,
        &club1,
        Some(ev.id),
        &draft(starts, 2, Some(80)),
        now,
    )
    .await
    .expect("raise");
    assert_eq!(more.seats_left, 1);
    let walk_in = events::check_in(&svc.db, &club1, ev.id, &li_m.member_no, None, door)
        .await
        .expect("walk in");
    assert_eq!(walk_in.points, 80);
    let roster = events::roster(&svc.db, &club1, ev.id, door)
        .await
        .expect("roster");
    assert_eq!(roster.event.seats_left, 0);
    assert!(
        roster
            .registrations
            .iter()
            .all(|r| r.status == RegistrationStatus::Attended)
    );
    assert!(
        roster
            .registrations
            .iter()
            .all(|r| r.mobile.contains("****"))
    );
    // Attended: cannot cancel any more.
    assert!(matches!(
        events::cancel(&svc.db, &zhang, ev.id, door).await,
        Err(DomainError::Conflict("already_attended"))
    ));
    // Only the club manager checks people in.
    assert!(matches!(
        events::check_in(&svc.db, &li, ev.id, &zhang_m.member_no, None, door).await,
        Err(DomainError::Forbidden)
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn bad_event_drafts_name_each_field_and_save_nothing() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let before = club_event::Entity::find().count(&svc.db).await.expect("n");
    let bad = EventDraft {
        title: " ".to_owned(),
        location: String::new(),
        starts_at: "2026-12-01T10:00".to_owned(),
        ends_at: "2026-12-01T09:00".to_owned(),
        capacity: 0,
        points: Some(-1),
        ..Default::default()
    };
    let err = events::save(&svc.db, &club1, None, &bad, now)
        .await
        .expect_err("bad");
    let DomainError::Validation(fields) = err else {
        panic!("{err:?}")
    };
    let mut named: Vec<_> = fields.iter().map(|f| (f.field, f.code)).collect();
    named.sort();
    assert_eq!(
        named,
        [
            ("capacity", "out_of_range"),
            ("ends_at", "before_start"),
            ("location", "required"),
            ("points", "out_of_range"),
            ("title", "required"),
        ]
    );
    let mut no_date = draft(now, 5, None);
    no_date.starts_at = "明天".to_owned();
    let err = events::save(&svc.db, &club1, None, &no_date, now)
        .await
        .expect_err("bad");
    assert!(
        matches!(err, DomainError::Validation(ref f) if f[0].field == "starts_at"),
        "{err:?}"
    );
    let mut unknown = draft(now, 5, None);
    unknown.project_id = Some(999_999);
    assert!(matches!(
        events::save(&svc.db, &club1, None, &unknown, now).await,
        Err(DomainError::Validation(ref f)) if f[0].field == "project_id"
    ));
    assert_eq!(
        club_event::Entity::find().count(&svc.db).await.expect("n"),
        before
    );
    // The datetime-local value is Beijing time.
    let ok = events::save(&svc.db, &club1, None, &draft(now, 5, None), now)
        .await
        .expect("ok");
    assert_eq!(local(ok.starts_at), local(now));
    tdb.cleanup().await;
}

#[tokio::test]
async fn concurrent_sign_ups_and_cancellations_never_overfill_an_event() {
    let (tdb, svc, _dir) = pooled().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let ev = events::save(
        &svc.db,
        &club1,
        None,
        &draft(now + Duration::days(2), 5, None),
        now,
    )
    .await
    .expect("event");
    let people = members(&svc, 16).await;
    let signed = futures::future::join_all(people.iter().map(|p| {
        let (svc, p) = (svc.clone(), p.clone());
        async move { events::register(&svc.db, &p, ev.id, None, now).await }
    }))
    .await;
    let places: Vec<_> = signed.into_iter().map(|r| r.expect("sign up")).collect();
    let seated = places
        .iter()
        .filter(|p| p.status == RegistrationStatus::Registered)
        .count();
    assert_eq!(seated, 5);
    let mut positions: Vec<u64> = places.iter().filter_map(|p| p.waitlist_position).collect();
    positions.sort_unstable();
    assert_eq!(
        positions,
        (1..=11).collect::<Vec<u64>>(),
        "one queue, no gaps"
    );

    // Everyone seated cancels at once: the next five in line take the seats.
    let seated_people: Vec<Actor> = people
        .iter()
        .zip(&places)
        .filter(|(_, p)| p.status == RegistrationStatus::Registered)
        .map(|(a, _)| a.clone())
        .collect();
    let cancels = futures::future::join_all(seated_people.iter().map(|p| {
        let (svc, p) = (svc.clone(), p.clone());
        async move { events::cancel(&svc.db, &p, ev.id, now).await }
    }))
    .await;
    assert!(cancels.iter().all(|r| r.is_ok()));
    let roster = events::roster(&svc.db, &club1, ev.id, now)
        .await
        .expect("roster");
    let count = |s| {
        roster
            .registrations
            .iter()
            .filter(|r| r.status == s)
            .count()
    };
    assert_eq!(count(RegistrationStatus::Registered), 5);
    assert_eq!(count(RegistrationStatus::Waitlisted), 6);
    assert_eq!(count(RegistrationStatus::Cancelled), 5);
    assert_eq!((roster.event.seats_left, roster.event.waitlist), (0, 6));
    let promoted = notification::Entity::find()
        .filter(notification::Column::Kind.eq(NotificationKind::EventPromoted.as_str()))
        .count(&svc.db)
        .await
        .expect("n");
    assert_eq!(promoted, 5, "each promoted member told once");
    tdb.cleanup().await;
}
