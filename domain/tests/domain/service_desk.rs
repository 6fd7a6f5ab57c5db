//! The service desk around the ticket: notifications to members and staff,
//! SLA alerts in the work queue, the knowledge base, and the demo tickets.

use crate::support::{actor, seeded};
use anju_domain::DomainError;
use anju_domain::entity::{outbound_message, ticket, ticket_task};
use anju_domain::tickets::{self, sla_job};
use anju_domain::{customers, kb, notifications};
use anju_types::kb::KbArticleDraft;
use anju_types::ticket::TicketDraft;
use anju_types::{Lang, NotificationKind, TaskStatus, TicketStatus};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn leak(title: &str) -> TicketDraft {
    TicketDraft {
        kind: "repair".to_owned(),
        category: "repair.leaks".to_owned(),
        title: title.to_owned(),
        description: "厨房水槽下方渗水。".to_owned(),
        unit_id: None,
    }
}

#[tokio::test]
async fn members_hear_of_every_step_others_take_and_get_texts_for_the_key_ones() {
    let (tdb, svc) = seeded().await;
    let member = actor(&svc, "13800000001").await;
    let other = actor(&svc, "13800000002").await;
    let agent = actor(&svc, "service1").await;
    let eng = actor(&svc, "eng1").await;
    let now = || svc.clock.now();
    let sms_before = outbound_message::Entity::find()
        .count(&svc.db)
        .await
        .expect("count");

    let id = tickets::open_for_member(&svc.db, &member, &leak("水槽漏水"), now())
        .await
        .expect("open")
        .id;
    // Their own step: no in-app notice, but the SMS confirmation.
    let page = notifications::list(&svc.db, &member, None, Lang::Zh)
        .await
        .expect("list");
    assert!(page.items.is_empty());
    tickets::dispatch(&svc.db, &agent, id, "engineering", None, now())
        .await
        .expect("dispatch");
    tickets::add_note(&svc.db, &agent, id, "内部：先查楼下", false, now())
        .await
        .expect("internal note");
    let task = tickets::department_tasks(&svc.db, &eng, now())
        .await
        .expect("tasks")
        .into_iter()
        .find(|t| t.ticket.id == id)
        .expect("task")
        .task;
    tickets::accept_task(&svc.db, &eng, task.id, now())
        .await
        .expect("accept");
    tickets::finish_task(&svc.db, &eng, task.id, "更换下水管", now())
        .await
        .expect("finish");

    let page = notifications::list(&svc.db, &member, None, Lang::Zh)
        .await
        .expect("list");
    let texts: Vec<&str> = page.items.iter().map(|n| n.text.as_str()).collect();
    let number = page.items[0].ticket_number.clone().expect("number");
    // Newest first; the internal note is not among them.
    assert_eq!(
        texts,
        [
            format!("您的服务单 {number}：处理完成，请确认"),
            format!("您的服务单 {number}：部门处理完成"),
            format!("您的服务单 {number}：处理中"),
            format!("您的服务单 {number}：已派单"),
        ]
    );
    assert_eq!(page.unread, 4);
    assert!(
        page.items
            .iter()
            .all(|n| n.kind == NotificationKind::TicketStep && n.ticket_id == Some(id))
    );
    let sms: Vec<String> = outbound_message::Entity::find()
        .filter(outbound_message::Column::Recipient.eq("13800000001"))
        .all(&svc.db)
        .await
        .expect("sms")
        .into_iter()
        .map(|m| m.body)
        .collect();
    assert_eq!(sms.len(), 2, "{sms:?}");
    assert!(sms[0].contains("已受理") && sms[1].contains("请在安居会员中心确认"));
    assert_eq!(
        outbound_message::Entity::find()
            .count(&svc.db)
            .await
            .expect("count"),
        sms_before + 2
    );

    // Nobody else reads or marks them.
    let first = page.items[0].id;
    assert!(matches!(
        notifications::mark_read(&svc.db, &other, Some(first), now()).await,
        Err(DomainError::NotFound)
    ));
    assert!(
        notifications::list(&svc.db, &other, None, Lang::Zh)
            .await
            .expect("other")
            .items
            .is_empty()
    );
    assert_eq!(
        notifications::mark_read(&svc.db, &member, Some(first), now())
            .await
            .expect("one"),
        1
    );
    assert_eq!(
        notifications::mark_read(&svc.db, &member, None, now())
            .await
            .expect("all"),
        3
    );
    assert_eq!(
        notifications::mark_read(&svc.db, &member, None, now())
            .await
            .expect("again"),
        0
    );
    assert_eq!(notifications::unread(&svc.db, &member).await.expect("n"), 0);
    tdb.cleanup().await;
}

