//! Dashboard figures against hand counts: calls and visits per Beijing day
//! (the day turns at 00:00 in Beijing, not UTC), the period's campaigns,
//! the opportunities it opened, and who may see them.

use crate::support::{actor, insert_customer, seeded};
use anju_domain::analytics;
use anju_domain::entity::{interaction, opportunity, project};
use anju_domain::marketing::campaigns;
use anju_domain::{DomainError, Services};
use anju_types::analytics::DashboardFilter;
use anju_types::campaign::CampaignDraft;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

fn bj(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00"))
        .map(|t| t.with_timezone(&Utc))
        .expect("time")
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day")
}

async fn log(svc: &Services, customer_id: i64, kind: &str, at: &str) {
    interaction::ActiveModel {
        customer_id: Set(customer_id),
        kind: Set(kind.to_owned()),
        occurred_at: Set(bj(at)),
        notes: Set(String::new()),
        created_at: Set(bj(at)),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("interaction");
}

#[tokio::test]
async fn the_dashboard_counts_by_beijing_day_and_period() {
    let (_tdb, svc) = seeded().await;
    let mkt = actor(&svc, "mkt1").await;
    let club = actor(&svc, "club1").await;
    let c = insert_customer(
        &svc,
        "看板客户",
        "13599997777",
        true,
        bj("2020-03-01T09:00:00"),
    )
    .await;
    // 23:59 on the 10th and 00:00 on the 11th, Beijing: two different days
    // (both are the 10th in UTC).
    log(&svc, c, "call_in", "2020-03-10T23:59:00").await;
    log(&svc, c, "visit", "2020-03-11T00:00:00").await;
    log(&svc, c, "visit", "2020-03-11T15:30:00").await;
    log(&svc, c, "call_in", "2020-03-12T08:00:00").await;
    // Not counted: an outbound call, and days outside the period.
    log(&svc, c, "call_out", "2020-03-11T10:00:00").await;
    log(&svc, c, "visit", "2020-03-09T23:59:59").await;
    log(&svc, c, "visit", "2020-03-13T00:00:00").await;

    let days = analytics::daily_contacts(&svc.db, day("2020-03-10"), day("2020-03-12"))
        .await
        .expect("contacts");
    let got: Vec<(String, i64, i64)> = days
        .iter()
        .map(|d| (d.day.to_string(), d.calls, d.visits))
        .collect();
    assert_eq!(
        got,
        [
            ("2020-03-10".to_owned(), 1, 0),
            ("2020-03-11".to_owned(), 0, 2),
            ("2020-03-12".to_owned(), 1, 0),
        ]
    );

    // An opportunity opened in the period, and a campaign that meets it.
    let project_id = project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .into_tuple::<i64>()
        .one(&svc.db)
        .await
        .expect("project")
        .expect("a demo project");
    opportunity::ActiveModel {
        customer_id: Set(c),
        project_id: Set(project_id),
        stage: Set("visit".to_owned()),
        furthest_rank: Set(1),
        stage_changed_at: Set(bj("2020-03-11T10:00:00")),
        created_at: Set(bj("2020-03-11T10:00:00")),
        updated_at: Set(bj("2020-03-11T10:00:00")),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("opportunity");
    for (code, from, to) in [
        ("IN-20", "2020-03-01", "2020-03-10"),
        ("OUT-20", "2020-04-01", "2020-04-30"),
    ] {
        campaigns::save(
            &svc.db,
            &mkt,
            None,
            &CampaignDraft {
                code: code.to_owned(),
                name: code.to_owned(),
                channel: "网络广告".to_owned(),
                project_id: None,
                starts_on: from.to_owned(),
                ends_on: to.to_owned(),
                cost: "1000".to_owned(),
            },
            svc.clock.now(),
        )
        .await
        .expect("campaign");
    }
    let filter = DashboardFilter {
        project_id: Some(project_id),
        from: day("2020-03-10"),
        to: day("2020-03-12"),
    };
    let d = analytics::dashboard(&svc.db, &mkt, &filter, svc.clock.now())
        .await
        .expect("dashboard");
    assert_eq!(d.pipeline.total.open, 1, "the one opened in the period");
    assert_eq!(d.pipeline.funnel[0].reached, 1);
    // Signed later: the funnel (a rollup kept by triggers) follows.
    opportunity::Entity::update_many()
        .col_expr(
            opportunity::Column::Stage,
            sea_orm::sea_query::Expr::value("deal"),
        )
        .col_expr(
            opportunity::Column::FurthestRank,
            sea_orm::sea_query::Expr::value(anju_types::Stage::Deal.rank()),
        )
        .col_expr(
            opportunity::Column::DealAmountFen,
            sea_orm::sea_query::Expr::value(250_000_000_i64),
        )
        .filter(opportunity::Column::CustomerId.eq(c))
        .exec(&svc.db)
        .await
        .expect("sign");
    let p = analytics::funnel(&svc.db, &filter).await.expect("funnel");
    assert_eq!(
        (p.total.open, p.total.deals, p.total.deal_amount.fen()),
        (0, 1, 250_000_000)
    );
    assert_eq!(p.funnel.last().map(|s| s.reached), Some(1));
    assert_eq!(d.contacts.len(), 3);
    let names: Vec<&str> = d.campaign_periods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["IN-20"], "brand campaigns meeting the period");
    assert_eq!(
        d.campaign_periods[0].starts_on,
        day("2020-03-10"),
        "clipped to the period"
    );

    assert!(matches!(
        analytics::dashboard(&svc.db, &club, &filter, svc.clock.now()).await,
        Err(DomainError::Forbidden)
    ));
    let backwards = DashboardFilter {
        from: day("2020-03-12"),
        to: day("2020-03-10"),
        ..filter.clone()
    };
    assert!(matches!(
        analytics::dashboard(&svc.db, &mkt, &backwards, svc.clock.now()).await,
        Err(DomainError::Validation(_))
    ));
}

#[tokio::test]
async fn the_club_by_month_counts_joins_members_and_points() {
    use anju_domain::entity::{member, points_entry};
    let (_tdb, svc) = seeded().await;
    let mut customers = Vec::new();
    for i in 0..3 {
        let (name, mobile) = (format!("会员{i}"), format!("1359998000{i}"));
        customers
            .push(insert_customer(&svc, &name, &mobile, true, bj("2019-01-01T09:00:00")).await);
    }
    // One joined before the period; one on Jan 31 23:30 Beijing (Jan 31 in
    // UTC too); one on Mar 1 00:10 Beijing (Feb 29 in UTC).
    let mut members = Vec::new();
    for (i, at) in [
        "2019-06-01T10:00:00",
        "2020-01-31T23:30:00",
        "2020-03-01T00:10:00",
    ]
    .iter()
    .enumerate()
    {
        members.push(
            member::ActiveModel {
                customer_id: Set(customers[i]),
                member_no: Set(format!("T{i:07}")),
                tier: Set("basic".to_owned()),
                points_balance: Set(0),
                points_earned: Set(0),
                enrolled_at: Set(bj(at)),
                updated_at: Set(bj(at)),
                ..Default::default()
            }
            .insert(&svc.db)
            .await
            .expect("member")
            .id,
        );
    }
    let entry = |member_id: i64, kind: &str, points: i64, at: &str| points_entry::ActiveModel {
        member_id: Set(member_id),
        kind: Set(kind.to_owned()),
        points: Set(points),
        reason: Set("manual".to_owned()),
        created_at: Set(bj(at)),
        ..Default::default()
    };
    for e in [
        entry(members[0], "earn", 200, "2020-01-05T12:00:00"),
        entry(members[1], "earn", 50, "2020-02-10T12:00:00"),
        entry(members[0], "redeem", -120, "2020-02-11T12:00:00"),
        entry(members[2], "earn", 30, "2020-03-01T00:10:00"),
        entry(members[0], "expire", -10, "2020-03-02T00:00:00"),
    ] {
        e.insert(&svc.db).await.expect("entry");
    }
    let months = analytics::club_by_month(&svc.db, day("2020-01-15"), day("2020-03-10"))
        .await
        .expect("club");
    let got: Vec<(&str, i64, i64, i64, i64)> = months
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.new_members,
                m.members,
                m.points_earned,
                m.points_redeemed,
            )
        })
        .collect();
    // January counts from the 1st: the month, not just the period's days.
    assert_eq!(
        got,
        [
            ("2020-01", 1, 2, 200, 0),
            ("2020-02", 0, 2, 50, 120),
            ("2020-03", 1, 3, 30, 0),
        ]
    );
}

