//! The member home's tiles: one statement, and the same figures the points,
//! requests and surveys pages show.

use crate::support::{actor, counting, seeded, taken};
use anju_domain::entity::{survey, survey_invitation};
use anju_domain::marketing::surveys;
use anju_domain::{DomainError, Services, club, member_home, tickets};
use anju_types::member_home::MemberHome;
use anju_types::survey::SurveyStatus;
use anju_types::ticket::TicketDraft;
use sea_orm::{ActiveModelTrait, Set};

/// What the three portal pages say, asked one by one.
async fn pages_say(svc: &Services, who: &anju_domain::auth::Actor) -> MemberHome {
    let now = svc.clock.now();
    let points = club::membership::points_summary(&svc.db, who, now)
        .await
        .expect("points");
    let open = tickets::views::member_open_count(&svc.db, who)
        .await
        .expect("open");
    let to_answer = surveys::mine(&svc.db, who)
        .await
        .expect("surveys")
        .iter()
        .filter(|s| s.open && s.answered_at.is_none())
        .count();
    MemberHome {
        points_balance: Some(points.balance),
        open_tickets: open,
        surveys_to_answer: to_answer as u64,
    }
}

async fn invite(svc: &Services, customer_id: i64, status: SurveyStatus, key: &str) -> i64 {
    let now = svc.clock.now();
    let s = survey::ActiveModel {
        title: Set(format!("满意度调查 {key}")),
        intro: Set(String::new()),
        status: Set(status.as_str().to_owned()),
        for_ticket_revisits: Set(false),
        created_by: Set(actor(svc, "mkt1").await.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("survey");
    survey_invitation::ActiveModel {
        survey_id: Set(s.id),
        customer_id: Set(customer_id),
        source_key: Set(key.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("invitation")
    .id
}

#[tokio::test]
async fn the_home_tiles_match_the_pages_in_one_statement() {
    let (tdb, svc) = seeded().await;
    let zhang = actor(&svc, "13800000001").await;
    let customer_id = zhang.customer_id.expect("a homeowner");

    // Something on every tile: a request still open, an open survey to
    // answer, and invitations that must not count (a closed survey's).
    tickets::open_for_member(
        &svc.db,
        &zhang,
        &TicketDraft {
            kind: "repair".to_owned(),
            category: "repair.leaks".to_owned(),
            title: "卫生间漏水".to_owned(),
            description: "楼下反映天花板渗水。".to_owned(),
            unit_id: None,
        },
        svc.clock.now(),
    )
    .await
    .expect("open a request");
    invite(&svc, customer_id, SurveyStatus::Open, "open-1").await;
    invite(&svc, customer_id, SurveyStatus::Closed, "closed-1").await;

    let (db, statements) = counting(&svc.db);
    let home = member_home::summary(&db, &zhang).await.expect("home");
    assert_eq!(taken(&statements), 1);
    assert_eq!(home, pages_say(&svc, &zhang).await);
    assert!(home.open_tickets >= 1, "{home:?}");
    assert_eq!(
        home.surveys_to_answer, 1,
        "the closed survey is not counted"
    );
    assert!(home.points_balance.is_some());

    // 李娜's tiles are hers alone.
    let li = actor(&svc, "13800000002").await;
    let hers = member_home::summary(&svc.db, &li).await.expect("home");
    assert_eq!(hers, pages_say(&svc, &li).await);
    assert_eq!(hers.surveys_to_answer, 0);

    // Staff have no member home.
    let sales = actor(&svc, "sales1").await;
    assert!(matches!(
        member_home::summary(&svc.db, &sales).await,
        Err(DomainError::Forbidden)
    ));
    tdb.cleanup().await;
}