#[tokio::test]
async fn sla_alerts_reach_the_assignee_and_the_department_head_in_their_work_queue() {
    let (tdb, svc) = seeded().await;
    let member = actor(&svc, "13800000001").await;
    let agent = actor(&svc, "service1").await;
    let eng = actor(&svc, "eng1").await;
    let sales = actor(&svc, "sales1").await;
    let now = || svc.clock.now();
    let id = tickets::open_for_member(&svc.db, &member, &leak("阳台地漏返水"), now())
        .await
        .expect("open")
        .id;
    tickets::dispatch(&svc.db, &agent, id, "engineering", None, now())
        .await
        .expect("dispatch");
    // The desk is otherwise clear: stop the demo's open tickets' clocks so
    // the queue (the 50 most urgent) shows this one.
    ticket::Entity::update_many()
        .col_expr(
            ticket::Column::PausedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(ticket::Column::Id.ne(id))
        .exec(&svc.db)
        .await
        .expect("pause the rest");
    let queued = |who: anju_domain::auth::Actor| {
        let db = svc.db.clone();
        let at = svc.clock.now();
        async move {
            customers::work_queue::for_actor(&db, &who, at)
                .await
                .expect("queue")
                .sla_alerts
                .iter()
                .any(|a| a.ticket_id == id)
        }
    };
    assert!(!queued(agent.clone()).await, "nothing due yet");

    // Normal repair: 72 h to resolve, the warning at 57.6 h.
    svc.clock.advance(Duration::hours(58));
    sla_job::run(&svc.db, now()).await.expect("job");
    assert!(queued(agent.clone()).await, "the agent who dispatched it");
    assert!(queued(eng.clone()).await, "engineering's open task");
    assert!(!queued(sales.clone()).await, "not a salesperson's business");
    let item = customers::work_queue::for_actor(&svc.db, &agent, now())
        .await
        .expect("queue")
        .sla_alerts
        .into_iter()
        .find(|a| a.ticket_id == id)
        .expect("item");
    assert_eq!(item.sla.target, "resolution");
    assert!(!item.sla.overdue);

    let warned = |who: anju_domain::auth::Actor, kind: NotificationKind| {
        let db = svc.db.clone();
        async move {
            notifications::list(&db, &who, None, Lang::Zh)
                .await
                .expect("list")
                .items
                .iter()
                .filter(|n| n.ticket_id == Some(id) && n.kind == kind)
                .count()
        }
    };
    // service1 owns it and heads the desk; eng1 heads engineering.
    assert_eq!(warned(agent.clone(), NotificationKind::SlaWarning).await, 1);
    assert_eq!(warned(eng.clone(), NotificationKind::SlaWarning).await, 1);
    assert_eq!(
        warned(member.clone(), NotificationKind::SlaWarning).await,
        0
    );

    svc.clock.advance(Duration::hours(15));
    sla_job::run(&svc.db, now()).await.expect("job");
    sla_job::run(&svc.db, now()).await.expect("job again");
    assert_eq!(warned(eng.clone(), NotificationKind::SlaBreach).await, 1);
    let item = customers::work_queue::for_actor(&svc.db, &eng, now())
        .await
        .expect("queue")
        .sla_alerts
        .into_iter()
        .find(|a| a.ticket_id == id)
        .expect("item");
    assert!(item.sla.overdue);

    // Awaiting the member, the clock stops and the item leaves the queue.
    let task = tickets::department_tasks(&svc.db, &eng, now())
        .await
        .expect("tasks")
        .into_iter()
        .find(|t| t.ticket.id == id)
        .expect("task")
        .task;
    tickets::accept_task(&svc.db, &eng, task.id, now())
        .await
        .expect("accept");
    tickets::finish_task(&svc.db, &eng, task.id, "疏通地漏", now())
        .await
        .expect("finish");
    assert!(!queued(agent.clone()).await);
    assert!(!queued(eng).await);
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_knowledge_base_is_searched_suggested_and_grown_from_resolutions() {
    let (tdb, svc) = seeded().await;
    let member = actor(&svc, "13800000001").await;
    let agent = actor(&svc, "service1").await;
    let now = || svc.clock.now();

    // Members and visitors search the published demo articles.
    let hits = kb::search(&svc.db, None, Some("漏水"), None)
        .await
        .expect("search");
    assert_eq!(
        hits.first().map(|a| a.title.as_str()),
        Some("卫生间或厨房漏水怎么办")
    );
    assert!(
        kb::search(&svc.db, Some(&member), Some("量子计算"), None)
            .await
            .expect("none")
            .is_empty()
    );
    // Suggestions while writing: the category's article first.
    let suggested = kb::suggest(&svc.db, Some("repair.leaks"), "卫生间 渗水")
        .await
        .expect("suggest");
    assert_eq!(
        suggested.first().map(|a| a.title.as_str()),
        Some("卫生间或厨房漏水怎么办")
    );
    assert!(suggested.len() <= 3);
    let by_text = kb::suggest(&svc.db, None, "想问一下物业费怎么交")
        .await
        .expect("suggest");
    assert_eq!(
        by_text.first().map(|a| a.title.as_str()),
        Some("物业费如何缴纳")
    );

    // Bad input: field errors, nothing written; members may not write.
    let before = kb::search(&svc.db, Some(&agent), None, None)
        .await
        .expect("all")
        .len();
    match kb::create(
        &svc.db,
        &agent,
        &KbArticleDraft {
            section: "gossip".to_owned(),
            ticket_category: Some("nope".to_owned()),
            ..Default::default()
        },
        now(),
    )
    .await
    {
        Err(DomainError::Validation(e)) => {
            let fields: Vec<_> = e.iter().map(|f| f.field).collect();
            assert_eq!(fields, ["section", "ticket_category", "title", "body"]);
        }
        other => panic!("{other:?}"),
    }
    let draft = KbArticleDraft {
        section: "faq".to_owned(),
        title: "x".to_owned(),
        body: "y".to_owned(),
        ..Default::default()
    };
    assert!(matches!(
        kb::create(&svc.db, &member, &draft, now()).await,
        Err(DomainError::Forbidden)
    ));
    assert_eq!(
        kb::search(&svc.db, Some(&agent), None, None)
            .await
            .expect("all")
            .len(),
        before
    );

    // A resolved ticket becomes a draft article: public answers only.
    let id = tickets::open_for_member(&svc.db, &member, &leak("空调冷凝水滴到阳台"), now())
        .await
        .expect("open")
        .id;
    tickets::add_note(&svc.db, &agent, id, "内部：业主很着急", false, now())
        .await
        .expect("internal");
    tickets::add_note(
        &svc.db,
        &agent,
        id,
        "请清理冷凝水管出口的堵塞物",
        true,
        now(),
    )
    .await
    .expect("public");
    let d = kb::draft_from_ticket(&svc.db, &agent, id)
        .await
        .expect("draft");
    assert_eq!(d.title, "空调冷凝水滴到阳台");
    assert_eq!(d.ticket_category.as_deref(), Some("repair.leaks"));
    assert!(d.body.contains("请清理冷凝水管出口的堵塞物"), "{}", d.body);
    assert!(!d.body.contains("内部"), "{}", d.body);
    assert!(!d.published);
    assert!(matches!(
        kb::draft_from_ticket(&svc.db, &member, id).await,
        Err(DomainError::Forbidden)
    ));

    // Saved as a draft it stays hidden from members, then is published.
    let saved = kb::create(
        &svc.db,
        &agent,
        &KbArticleDraft {
            keywords: "空调, 冷凝水、滴水".to_owned(),
            ..d.clone()
        },
        now(),
    )
    .await
    .expect("create");
    assert_eq!(saved.keywords, ["空调", "冷凝水", "滴水"]);
    assert_eq!(saved.source_ticket_id, Some(id));
    assert!(matches!(
        kb::get(&svc.db, Some(&member), saved.id).await,
        Err(DomainError::NotFound)
    ));
    assert!(
        kb::search(&svc.db, None, Some("冷凝水"), None)
            .await
            .expect("hidden")
            .is_empty()
    );
    kb::update(
        &svc.db,
        &agent,
        saved.id,
        &KbArticleDraft {
            published: true,
            keywords: "空调、冷凝水".to_owned(),
            ..d
        },
        now(),
    )
    .await
    .expect("publish");
    let public = kb::get(&svc.db, None, saved.id).await.expect("public");
    assert_eq!(
        public.source_ticket_id, None,
        "members never see the ticket"
    );
    assert_eq!(
        kb::search(&svc.db, None, Some("冷凝水"), None)
            .await
            .expect("found")
            .first()
            .map(|a| a.id),
        Some(saved.id)
    );
    let audited = anju_domain::entity::audit_log::Entity::find()
        .filter(anju_domain::entity::audit_log::Column::Entity.eq("kb_article"))
        .count(&svc.db)
        .await
        .expect("audit");
    assert_eq!(audited, 2);
    tdb.cleanup().await;
}

#[tokio::test]
async fn demo_tickets_are_consistent_with_their_status() {
    let (tdb, svc) = seeded().await;
    let all = ticket::Entity::find().all(&svc.db).await.expect("tickets");
    assert_eq!(all.len(), 300);
    let tasks = ticket_task::Entity::find()
        .all(&svc.db)
        .await
        .expect("tasks");
    let now = svc.clock.now();
    let mut overdue = 0;
    for t in &all {
        let status = TicketStatus::parse(&t.status).expect("status");
        let open_tasks = tasks
            .iter()
            .filter(|k| k.ticket_id == t.id && k.status != TaskStatus::Done.as_str())
            .count();
        match status {
            TicketStatus::Dispatched | TicketStatus::InProgress => {
                assert_eq!(open_tasks, 1, "{t:?}")
            }
            _ => assert_eq!(open_tasks, 0, "{t:?}"),
        }
        assert_eq!(
            t.paused_at.is_some(),
            status == TicketStatus::AwaitingConfirmation,
            "{t:?}"
        );
        assert_eq!(t.rating.is_some(), status == TicketStatus::Revisited);
        if status.is_open() && t.resolution_due_at < now {
            overdue += 1;
        }
    }
    assert!(overdue > 0, "some open tickets are overdue");
    for s in TicketStatus::ALL {
        assert!(
            all.iter().any(|t| t.status == s.as_str()),
            "no demo ticket {s:?}"
        );
    }
    // Members see them like their own requests: every step public.
    let owner = all[0].customer_id;
    assert!(
        all.iter().filter(|t| t.customer_id == owner).count() >= 1
            && kb::search(&svc.db, None, None, None)
                .await
                .expect("kb")
                .len()
                >= 10
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn reclassifying_an_open_ticket_moves_its_deadlines_but_keeps_its_pauses() {
    use anju_domain::tickets::Classification;
    use anju_types::TicketAction;
    let (tdb, svc) = seeded().await;
    let member = actor(&svc, "13800000001").await;
    let agent = actor(&svc, "service1").await;
    let opened_at = svc.clock.now();
    let id = tickets::open_for_member(&svc.db, &member, &leak("配电箱冒烟"), opened_at)
        .await
        .expect("open")
        .id;
    let row = |svc: &anju_domain::Services| {
        let db = svc.db.clone();
        async move {
            ticket::Entity::find_by_id(id)
                .one(&db)
                .await
                .expect("q")
                .expect("ticket")
        }
    };
    let urgent = Classification {
        category: "repair.plumbing_electric".to_owned(),
        priority: "urgent".to_owned(),
    };
    // Bad codes: field errors, nothing changed.
    match tickets::classify(
        &svc.db,
        &agent,
        id,
        &Classification {
            category: "repair.nowhere".to_owned(),
            priority: "asap".to_owned(),
        },
        svc.clock.now(),
    )
    .await
    {
        Err(DomainError::Validation(e)) => {
            assert_eq!(
                e.iter().map(|f| f.field).collect::<Vec<_>>(),
                ["category", "priority"]
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        tickets::classify(&svc.db, &member, id, &urgent, svc.clock.now()).await,
        Err(DomainError::Forbidden)
    ));
    assert_eq!(row(&svc).await.priority, "normal");

    // Answered, then sent back to the member for 5 hours, then reopened.
    tickets::agent_act(
        &svc.db,
        &agent,
        id,
        TicketAction::Resolve,
        None,
        svc.clock.now(),
    )
    .await
    .expect("resolve");
    svc.clock.advance(Duration::hours(5));
    tickets::member_act(
        &svc.db,
        &member,
        id,
        TicketAction::Reopen,
        None,
        svc.clock.now(),
    )
    .await
    .expect("reopen");
    assert_eq!(row(&svc).await.paused_minutes, 300);

    let view = tickets::classify(&svc.db, &agent, id, &urgent, svc.clock.now())
        .await
        .expect("classify");
    assert_eq!(view.priority, anju_types::TicketPriority::Urgent);
    let t = row(&svc).await;
    assert_eq!(t.category, "repair.plumbing_electric");
    // Urgent: resolved within 8 hours of receipt, plus the 5 paused.
    assert_eq!(t.resolution_due_at, opened_at + Duration::hours(13));
    assert_eq!(
        t.first_response_due_at,
        opened_at + Duration::minutes(30 + 300)
    );
    let internal = view
        .timeline
        .iter()
        .find(|s| s.kind == "classified")
        .expect("on the staff timeline");
    assert!(!internal.public);
    assert_eq!(
        internal.note.as_deref(),
        Some("报修/防水渗漏 · 普通 → 报修/水电 · 紧急")
    );
    let seen = tickets::member_get(&svc.db, &member, id, svc.clock.now())
        .await
        .expect("member");
    assert!(seen.timeline.iter().all(|s| s.kind != "classified"));

    // Settled tickets keep what they were promised.
    tickets::agent_act(
        &svc.db,
        &agent,
        id,
        TicketAction::Resolve,
        None,
        svc.clock.now(),
    )
    .await
    .expect("resolve");
    assert!(matches!(
        tickets::classify(&svc.db, &agent, id, &urgent, svc.clock.now()).await,
        Err(DomainError::Conflict("ticket_step_not_allowed"))
    ));
    tdb.cleanup().await;
}

/// A real 1×1 PNG.
pub fn tiny_png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xFC,
        0xCF, 0xC0, 0x50, 0x0F, 0x00, 0x04, 0x85, 0x01, 0x80, 0x84, 0xA9, 0x8C, 0x21, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}

#[tokio::test]
async fn photos_are_checked_by_content_limited_and_private_to_the_ticket() {
    use anju_domain::entity::ticket_photo;
    use anju_domain::tickets::photos;
    use anju_types::TicketAction;
    let (tdb, svc) = seeded().await;
    let member = actor(&svc, "13800000001").await;
    let other = actor(&svc, "13800000002").await;
    let agent = actor(&svc, "service1").await;
    let eng = actor(&svc, "eng1").await;
    let now = || svc.clock.now();
    let id = tickets::open_for_member(&svc.db, &member, &leak("墙面渗水发霉"), now())
        .await
        .expect("open")
        .id;
    let count = || {
        let db = svc.db.clone();
        async move {
            ticket_photo::Entity::find()
                .filter(ticket_photo::Column::TicketId.eq(id))
                .count(&db)
                .await
                .expect("count")
        }
    };

    // Not images (whatever they claim to be), empty, too big: refused, nothing stored.
    for (bytes, code) in [
        (b"GIF89a\x01\x00\x01\x00".to_vec(), "not_an_image"),
        (b"<svg onload=alert(1)>".to_vec(), "not_an_image"),
        (Vec::new(), "required"),
        (
            {
                let mut big = tiny_png();
                big.resize(photos::MAX_PHOTO_BYTES + 1, 0);
                big
            },
            "too_large",
        ),
    ] {
        match photos::add(&svc.db, &member, id, &bytes, now()).await {
            Err(DomainError::Validation(e)) => assert_eq!(e[0].code, code),
            other => panic!("{code}: {other:?}"),
        }
    }
    assert_eq!(count().await, 0);
    // Nobody else's ticket: 404 for another member and for a department
    // it was never sent to.
    assert!(matches!(
        photos::add(&svc.db, &other, id, &tiny_png(), now()).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        photos::add(&svc.db, &eng, id, &tiny_png(), now()).await,
        Err(DomainError::NotFound)
    ));

    let added = photos::add(&svc.db, &member, id, &tiny_png(), now())
        .await
        .expect("png");
    assert_eq!(added.content_type, "image/png");
    let (kind, bytes) = photos::get(&svc.db, &agent, id, added.id)
        .await
        .expect("agent reads");
    assert_eq!((kind.as_str(), bytes), ("image/png", tiny_png()));
    assert!(matches!(
        photos::get(&svc.db, &other, id, added.id).await,
        Err(DomainError::NotFound)
    ));
    let seen = tickets::member_get(&svc.db, &member, id, now())
        .await
        .expect("view");
    assert_eq!(seen.photos.len(), 1);
    assert!(seen.timeline.iter().any(|s| s.kind == "photo"));

    for _ in 1..photos::MAX_PHOTOS_PER_TICKET {
        photos::add(&svc.db, &agent, id, &tiny_png(), now())
            .await
            .expect("up to six");
    }
    match photos::add(&svc.db, &member, id, &tiny_png(), now()).await {
        Err(DomainError::Validation(e)) => assert_eq!(e[0].code, "too_many"),
        other => panic!("{other:?}"),
    }
    assert_eq!(count().await, photos::MAX_PHOTOS_PER_TICKET);

    // After the revisit the record is final.
    tickets::agent_act(&svc.db, &agent, id, TicketAction::Resolve, None, now())
        .await
        .expect("resolve");
    tickets::member_act(&svc.db, &member, id, TicketAction::Confirm, None, now())
        .await
        .expect("confirm");
    tickets::revisit(&svc.db, &member, id, 5, None, now())
        .await
        .expect("rate");
    ticket_photo::Entity::delete_many()
        .filter(ticket_photo::Column::TicketId.eq(id))
        .exec(&svc.db)
        .await
        .expect("make room");
    assert!(matches!(
        photos::add(&svc.db, &member, id, &tiny_png(), now()).await,
        Err(DomainError::Conflict(_))
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn an_agent_opens_a_ticket_for_a_caller_found_by_mobile() {
    use anju_domain::tickets::StaffTicketDraft;
    let (tdb, svc) = seeded().await;
    let agent = actor(&svc, "service1").await;
    let sales = actor(&svc, "sales1").await;
    let draft = StaffTicketDraft {
        customer_id: 0,
        channel: "hotline".to_owned(),
        priority: Some("high".to_owned()),
        ticket: leak("热水器漏水"),
    };
    let before = ticket::Entity::find().count(&svc.db).await.expect("count");
    for (mobile, code) in [("12345", "invalid_mobile"), ("13999990000", "not_found")] {
        match tickets::open_for_caller(&svc.db, &agent, mobile, &draft, svc.clock.now()).await {
            Err(DomainError::Validation(e)) => {
                assert_eq!((e[0].field, e[0].code), ("mobile", code))
            }
            other => panic!("{mobile}: {other:?}"),
        }
    }
    assert!(matches!(
        tickets::open_for_caller(&svc.db, &sales, "13800000002", &draft, svc.clock.now()).await,
        Err(DomainError::Forbidden)
    ));
    assert_eq!(
        ticket::Entity::find().count(&svc.db).await.expect("count"),
        before
    );
    let view = tickets::open_for_caller(
        &svc.db,
        &agent,
        "+86 138-0000-0002",
        &draft,
        svc.clock.now(),
    )
    .await
    .expect("open");
    assert_eq!(view.customer_name, "李娜");
    assert_eq!(view.channel, anju_types::TicketChannel::Hotline);
    assert_eq!(view.priority, anju_types::TicketPriority::High);
    // The agent who took the call owns it; the hotline answers within 2 hours.
    let t = ticket::Entity::find_by_id(view.id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("ticket");
    assert_eq!(t.agent_user_id, Some(agent.user_id));
    assert!(t.first_response_due_at <= t.created_at + Duration::hours(2));
    tdb.cleanup().await;
}