async fn a_customer(svc: &Services, mobile: &str) -> i64 {
    let name = format!("客户{mobile}");
    insert_customer(svc, &name, mobile, true, bj("2018-01-01T09:00:00")).await
}

async fn a_member(svc: &Services, customer_id: i64, no: &str, enrolled: &str) -> i64 {
    anju_domain::entity::member::ActiveModel {
        customer_id: Set(customer_id),
        member_no: Set(no.to_owned()),
        tier: Set("basic".to_owned()),
        points_balance: Set(0),
        points_earned: Set(0),
        enrolled_at: Set(bj(enrolled)),
        updated_at: Set(bj(enrolled)),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("member")
    .id
}

async fn units(svc: &Services, n: u64) -> Vec<i64> {
    anju_domain::entity::unit::Entity::find()
        .select_only()
        .column(anju_domain::entity::unit::Column::Id)
        .limit(n)
        .into_tuple::<i64>()
        .all(&svc.db)
        .await
        .expect("units")
}

async fn signed(svc: &Services, unit_id: i64, customer_id: i64, at: &str, cancelled: bool) {
    anju_domain::entity::deal::ActiveModel {
        unit_id: Set(unit_id),
        customer_id: Set(customer_id),
        status: Set(if cancelled { "cancelled" } else { "contracted" }.to_owned()),
        list_price_fen: Set(100_000_000),
        discount_fen: Set(0),
        price_fen: Set(100_000_000),
        deposit_fen: Set(0),
        discount_approval: Set("not_needed".to_owned()),
        reserved_at: Set(bj(at)),
        contracted_at: Set(Some(bj(at))),
        cancelled_at: Set(cancelled.then(|| bj(at))),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("deal");
}

#[tokio::test]
async fn club_conversion_counts_each_rate_over_its_own_base() {
    let (_tdb, svc) = seeded().await;
    let [a, b, c, d, e] = [
        a_customer(&svc, "13599970001").await,
        a_customer(&svc, "13599970002").await,
        a_customer(&svc, "13599970003").await,
        a_customer(&svc, "13599970004").await,
        a_customer(&svc, "13599970005").await,
    ];
    let u = units(&svc, 5).await;
    // A joined, then bought twice; B bought before joining; C never bought
    // (a cancelled contract) but referred a friend who signed; D came back
    // in the period after a silent half-year; E joined after the period.
    a_member(&svc, a, "T0000001", "2019-01-01T10:00:00").await;
    a_member(&svc, b, "T0000002", "2019-01-01T10:00:00").await;
    let member_c = a_member(&svc, c, "T0000003", "2019-01-01T10:00:00").await;
    a_member(&svc, d, "T0000004", "2019-02-01T10:00:00").await;
    a_member(&svc, e, "T0000005", "2020-05-01T10:00:00").await;
    signed(&svc, u[0], a, "2019-06-01T10:00:00", false).await;
    signed(&svc, u[1], a, "2020-03-15T10:00:00", false).await;
    signed(&svc, u[2], b, "2018-05-01T10:00:00", false).await;
    signed(&svc, u[3], c, "2020-03-20T10:00:00", true).await;
    signed(&svc, u[4], e, "2020-06-01T10:00:00", false).await;
    let friend = a_customer(&svc, "13599970009").await;
    anju_domain::entity::referral::ActiveModel {
        referrer_member_id: Set(member_c),
        customer_id: Set(friend),
        status: Set("won".to_owned()),
        created_at: Set(bj("2019-05-01T10:00:00")),
        updated_at: Set(bj("2019-05-01T10:00:00")),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("referral");
    log(&svc, d, "visit", "2019-06-01T10:00:00").await;
    log(&svc, d, "visit", "2020-03-10T10:00:00").await;
    // A text sent to C is not C coming back.
    log(&svc, c, "sms", "2020-03-05T10:00:00").await;

    let conv = analytics::club_conversion(&svc.db, day("2020-03-01"), day("2020-03-31"))
        .await
        .expect("conversion");
    assert_eq!(
        (conv.first_purchase_base, conv.first_purchases),
        (3, 1),
        "A, C, D had not bought when they joined; A has since"
    );
    assert_eq!(
        (conv.owners, conv.repurchases),
        (2, 1),
        "A and B own; A twice"
    );
    assert_eq!(
        (conv.members, conv.referrers),
        (4, 1),
        "E joined later; C referred"
    );
    assert_eq!((conv.dormant, conv.reactivated), (4, 1), "D came back");
}

/// Dormant → active follows the runs of activity the database keeps, which
/// must hold whatever order things are recorded in: a history logged
/// before the customer joined, an interaction logged late, one deleted.
#[tokio::test]
async fn dormant_members_and_those_who_came_back() {
    let (_tdb, svc) = seeded().await;
    let [d, f, g, h, k] = [
        a_customer(&svc, "13599950001").await,
        a_customer(&svc, "13599950002").await,
        a_customer(&svc, "13599950003").await,
        a_customer(&svc, "13599950004").await,
        a_customer(&svc, "13599950005").await,
    ];
    // D: silent since June, back on 10 March.
    a_member(&svc, d, "T0000011", "2019-02-01T10:00:00").await;
    log(&svc, d, "visit", "2019-06-01T10:00:00").await;
    log(&svc, d, "call_in", "2020-03-10T10:00:00").await;
    log(&svc, d, "call_out", "2020-03-20T10:00:00").await;
    // F joined in the period: not dormant before it, whatever they do.
    a_member(&svc, f, "T0000012", "2020-03-05T10:00:00").await;
    log(&svc, f, "visit", "2020-03-06T10:00:00").await;
    // G visited in December, then joined in January: active at the start.
    log(&svc, g, "visit", "2019-12-20T10:00:00").await;
    a_member(&svc, g, "T0000013", "2020-01-15T10:00:00").await;
    // H's December call was logged after the March one: H was active all
    // along, not back.
    a_member(&svc, h, "T0000014", "2019-01-01T10:00:00").await;
    log(&svc, h, "call_in", "2020-03-15T10:00:00").await;
    log(&svc, h, "call_in", "2019-12-01T10:00:00").await;
    // K's only recent contact was a text, and a visit deleted as a mistake.
    a_member(&svc, k, "T0000015", "2019-01-01T10:00:00").await;
    log(&svc, k, "sms", "2020-02-01T10:00:00").await;
    log(&svc, k, "visit", "2020-02-02T10:00:00").await;
    let conv = || analytics::club_conversion(&svc.db, day("2020-03-01"), day("2020-03-31"));
    let c = conv().await.expect("conversion");
    assert_eq!(
        (c.dormant, c.reactivated),
        (1, 1),
        "K was active (the visit) and D dormant; D came back"
    );
    interaction::Entity::delete_many()
        .filter(interaction::Column::CustomerId.eq(k))
        .filter(interaction::Column::Kind.eq("visit"))
        .exec(&svc.db)
        .await
        .expect("delete");
    let c = conv().await.expect("conversion");
    assert_eq!(
        (c.dormant, c.reactivated),
        (2, 1),
        "D and K dormant; G and H active; F joined in the period"
    );
    // Moved into the period, K's visit brings K back too.
    log(&svc, k, "visit", "2020-03-30T23:00:00").await;
    let c = conv().await.expect("conversion");
    assert_eq!((c.dormant, c.reactivated), (2, 2));
    // By September only G has been silent for 180 days.
    let c = analytics::club_conversion(&svc.db, day("2020-09-01"), day("2020-09-30"))
        .await
        .expect("conversion");
    assert_eq!((c.dormant, c.reactivated), (1, 0));
}

#[tokio::test]
async fn tickets_count_once_per_department_and_staff_figures_add_up() {
    use anju_domain::entity::{department, ticket, ticket_task};
    let (_tdb, svc) = seeded().await;
    let agent = actor(&svc, "service1").await.user_id;
    let c = a_customer(&svc, "13599960001").await;
    let depts: Vec<(i64, String)> = department::Entity::find()
        .select_only()
        .column(department::Column::Id)
        .column(department::Column::Name)
        .limit(2)
        .into_tuple()
        .all(&svc.db)
        .await
        .expect("departments");
    let ((x, x_name), (y, y_name)) = (depts[0].clone(), depts[1].clone());
    let ticket = |created: &str,
                  due: &str,
                  resolved: Option<&str>,
                  agent: Option<i64>,
                  rating: Option<i32>| {
        ticket::ActiveModel {
            customer_id: Set(c),
            kind: Set("repair".to_owned()),
            category: Set("repair.leaks".to_owned()),
            title: Set("漏水".to_owned()),
            description: Set(String::new()),
            channel: Set("portal".to_owned()),
            priority: Set("normal".to_owned()),
            status: Set(if resolved.is_some() {
                "closed"
            } else {
                "received"
            }
            .to_owned()),
            agent_user_id: Set(agent),
            first_response_warn_at: Set(bj(due)),
            first_response_due_at: Set(bj(due)),
            resolution_warn_at: Set(bj(due)),
            resolution_due_at: Set(bj(due)),
            business_hours: Set(false),
            resolved_at: Set(resolved.map(bj)),
            paused_minutes: Set(0),
            rating: Set(rating),
            reopen_count: Set(0),
            created_at: Set(bj(created)),
            updated_at: Set(bj(created)),
            ..Default::default()
        }
    };
    let t1 = ticket(
        "2020-03-02T10:00:00",
        "2020-03-05T10:00:00",
        Some("2020-03-04T10:00:00"),
        Some(agent),
        Some(5),
    )
    .insert(&svc.db)
    .await
    .expect("t1")
    .id;
    let t2 = ticket(
        "2020-03-03T10:00:00",
        "2020-03-05T10:00:00",
        Some("2020-03-06T10:00:00"),
        Some(agent),
        Some(3),
    )
    .insert(&svc.db)
    .await
    .expect("t2")
    .id;
    let t3 = ticket(
        "2020-03-10T10:00:00",
        "2020-03-12T10:00:00",
        None,
        None,
        None,
    )
    .insert(&svc.db)
    .await
    .expect("t3")
    .id;
    ticket(
        "2020-04-02T10:00:00",
        "2020-04-05T10:00:00",
        None,
        Some(agent),
        None,
    )
    .insert(&svc.db)
    .await
    .expect("outside");
    for (t, dept) in [(t1, x), (t2, x), (t2, x), (t2, y)] {
        ticket_task::ActiveModel {
            ticket_id: Set(t),
            department_id: Set(dept),
            status: Set("done".to_owned()),
            dispatched_at: Set(bj("2020-03-03T12:00:00")),
            ..Default::default()
        }
        .insert(&svc.db)
        .await
        .expect("task");
    }
    let filter = DashboardFilter {
        project_id: None,
        from: day("2020-03-01"),
        to: day("2020-03-31"),
    };
    let now = svc.clock.now();
    let by_dept = analytics::tickets_by_department(&svc.db, &filter, now)
        .await
        .expect("departments");
    let got: Vec<(String, i64, i64, i64, Option<i64>)> = by_dept
        .iter()
        .map(|d| {
            (
                d.department.clone(),
                d.tickets,
                d.due,
                d.within_target,
                d.compliance_bp,
            )
        })
        .collect();
    let mut want = vec![
        (x_name, 2, 2, 1, Some(5_000)),
        ("客服中心".to_owned(), 1, 1, 0, Some(0)),
        (y_name, 1, 1, 0, Some(0)),
    ];
    want[1..].sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got, want,
        "T2 once in X despite two tasks; T3 never dispatched"
    );

    for (kind, at) in [
        ("call_out", "2020-03-05T10:00:00"),
        ("visit", "2020-03-06T10:00:00"),
        ("sms", "2020-03-07T10:00:00"),
        ("call_out", "2020-04-02T10:00:00"),
    ] {
        interaction::ActiveModel {
            customer_id: Set(c),
            kind: Set(kind.to_owned()),
            occurred_at: Set(bj(at)),
            staff_user_id: Set(Some(agent)),
            notes: Set(String::new()),
            created_at: Set(bj(at)),
            ..Default::default()
        }
        .insert(&svc.db)
        .await
        .expect("interaction");
    }
    let staff = analytics::staff_kpis(&svc.db, &filter, now, &[(agent, 4, 1)])
        .await
        .expect("staff");
    assert_eq!(staff.len(), 1);
    let s = &staff[0];
    assert!(!s.name.is_empty(), "named, not an id");
    assert_eq!(
        (s.follow_ups, s.opportunities, s.deals, s.conversion_bp),
        (2, 4, 1, Some(2_500))
    );
    assert_eq!(
        (s.tickets, s.sla_bp, s.satisfaction_x100),
        (2, Some(5_000), Some(400))
    );

    // The figures follow later writes to tickets and tasks: T3 is resolved
    // in time by the agent and rated 4; T2's task in Y moves to X (T2
    // leaves Y); T1's only task is withdrawn (T1 is back at the desk).
    let mut am: ticket::ActiveModel = ticket::Entity::find_by_id(t3)
        .one(&svc.db)
        .await
        .expect("read")
        .expect("t3")
        .into();
    am.resolved_at = Set(Some(bj("2020-03-11T10:00:00")));
    am.agent_user_id = Set(Some(agent));
    am.rating = Set(Some(4));
    am.update(&svc.db).await.expect("resolve t3");
    ticket_task::Entity::update_many()
        .col_expr(
            ticket_task::Column::DepartmentId,
            sea_orm::sea_query::Expr::value(x),
        )
        .filter(ticket_task::Column::TicketId.eq(t2))
        .filter(ticket_task::Column::DepartmentId.eq(y))
        .exec(&svc.db)
        .await
        .expect("move task");
    ticket_task::Entity::delete_many()
        .filter(ticket_task::Column::TicketId.eq(t1))
        .exec(&svc.db)
        .await
        .expect("withdraw task");
    let by_dept = analytics::tickets_by_department(&svc.db, &filter, now)
        .await
        .expect("departments");
    let got: Vec<(Option<i64>, i64, i64, i64)> = by_dept
        .iter()
        .map(|d| (d.department_id, d.tickets, d.due, d.within_target))
        .collect();
    assert_eq!(got, [(None, 2, 2, 2), (Some(x), 1, 1, 0)]);
    let staff = analytics::staff_kpis(&svc.db, &filter, now, &[])
        .await
        .expect("staff");
    let s = &staff[0];
    assert_eq!(
        (s.tickets, s.sla_bp, s.satisfaction_x100),
        (3, Some(6_667), Some(400)),
        "T1 and T3 in time, T2 late; rated 5, 3 and 4"
    );

    // T1 was about a unit: filtered by its project, only T1 counts.
    let unit = units(&svc, 1).await[0];
    let building = anju_domain::entity::unit::Entity::find_by_id(unit)
        .one(&svc.db)
        .await
        .expect("unit")
        .expect("unit")
        .building_id;
    let project_id = anju_domain::entity::building::Entity::find_by_id(building)
        .one(&svc.db)
        .await
        .expect("building")
        .expect("building")
        .project_id;
    ticket::Entity::update_many()
        .col_expr(
            ticket::Column::UnitId,
            sea_orm::sea_query::Expr::value(unit),
        )
        .filter(ticket::Column::Id.eq(t1))
        .exec(&svc.db)
        .await
        .expect("unit");
    let one = DashboardFilter {
        project_id: Some(project_id),
        ..filter.clone()
    };
    let staff = analytics::staff_kpis(&svc.db, &one, now, &[])
        .await
        .expect("staff");
    assert_eq!(
        staff
            .iter()
            .map(|s| (s.tickets, s.sla_bp))
            .collect::<Vec<_>>(),
        [(1, Some(10_000))]
    );
    let by_dept = analytics::tickets_by_department(&svc.db, &one, now)
        .await
        .expect("departments");
    assert_eq!(
        by_dept
            .iter()
            .map(|d| (d.department_id, d.tickets))
            .collect::<Vec<_>>(),
        [(None, 1)]
    );
}

/// The per-day rollups follow every write to the rows they count: an
/// interaction moved to another day or kind, or deleted; ledger entries.
#[tokio::test]
async fn the_rollups_follow_updates_and_deletes() {
    let (_tdb, svc) = seeded().await;
    let c = insert_customer(
        &svc,
        "汇总客户",
        "13599996666",
        true,
        bj("2020-04-01T09:00:00"),
    )
    .await;
    for at in [
        "2020-04-10T09:00:00",
        "2020-04-10T23:30:00",
        "2020-04-11T10:00:00",
    ] {
        log(&svc, c, "visit", at).await;
    }
    let per_day = |days: Vec<anju_types::analytics::DailyContacts>| -> Vec<(i64, i64)> {
        days.iter().map(|d| (d.calls, d.visits)).collect()
    };
    let read = || analytics::daily_contacts(&svc.db, day("2020-04-10"), day("2020-04-11"));
    assert_eq!(per_day(read().await.expect("contacts")), [(0, 2), (0, 1)]);

    let rows = interaction::Entity::find()
        .filter(interaction::Column::CustomerId.eq(c))
        .order_by_asc(interaction::Column::OccurredAt)
        .all(&svc.db)
        .await
        .expect("rows");
    // The first visit was really a call on the 11th.
    let mut first: interaction::ActiveModel = rows[0].clone().into();
    first.kind = Set("call_in".to_owned());
    first.occurred_at = Set(bj("2020-04-11T09:00:00"));
    first.update(&svc.db).await.expect("update");
    assert_eq!(per_day(read().await.expect("contacts")), [(0, 1), (1, 1)]);
    // Notes change nothing.
    let mut second: interaction::ActiveModel = rows[1].clone().into();
    second.notes = Set("补记".to_owned());
    second.update(&svc.db).await.expect("update");
    assert_eq!(per_day(read().await.expect("contacts")), [(0, 1), (1, 1)]);
    interaction::Entity::delete_by_id(rows[2].id)
        .exec(&svc.db)
        .await
        .expect("delete");
    assert_eq!(per_day(read().await.expect("contacts")), [(0, 1), (1, 0)]);
}

/// On a SQLite file the dashboard reads through a connection of its own
/// (`Services::reports`): what the main pool has just committed is there at
/// once, and the two pools are really two.
#[tokio::test]
async fn the_reports_connection_sees_what_the_main_pool_just_wrote() {
    let (tdb, svc, dir) = crate::club::pooled().await;
    let from = day("2020-04-01");
    let calls = |days: &[anju_types::analytics::DailyContacts]| -> i64 {
        days.iter().map(|d| d.calls).sum()
    };
    let before = analytics::daily_contacts(&svc.reports, from, from)
        .await
        .expect("contacts");
    let c = insert_customer(
        &svc,
        "报表客户",
        "13599996666",
        true,
        bj("2020-03-01T09:00:00"),
    )
    .await;
    log(&svc, c, "call_in", "2020-04-01T10:00:00").await;
    let after = analytics::daily_contacts(&svc.reports, from, from)
        .await
        .expect("contacts");
    assert_eq!(calls(&after), calls(&before) + 1);
    if dir.is_some() {
        // Two pools over one file: closing the main one leaves reports open.
        svc.db.clone().close().await.expect("close main");
        analytics::daily_contacts(&svc.reports, from, from)
            .await
            .expect("reports still open");
    } else {
        tdb.cleanup().await;
    }
}
