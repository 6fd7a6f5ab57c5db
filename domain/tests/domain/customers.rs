use crate::support::{actor, seeded};
use anju_domain::DomainError;
use anju_domain::customers::InteractionDraft;
use anju_domain::customers::interactions;
use anju_domain::customers::{self, CustomerDraft, SearchQuery};

fn draft(name: &str, mobile: &str) -> CustomerDraft {
    CustomerDraft {
        name: name.to_owned(),
        mobile: mobile.to_owned(),
        source_channel: Some("自然来访".to_owned()),
        consent_marketing: true,
        ..Default::default()
    }
}

/// Every customer the actor sees, walking all pages.
async fn all_of(
    svc: &anju_domain::Services,
    who: &anju_domain::auth::Actor,
) -> Vec<anju_domain::customers::CustomerRow> {
    let (mut out, mut after) = (Vec::new(), None);
    loop {
        let page = customers::search(
            &svc.db,
            who,
            &SearchQuery {
                after,
                limit: 200,
                ..Default::default()
            },
        )
        .await
        .expect("page");
        out.extend(page.items);
        match page.next_after {
            Some(a) => after = Some(a),
            None => return out,
        }
    }
}

fn field_codes(e: &DomainError) -> Vec<(&'static str, &'static str)> {
    match e {
        DomainError::Validation(fields) => fields.iter().map(|f| (f.field, f.code)).collect(),
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn a_salesperson_registers_a_walk_in_and_owns_it() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let c = customers::create(
        &svc.db,
        &sales1,
        &draft("  周杰  ", "+86 137 1234 5678"),
        svc.clock.now(),
    )
    .await
    .expect("create");
    assert_eq!(c.name, "周杰");
    assert_eq!(c.mobile, "13712345678");
    assert_eq!(
        c.assigned_sales.as_ref().map(|s| s.name.as_str()),
        Some("王芳")
    );
    assert!(c.kinds.prospect && !c.kinds.owner && !c.kinds.member);
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_known_phone_offers_the_existing_record_only_when_visible() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let sales2 = actor(&svc, "sales2").await;
    let first = customers::create(
        &svc.db,
        &sales1,
        &draft("周杰", "13712345678"),
        svc.clock.now(),
    )
    .await
    .expect("create");
    let again = customers::create(
        &svc.db,
        &sales1,
        &draft("周杰伦", "137-1234-5678"),
        svc.clock.now(),
    )
    .await;
    assert!(
        matches!(again, Err(DomainError::Duplicate { field: "mobile", existing_id: Some(id) }) if id == first.id),
        "{again:?}"
    );
    // Another salesperson learns the phone is taken, not whose customer it is.
    let other = customers::create(
        &svc.db,
        &sales2,
        &draft("周杰", "13712345678"),
        svc.clock.now(),
    )
    .await;
    assert!(
        matches!(
            other,
            Err(DomainError::Duplicate {
                field: "mobile",
                existing_id: None
            })
        ),
        "{other:?}"
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn bad_input_gets_field_errors_and_changes_nothing() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let before = customers::search(
        &svc.db,
        &sales1,
        &SearchQuery {
            limit: 200,
            ..Default::default()
        },
    )
    .await
    .expect("search")
    .items
    .len();
    let bad = CustomerDraft {
        name: " ".to_owned(),
        mobile: "12345".to_owned(),
        gender: Some("other".to_owned()),
        birthday: Some("2999-01-01".to_owned()),
        id_number: Some("110105194912310021".to_owned()),
        ..Default::default()
    };
    let err = customers::create(&svc.db, &sales1, &bad, svc.clock.now())
        .await
        .expect_err("invalid");
    assert_eq!(
        field_codes(&err),
        vec![
            ("name", "required"),
            ("mobile", "invalid_mobile"),
            ("gender", "invalid_choice"),
            ("birthday", "invalid_date"),
            ("id_number", "invalid_id_number"),
        ]
    );
    let after = customers::search(
        &svc.db,
        &sales1,
        &SearchQuery {
            limit: 200,
            ..Default::default()
        },
    )
    .await
    .expect("search")
    .items
    .len();
    assert_eq!(before, after);
    tdb.cleanup().await;
}

#[tokio::test]
async fn key_field_changes_are_kept_with_who_when_old_and_new() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let manager = actor(&svc, "manager1").await;
    let c = customers::create(
        &svc.db,
        &sales1,
        &draft("周杰", "13712345678"),
        svc.clock.now(),
    )
    .await
    .expect("create");
    let mut edit = draft("周杰伦", "13712345679");
    edit.id_number = Some("11010519491231002X".to_owned());
    edit.consent_marketing = false;
    edit.employer = Some("杰威尔音乐".to_owned());
    svc.clock.advance(chrono::Duration::hours(1));
    let updated = customers::update(&svc.db, &sales1, c.id, &edit, svc.clock.now())
        .await
        .expect("update");
    assert_eq!(updated.mobile, "13712345679");
    // Sales see the ID number masked; a manager sees it whole.
    assert_eq!(updated.id_number.as_deref(), Some("1101**********002X"));
    let full = customers::get(&svc.db, &manager, c.id)
        .await
        .expect("manager sees team");
    assert_eq!(full.id_number.as_deref(), Some("11010519491231002X"));

    let changes = customers::history(&svc.db, &sales1, c.id)
        .await
        .expect("history");
    let mut fields: Vec<&str> = changes.iter().map(|h| h.field.as_str()).collect();
    fields.sort();
    assert_eq!(
        fields,
        vec!["consent_marketing", "id_number", "mobile", "name"]
    );
    let name = changes
        .iter()
        .find(|h| h.field == "name")
        .expect("name change");
    assert_eq!(name.old_value.as_deref(), Some("周杰"));
    assert_eq!(name.new_value.as_deref(), Some("周杰伦"));
    assert_eq!(
        name.changed_by.as_ref().map(|s| s.name.as_str()),
        Some("王芳")
    );
    assert_eq!(name.changed_at, svc.clock.now());

    // Saving the form again with the masked ID number keeps the stored one
    // and records no change.
    let mut again = edit.clone();
    again.id_number = updated.id_number.clone();
    customers::update(&svc.db, &sales1, c.id, &again, svc.clock.now())
        .await
        .expect("save again");
    assert_eq!(
        customers::history(&svc.db, &sales1, c.id)
            .await
            .expect("history")
            .len(),
        4
    );
    let kept = customers::get(&svc.db, &manager, c.id).await.expect("get");
    assert_eq!(kept.id_number.as_deref(), Some("11010519491231002X"));
    tdb.cleanup().await;
}

#[tokio::test]
async fn each_role_sees_only_its_records_and_others_are_not_found() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let sales2 = actor(&svc, "sales2").await;
    let mine = customers::create(
        &svc.db,
        &sales1,
        &draft("周杰", "13712345678"),
        svc.clock.now(),
    )
    .await
    .expect("create");
    let theirs = customers::create(
        &svc.db,
        &sales2,
        &draft("蔡琳", "13712340000"),
        svc.clock.now(),
    )
    .await
    .expect("create");
    let now = svc.clock.now();
    // (login, sees sales1's customer, may edit)
    for (login, sees, edits) in [
        ("sales1", true, true),
        ("sales2", false, false),
        ("manager1", true, true),
        ("service1", true, true),
        ("club1", false, false),
        ("mkt1", false, false),
        ("admin", false, false),
        ("13800000001", false, false),
    ] {
        let who = actor(&svc, login).await;
        let got = customers::get(&svc.db, &who, mine.id).await;
        assert_eq!(got.is_ok(), sees, "{login} get: {got:?}");
        if !sees {
            assert!(
                matches!(got, Err(DomainError::NotFound | DomainError::Forbidden)),
                "{login}: {got:?}"
            );
        }
        let found = customers::search(
            &svc.db,
            &who,
            &SearchQuery {
                q: Some("13712345678".to_owned()),
                limit: 20,
                ..Default::default()
            },
        )
        .await
        .map(|p| p.items.len())
        .unwrap_or(0);
        assert_eq!(found, usize::from(sees), "{login} search");
        let edited =
            customers::update(&svc.db, &who, mine.id, &draft("周杰", "13712345678"), now).await;
        assert_eq!(edited.is_ok(), edits, "{login} edit: {edited:?}");
    }
    // sales1 cannot reach sales2's record through any door.
    assert!(matches!(
        customers::get(&svc.db, &sales1, theirs.id).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        customers::history(&svc.db, &sales1, theirs.id).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        interactions::list(&svc.db, &sales1, theirs.id, None, 10).await,
        Err(DomainError::NotFound)
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn search_by_phone_suffix_name_prefix_and_tag_with_keyset_pages() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let mut d = draft("欧阳娜娜", "13755556666");
    d.tags = vec!["VIP".to_owned(), "学区".to_owned()];
    let c = customers::create(&svc.db, &sales1, &d, svc.clock.now())
        .await
        .expect("create");
    let q = |q: &str| SearchQuery {
        q: Some(q.to_owned()),
        limit: 50,
        ..Default::default()
    };
    for query in ["6666", "13755556666", "欧阳", "欧阳娜娜"] {
        let page = customers::search(&svc.db, &sales1, &q(query))
            .await
            .expect("search");
        assert_eq!(
            page.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![c.id],
            "{query}"
        );
    }
    let tagged = customers::search(
        &svc.db,
        &sales1,
        &SearchQuery {
            tag: Some("VIP".to_owned()),
            limit: 50,
            ..Default::default()
        },
    )
    .await
    .expect("tag");
    assert_eq!(tagged.items.len(), 1);

    // Walk every page of sales1's customers, 7 at a time: no gaps, no repeats.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = customers::search(
            &svc.db,
            &sales1,
            &SearchQuery {
                after,
                limit: 7,
                ..Default::default()
            },
        )
        .await
        .expect("page");
        seen.extend(page.items.iter().map(|r| r.id));
        match page.next_after {
            Some(a) => after = Some(a),
            None => break,
        }
    }
    let all = all_of(&svc, &sales1).await;
    assert_eq!(seen, all.iter().map(|r| r.id).collect::<Vec<_>>());
    assert!(seen.len() > 7, "demo gives sales1 several pages");
    tdb.cleanup().await;
}

