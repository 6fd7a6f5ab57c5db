use crate::support::{actor, seeded};
use anju_domain::DomainError;
use anju_domain::entity::{ticket, ticket_event, ticket_sla_alert};
use anju_domain::tickets::{self, StaffTicketDraft, sla_job};
use anju_types::ticket::TicketDraft;
use anju_types::{TaskStatus, TicketAction, TicketStatus};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

fn leak() -> TicketDraft {
    TicketDraft {
        kind: "repair".to_owned(),
        category: "repair.leaks".to_owned(),
        title: "卫生间漏水".to_owned(),
        description: "楼下反映天花板渗水，疑似卫生间防水问题。".to_owned(),
        unit_id: None,
    }
}

async fn events(svc: &anju_domain::Services, id: i64) -> u64 {
    ticket_event::Entity::find()
        .filter(ticket_event::Column::TicketId.eq(id))
        .count(&svc.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn a_repair_goes_from_the_portal_to_engineering_and_back_to_the_member() {
    let (tdb, svc) = seeded().await;
    let member = actor(&svc, "13800000001").await;
    let other = actor(&svc, "13800000002").await;
    let agent = actor(&svc, "service1").await;
    let eng = actor(&svc, "eng1").await;
    let now = || svc.clock.now();

    // Bad input: field errors, nothing written.
    let bad = TicketDraft {
        kind: "repair".to_owned(),
        category: "complaint.service".to_owned(),
        title: String::new(),
        description: "x".to_owned(),
        unit_id: Some(999_999),
    };
    let tickets_before = ticket::Entity::find().count(&svc.db).await.expect("count");
    match tickets::open_for_member(&svc.db, &member, &bad, now()).await {
        Err(DomainError::Validation(errors)) => {
            let fields: Vec<_> = errors.iter().map(|e| (e.field, e.code)).collect();
            assert_eq!(
                fields,
                [
                    ("category", "invalid_choice"),
                    ("title", "required"),
                    ("unit_id", "invalid_choice")
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        ticket::Entity::find().count(&svc.db).await.expect("count"),
        tickets_before
    );

    let open_before = tickets::views::member_open_count(&svc.db, &member)
        .await
        .expect("count");
    let opened = tickets::open_for_member(&svc.db, &member, &leak(), now())
        .await
        .expect("open");
    assert_eq!(opened.status, TicketStatus::Received);
    assert_eq!(
        tickets::views::member_open_count(&svc.db, &member)
            .await
            .expect("count"),
        open_before + 1,
        "the portal home counts it"
    );
    assert!(opened.number.starts_with("TS-2026-"), "{}", opened.number);
    let id = opened.id;
    assert_eq!(
        opened.sla.as_ref().map(|s| s.target.as_str()),
        Some("first_response")
    );

    // Another member, and a handler before dispatch, cannot see it.
    assert!(matches!(
        tickets::member_get(&svc.db, &other, id, now()).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        tickets::member_act(&svc.db, &other, id, TicketAction::Confirm, None, now()).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        tickets::staff_get(&svc.db, &eng, id, now()).await,
        Err(DomainError::NotFound)
    ));
    // Confirming before anything was done is refused, nothing changes.
    let before = events(&svc, id).await;
    assert!(matches!(
        tickets::member_act(&svc.db, &member, id, TicketAction::Confirm, None, now()).await,
        Err(DomainError::Conflict("ticket_step_not_allowed"))
    ));
    assert_eq!(events(&svc, id).await, before);

    svc.clock.advance(Duration::minutes(20));
    tickets::add_note(
        &svc.db,
        &agent,
        id,
        "物业已联系楼下业主，内部备注：业主情绪较急",
        false,
        now(),
    )
    .await
    .expect("internal note");
    let dispatched = tickets::dispatch(
        &svc.db,
        &agent,
        id,
        "engineering",
        Some("请今天上门查看"),
        now(),
    )
    .await
    .expect("dispatch");
    assert_eq!(dispatched.status, TicketStatus::Dispatched);
    assert_eq!(
        dispatched.sla.as_ref().map(|s| s.target.as_str()),
        Some("resolution")
    );
    assert!(matches!(
        tickets::dispatch(&svc.db, &agent, id, "engineering", None, now()).await,
        Err(DomainError::Conflict("department_already_dispatched"))
    ));
    let mine = tickets::department_tasks(&svc.db, &eng, now())
        .await
        .expect("tasks")
        .into_iter()
        .find(|t| t.ticket.id == id)
        .expect("eng1 sees the task");
    assert_eq!(mine.ticket.title, "卫生间漏水");
    let task = mine.task;
    assert!(matches!(
        tickets::finish_task(&svc.db, &eng, task.id, "已修复", now()).await,
        Err(DomainError::Conflict("task_step_not_allowed"))
    ));
    svc.clock.advance(Duration::hours(2));
    let accepted = tickets::accept_task(&svc.db, &eng, task.id, now())
        .await
        .expect("accept");
    assert_eq!(accepted.status, TicketStatus::InProgress);
    svc.clock.advance(Duration::hours(3));
    let done = tickets::finish_task(
        &svc.db,
        &eng,
        task.id,
        "更换防水层并闭水试验 48 小时通过",
        now(),
    )
    .await
    .expect("finish");
    assert_eq!(done.status, TicketStatus::AwaitingConfirmation);
    assert_eq!(done.tasks[0].status, TaskStatus::Done);
    assert!(done.sla.as_ref().is_some_and(|s| s.paused));

    // The member's timeline: every public step with its department, no internal note.
    let seen = tickets::member_get(&svc.db, &member, id, now())
        .await
        .expect("get");
    let steps: Vec<(&str, Option<&str>)> = seen
        .timeline
        .iter()
        .map(|s| (s.kind.as_str(), s.department.as_deref()))
        .collect();
    assert_eq!(
        steps,
        [
            ("received", None),
            ("dispatched", Some("工程部")),
            ("accepted", Some("工程部")),
            ("task_done", Some("工程部")),
            ("resolved", None),
        ]
    );
    assert!(seen.timeline.iter().all(|s| s.public));
    assert!(seen.tasks.is_empty());
    let json = serde_json::to_string(&seen).expect("json");
    assert!(
        !json.contains("内部备注") && !json.contains("杨洋"),
        "{json}"
    );
    // Staff see the internal note.
    let full = tickets::staff_get(&svc.db, &agent, id, now())
        .await
        .expect("staff");
    assert!(
        full.timeline
            .iter()
            .any(|s| !s.public && s.note.as_deref().is_some_and(|n| n.contains("内部备注")))
    );

    let closed = tickets::member_act(&svc.db, &member, id, TicketAction::Confirm, None, now())
        .await
        .expect("confirm");
    assert_eq!(closed.status, TicketStatus::Closed);
    assert_eq!(
        tickets::views::member_open_count(&svc.db, &member)
            .await
            .expect("count"),
        open_before,
        "closed: no longer open"
    );
    assert!(closed.sla.is_none());
    assert!(matches!(
        tickets::revisit(&svc.db, &member, id, 6, None, now()).await,
        Err(DomainError::Validation(_))
    ));
    let rated = tickets::revisit(&svc.db, &member, id, 5, Some("师傅很专业"), now())
        .await
        .expect("revisit");
    assert_eq!(rated.status, TicketStatus::Revisited);
    assert_eq!(rated.rating, Some(5));
    assert!(matches!(
        tickets::revisit(&svc.db, &member, id, 4, None, now()).await,
        Err(DomainError::Conflict(_))
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn reopening_restarts_the_clock_where_it_stopped() {
    let (tdb, svc) = seeded().await;
    let member = actor(&svc, "13800000001").await;
    let agent = actor(&svc, "service1").await;
    let id = tickets::open_for_member(&svc.db, &member, &leak(), svc.clock.now())
        .await
        .expect("open")
        .id;
    let due = |svc: &anju_domain::Services| {
        let db = svc.db.clone();
        async move {
            ticket::Entity::find_by_id(id)
                .one(&db)
                .await
                .expect("q")
                .expect("ticket")
                .resolution_due_at
        }
    };
    let original = due(&svc).await;
    tickets::agent_act(
        &svc.db,
        &agent,
        id,
        TicketAction::Resolve,
        Some("已电话指导"),
        svc.clock.now(),
    )
    .await
    .expect("resolve");
    svc.clock.advance(Duration::hours(10));
    let reopened = tickets::member_act(
        &svc.db,
        &member,
        id,
        TicketAction::Reopen,
        Some("还在漏"),
        svc.clock.now(),
    )
    .await
    .expect("reopen");
    assert_eq!(reopened.status, TicketStatus::Received);
    assert_eq!(due(&svc).await, original + Duration::hours(10));
    // Agents may not confirm on the member's behalf through the member path.
    assert!(matches!(
        tickets::agent_act(
            &svc.db,
            &agent,
            id,
            TicketAction::Confirm,
            None,
            svc.clock.now()
        )
        .await,
        Err(DomainError::Validation(_))
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_sla_job_warns_at_80_percent_and_escalates_on_breach_once() {
    let (tdb, svc) = seeded().await;
    let agent = actor(&svc, "service1").await;
    let member = actor(&svc, "13800000001").await;
    let customer_id = member.customer_id.expect("customer");
    // A hotline complaint: first response within 2 hours.
    let draft = StaffTicketDraft {
        customer_id,
        channel: "hotline".to_owned(),
        priority: None,
        ticket: TicketDraft {
            kind: "complaint".to_owned(),
            category: "complaint.property".to_owned(),
            title: "电梯停运无人处理".to_owned(),
            description: "2 号电梯停运一天。".to_owned(),
            unit_id: None,
        },
    };
    let id = tickets::open_for_customer(&svc.db, &agent, &draft, svc.clock.now())
        .await
        .expect("open")
        .id;
    let alerts_of = |svc: &anju_domain::Services| {
        let db = svc.db.clone();
        async move {
            ticket_sla_alert::Entity::find()
                .filter(ticket_sla_alert::Column::TicketId.eq(id))
                .order_by_asc(ticket_sla_alert::Column::Id)
                .all(&db)
                .await
                .expect("alerts")
                .into_iter()
                .map(|a| a.alert)
                .collect::<Vec<String>>()
        }
    };
    // (The demo's overdue tickets get their alerts on the first run.)
    sla_job::run(&svc.db, svc.clock.now()).await.expect("run");
    assert!(alerts_of(&svc).await.is_empty());
    svc.clock.advance(Duration::minutes(97));
    sla_job::run(&svc.db, svc.clock.now()).await.expect("run");
    assert_eq!(alerts_of(&svc).await, ["first_response_warning"]);
    assert_eq!(
        sla_job::run(&svc.db, svc.clock.now()).await.expect("again"),
        0
    );
    assert_eq!(alerts_of(&svc).await, ["first_response_warning"]);
    svc.clock.advance(Duration::minutes(30));
    sla_job::run(&svc.db, svc.clock.now())
        .await
        .expect("breach");
    assert_eq!(
        alerts_of(&svc).await,
        ["first_response_warning", "first_response_breach"]
    );
    let view = tickets::staff_get(&svc.db, &agent, id, svc.clock.now())
        .await
        .expect("get");
    assert!(view.sla.as_ref().is_some_and(|s| s.overdue));
    // Alerts are internal: the member's timeline does not show them.
    let seen = tickets::member_get(&svc.db, &member, id, svc.clock.now())
        .await
        .expect("member");
    assert!(seen.timeline.iter().all(|s| !s.kind.starts_with("sla_")));
    tdb.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_runners_on_one_database_fire_each_alert_exactly_once() {
    let (tdb, svc) = seeded().await;
    let member = actor(&svc, "13800000001").await;
    let mut ids = Vec::new();
    for _ in 0..10 {
        ids.push(
            tickets::open_for_member(&svc.db, &member, &leak(), svc.clock.now())
                .await
                .expect("open")
                .id,
        );
    }
    // Past every deadline: each new ticket owes 4 alerts (the demo's open
    // tickets owe theirs too).
    svc.clock.advance(Duration::days(30));
    let now = svc.clock.now();
    let (a, b) = tokio::join!(sla_job::run(&svc.db, now), sla_job::run(&svc.db, now));
    let fired = (a.expect("a") + b.expect("b")) as u64;
    let alerts = ticket_sla_alert::Entity::find()
        .count(&svc.db)
        .await
        .expect("count");
    assert_eq!(fired, alerts, "every alert fired by exactly one runner");
    assert_eq!(
        ticket_sla_alert::Entity::find()
            .filter(ticket_sla_alert::Column::TicketId.is_in(ids.clone()))
            .count(&svc.db)
            .await
            .expect("count"),
        40
    );
    let sla_steps = ticket_event::Entity::find()
        .filter(ticket_event::Column::Kind.is_in(["sla_warning", "sla_breach"]))
        .count(&svc.db)
        .await
        .expect("count");
    assert_eq!(sla_steps, alerts);
    // One notification per alert and recipient: the desk (nobody owns
    // these tickets yet), never twice.
    let notes = anju_domain::entity::notification::Entity::find()
        .filter(anju_domain::entity::notification::Column::TicketId.is_in(ids))
        .count(&svc.db)
        .await
        .expect("count");
    assert_eq!(notes, 40);
    assert_eq!(sla_job::run(&svc.db, now).await.expect("again"), 0);
    tdb.cleanup().await;
}

#[tokio::test]
async fn an_admin_sets_an_sla_policy_and_new_tickets_follow_it() {
    use anju_domain::tickets::policies;
    use anju_types::ticket::SlaPolicyUpdate;
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    let agent = actor(&svc, "service1").await;
    let member = actor(&svc, "13800000001").await;
    let all = policies::list(&svc.db, &admin).await.expect("list");
    assert_eq!(all.len(), 20);
    assert!(all.iter().all(|p| !p.customised));
    assert!(matches!(
        policies::list(&svc.db, &agent).await,
        Err(DomainError::Forbidden)
    ));
    let update = SlaPolicyUpdate {
        first_response_minutes: 60,
        resolution_minutes: 30,
        business_hours: true,
    };
    match policies::set(
        &svc.db,
        &admin,
        "repair",
        "normal",
        &update,
        svc.clock.now(),
    )
    .await
    {
        Err(DomainError::Validation(e)) => assert_eq!(e[0].field, "resolution_minutes"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        policies::set(
            &svc.db,
            &admin,
            "repair",
            "whenever",
            &update,
            svc.clock.now()
        )
        .await,
        Err(DomainError::NotFound)
    ));
    let set = policies::set(
        &svc.db,
        &admin,
        "repair",
        "normal",
        &SlaPolicyUpdate {
            resolution_minutes: 8 * 60,
            ..update
        },
        svc.clock.now(),
    )
    .await
    .expect("set");
    assert!(set.customised && set.business_hours);
    let opened_at = svc.clock.now();
    let id = tickets::open_for_member(&svc.db, &member, &leak(), opened_at)
        .await
        .expect("open")
        .id;
    let t = ticket::Entity::find_by_id(id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("ticket");
    assert!(t.business_hours);
    assert_eq!(
        t.first_response_due_at,
        tickets::sla::add_minutes(opened_at, 60, true)
    );
    assert_eq!(
        t.resolution_due_at,
        tickets::sla::add_minutes(opened_at, 8 * 60, true)
    );
    tdb.cleanup().await;
}