#[tokio::test]
async fn interactions_are_logged_with_the_next_follow_up() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let c = customers::create(
        &svc.db,
        &sales1,
        &draft("周杰", "13712345678"),
        svc.clock.now(),
    )
    .await
    .expect("create");
    let next = (svc.clock.now() + chrono::Duration::days(3))
        .date_naive()
        .to_string();
    let logged = interactions::log(
        &svc.db,
        &sales1,
        c.id,
        &InteractionDraft {
            kind: "visit".to_owned(),
            notes: "看了 1栋 三室样板间".to_owned(),
            occurred_at: None,
            next_follow_up_on: Some(next.clone()),
        },
        svc.clock.now(),
    )
    .await
    .expect("log");
    assert_eq!(
        logged.interaction.next_follow_up_on.map(|d| d.to_string()),
        Some(next)
    );
    let bad = interactions::log(
        &svc.db,
        &sales1,
        c.id,
        &InteractionDraft {
            kind: "telepathy".to_owned(),
            next_follow_up_on: Some("2000-01-01".to_owned()),
            ..Default::default()
        },
        svc.clock.now(),
    )
    .await
    .expect_err("invalid");
    assert_eq!(
        field_codes(&bad),
        vec![
            ("kind", "invalid_choice"),
            ("next_follow_up_on", "in_the_past")
        ]
    );
    let list = interactions::list(&svc.db, &sales1, c.id, None, 20)
        .await
        .expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].staff_name.as_deref(), Some("王芳"));
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_manager_moves_a_leavers_customers_and_history_records_it() {
    use anju_domain::customers::reassign::{self, Reassignment};
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let sales2 = actor(&svc, "sales2").await;
    let manager = actor(&svc, "manager1").await;
    let before1 = all_of(&svc, &sales1).await;
    let before2 = all_of(&svc, &sales2).await.len();
    assert!(!before1.is_empty());

    let team = reassign::team_salespeople(&svc.db, &manager)
        .await
        .expect("team");
    assert_eq!(
        team.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec!["王芳", "李明"]
    );

    // Salespeople cannot do it; nor move to someone outside the team.
    let request = Reassignment {
        from_sales_id: sales1.user_id,
        to_sales_id: sales2.user_id,
        customer_ids: None,
    };
    assert!(matches!(
        reassign::reassign(&svc.db, &sales1, &request, svc.clock.now()).await,
        Err(DomainError::Forbidden)
    ));
    let admin = actor(&svc, "admin").await;
    let outside = Reassignment {
        to_sales_id: admin.user_id,
        ..request.clone()
    };
    let err = reassign::reassign(&svc.db, &manager, &outside, svc.clock.now())
        .await
        .expect_err("outside");
    assert_eq!(field_codes(&err), vec![("to_sales_id", "not_in_team")]);

    // Selected customers only.
    let one = Reassignment {
        customer_ids: Some(vec![before1[0].id]),
        ..request.clone()
    };
    assert_eq!(
        reassign::reassign(&svc.db, &manager, &one, svc.clock.now())
            .await
            .expect("one"),
        1
    );
    let moved = customers::get(&svc.db, &sales2, before1[0].id)
        .await
        .expect("now sales2's");
    assert_eq!(
        moved.assigned_sales.map(|s| s.name),
        Some("李明".to_owned())
    );
    let history = customers::history(&svc.db, &sales2, before1[0].id)
        .await
        .expect("history");
    assert_eq!(history[0].field, "assigned_sales");
    assert_eq!(history[0].old_value.as_deref(), Some("王芳"));
    assert_eq!(history[0].new_value.as_deref(), Some("李明"));
    assert_eq!(
        history[0].changed_by.as_ref().map(|s| s.name.as_str()),
        Some("刘强")
    );

    // Then all the rest; interactions stay with the customer.
    let rest = reassign::reassign(&svc.db, &manager, &request, svc.clock.now())
        .await
        .expect("all");
    assert_eq!(rest as usize, before1.len() - 1);
    assert!(all_of(&svc, &sales1).await.is_empty());
    assert_eq!(all_of(&svc, &sales2).await.len(), before2 + before1.len());
    assert!(
        !interactions::list(&svc.db, &sales2, before1[1].id, None, 10)
            .await
            .expect("list")
            .is_empty()
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_work_queue_lists_due_overdue_stale_and_birthdays() {
    use anju_domain::business_date;
    use anju_domain::customers::work_queue;
    use chrono::Duration;
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let sales2 = actor(&svc, "sales2").await;
    let today = business_date(svc.clock.now());
    let create = |name: &'static str, mobile: &'static str, birthday: Option<String>| {
        let svc = &svc;
        let sales1 = &sales1;
        async move {
            let mut d = draft(name, mobile);
            d.birthday = birthday;
            customers::create(&svc.db, sales1, &d, svc.clock.now())
                .await
                .expect("create")
        }
    };
    let plan = |id: i64, on: chrono::NaiveDate, occurred: Option<chrono::DateTime<chrono::Utc>>| {
        let svc = &svc;
        let sales1 = &sales1;
        async move {
            interactions::log(
                &svc.db,
                sales1,
                id,
                &InteractionDraft {
                    kind: "call_out".to_owned(),
                    notes: "跟进".to_owned(),
                    occurred_at: occurred,
                    next_follow_up_on: Some(on.to_string()),
                },
                svc.clock.now(),
            )
            .await
            .expect("log");
        }
    };
    let a = create("今日甲", "13711110001", None).await;
    plan(a.id, today, None).await;
    let b = create("明日乙", "13711110002", None).await;
    plan(b.id, today + Duration::days(1), None).await;
    let c = create("久未丙", "13711110003", None).await;
    interactions::log(
        &svc.db,
        &sales1,
        c.id,
        &InteractionDraft {
            kind: "visit".to_owned(),
            notes: "来访".to_owned(),
            occurred_at: Some(svc.clock.now() - Duration::days(20)),
            next_follow_up_on: None,
        },
        svc.clock.now(),
    )
    .await
    .expect("old visit");
    let birthday = (today + Duration::days(3)).with_year_minus(30);
    let d = create("生日丁", "13711110004", Some(birthday)).await;

    let q = work_queue::for_actor(&svc.db, &sales1, svc.clock.now())
        .await
        .expect("queue");
    // (The demo data has follow-ups of its own; look for ours.)
    let due: Vec<i64> = q.due_today.iter().map(|i| i.customer_id).collect();
    assert!(due.contains(&a.id) && !due.contains(&b.id), "{due:?}");
    assert!(
        q.overdue
            .iter()
            .all(|i| i.customer_id != a.id && i.customer_id != b.id)
    );
    assert!(
        q.stale.iter().any(|i| i.customer_id == c.id),
        "20 days without contact"
    );
    assert!(
        q.stale
            .iter()
            .all(|i| i.customer_id != a.id && i.customer_id != b.id)
    );
    assert_eq!(
        q.birthdays
            .iter()
            .map(|i| i.customer_id)
            .collect::<Vec<_>>(),
        vec![d.id]
    );

    // Two days later both plans are overdue.
    svc.clock.advance(Duration::days(2));
    let q = work_queue::for_actor(&svc.db, &sales1, svc.clock.now())
        .await
        .expect("queue");
    let overdue: Vec<i64> = q.overdue.iter().map(|i| i.customer_id).collect();
    assert!(
        overdue.contains(&a.id) && overdue.contains(&b.id),
        "{overdue:?}"
    );
    assert!(
        q.due_today
            .iter()
            .all(|i| i.customer_id != a.id && i.customer_id != b.id)
    );

    // Another salesperson's queue has none of them.
    let other = work_queue::for_actor(&svc.db, &sales2, svc.clock.now())
        .await
        .expect("queue");
    let theirs: Vec<i64> = other
        .overdue
        .iter()
        .chain(&other.stale)
        .map(|i| i.customer_id)
        .collect();
    assert!(!theirs.contains(&a.id) && !theirs.contains(&c.id));
    tdb.cleanup().await;
}

trait YearsAgo {
    fn with_year_minus(self, years: i32) -> String;
}

impl YearsAgo for chrono::NaiveDate {
    fn with_year_minus(self, years: i32) -> String {
        use chrono::Datelike;
        format!(
            "{:04}-{:02}-{:02}",
            self.year() - years,
            self.month(),
            self.day()
        )
    }
}

#[tokio::test]
async fn the_contact_guard_warns_without_consent_and_when_too_frequent() {
    use anju_domain::customers::ContactWarning;
    use anju_domain::customers::contact_guard::{self, ContactPolicy};
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let mut d = draft("谨慎", "13722220000");
    d.consent_marketing = false;
    let c = customers::create(&svc.db, &sales1, &d, svc.clock.now())
        .await
        .expect("create");
    let log = |kind: &'static str| {
        let svc = &svc;
        let sales1 = &sales1;
        async move {
            interactions::log(
                &svc.db,
                sales1,
                c.id,
                &InteractionDraft {
                    kind: kind.to_owned(),
                    notes: "x".to_owned(),
                    ..Default::default()
                },
                svc.clock.now(),
            )
            .await
            .expect("log")
            .warnings
        }
    };
    // Inbound contact never warns; outbound without consent does.
    assert!(log("call_in").await.is_empty());
    assert_eq!(
        log("call_out").await,
        vec![ContactWarning::NoMarketingConsent]
    );
    assert_eq!(log("sms").await, vec![ContactWarning::NoMarketingConsent]);
    // Two outbound contacts in 7 days: a third is too frequent.
    let now = contact_guard::check(&svc.db, c.id, ContactPolicy::default(), svc.clock.now())
        .await
        .expect("check");
    assert_eq!(
        now,
        vec![
            ContactWarning::NoMarketingConsent,
            ContactWarning::TooFrequent {
                recent: 2,
                max: 2,
                window_days: 7
            }
        ]
    );
    // A week later the window is clear again.
    svc.clock.advance(chrono::Duration::days(8));
    let later = contact_guard::check(&svc.db, c.id, ContactPolicy::default(), svc.clock.now())
        .await
        .expect("check");
    assert_eq!(later, vec![ContactWarning::NoMarketingConsent]);
    tdb.cleanup().await;
}

#[tokio::test]
async fn changing_a_mobile_to_another_customers_is_a_conflict_and_changes_nothing() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let a = customers::create(
        &svc.db,
        &sales1,
        &draft("甲", "13788880001"),
        svc.clock.now(),
    )
    .await
    .expect("a");
    let b = customers::create(
        &svc.db,
        &sales1,
        &draft("乙", "13788880002"),
        svc.clock.now(),
    )
    .await
    .expect("b");
    let clash = customers::update(
        &svc.db,
        &sales1,
        b.id,
        &draft("乙乙", "13788880001"),
        svc.clock.now(),
    )
    .await;
    assert!(
        matches!(clash, Err(DomainError::Duplicate { field: "mobile", existing_id: Some(id) }) if id == a.id),
        "{clash:?}"
    );
    let unchanged = customers::get(&svc.db, &sales1, b.id).await.expect("b");
    assert_eq!(
        (unchanged.name.as_str(), unchanged.mobile.as_str()),
        ("乙", "13788880002")
    );
    assert!(
        customers::history(&svc.db, &sales1, b.id)
            .await
            .expect("history")
            .is_empty()
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_walk_in_and_its_opportunity_are_registered_together_or_not_at_all() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let now = svc.clock.now();
    let walk_in = draft("同步", "13755594001");
    let err = customers::register(&svc.db, &sales1, &walk_in, Some(999_999), now)
        .await
        .expect_err("no such project");
    assert_eq!(field_codes(&err), vec![("project_id", "not_found")]);
    let found = customers::search(
        &svc.db,
        &sales1,
        &SearchQuery {
            q: Some("13755594001".to_owned()),
            limit: 5,
            ..Default::default()
        },
    )
    .await
    .expect("search");
    assert!(
        found.items.is_empty(),
        "the customer must not be left behind"
    );

    let project = anju_domain::pipeline::projects(&svc.db, &sales1)
        .await
        .expect("projects")[0]
        .id;
    let c = customers::register(&svc.db, &sales1, &walk_in, Some(project), now)
        .await
        .expect("register");
    let opps = anju_domain::pipeline::for_customer(&svc.db, &sales1, c.id)
        .await
        .expect("opps");
    assert_eq!(opps.len(), 1);
    assert_eq!(opps[0].stage, anju_types::Stage::Visit);
    tdb.cleanup().await;
}
