//! Campaign figures against a small dataset computed by hand: attribution
//! by code and by channel and dates (a later campaign takes the days it
//! shares), visits, deals and revenue from the first day, and the ratios.

use crate::support::{actor, seeded};
use anju_domain::entity::{customer, deal, interaction, opportunity, project, unit};
use anju_domain::marketing::campaigns;
use anju_domain::{DomainError, Services};
use anju_types::Money;
use anju_types::campaign::CampaignDraft;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, QuerySelect, Set};

/// Beijing wall-clock time as UTC.
fn bj(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00"))
        .map(|t| t.with_timezone(&Utc))
        .expect("time")
}

fn draft(code: &str, channel: &str, from: &str, to: &str, cost: &str) -> CampaignDraft {
    CampaignDraft {
        code: code.to_owned(),
        name: format!("{code} 投放"),
        channel: channel.to_owned(),
        project_id: None,
        starts_on: from.to_owned(),
        ends_on: to.to_owned(),
        cost: cost.to_owned(),
    }
}

async fn lead(svc: &Services, mobile: &str, channel: &str, at: &str) -> i64 {
    customer::ActiveModel {
        name: Set(format!("线索{mobile}")),
        mobile: Set(mobile.to_owned()),
        mobile_last4: Set(mobile[7..].to_owned()),
        name_initials: Set("xs".to_owned()),
        source_channel: Set(Some(channel.to_owned())),
        consent_marketing: Set(true),
        created_at: Set(bj(at)),
        updated_at: Set(bj(at)),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("customer")
    .id
}

async fn opportunity_with_code(svc: &Services, customer_id: i64, code: &str) {
    let project_id = project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .into_tuple::<i64>()
        .one(&svc.db)
        .await
        .expect("project")
        .expect("a demo project");
    let now = svc.clock.now();
    opportunity::ActiveModel {
        customer_id: Set(customer_id),
        project_id: Set(project_id),
        stage: Set("visit".to_owned()),
        furthest_rank: Set(1),
        campaign_code: Set(Some(code.to_owned())),
        stage_changed_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("opportunity");
}

async fn visit(svc: &Services, customer_id: i64, at: &str) {
    interaction::ActiveModel {
        customer_id: Set(customer_id),
        kind: Set("visit".to_owned()),
        occurred_at: Set(bj(at)),
        notes: Set(String::new()),
        created_at: Set(bj(at)),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("visit");
}

/// A deal on a demo unit: contracted at `contracted` unless none; cancelled
/// when `cancelled`.
async fn deal_of(
    svc: &Services,
    unit_id: i64,
    customer_id: i64,
    yuan: i64,
    contracted: Option<&str>,
    cancelled: bool,
) {
    let price = Money::from_yuan(yuan).fen();
    let at = bj("2027-03-15T10:00:00");
    deal::ActiveModel {
        unit_id: Set(unit_id),
        customer_id: Set(customer_id),
        status: Set(match (contracted, cancelled) {
            (_, true) => "cancelled",
            (Some(_), false) => "contracted",
            (None, false) => "reserved",
        }
        .to_owned()),
        list_price_fen: Set(price),
        discount_fen: Set(0),
        price_fen: Set(price),
        deposit_fen: Set(0),
        discount_approval: Set("not_needed".to_owned()),
        reserved_at: Set(at),
        contracted_at: Set(contracted.map(bj)),
        cancelled_at: Set(cancelled.then_some(at)),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("deal");
}

#[tokio::test]
async fn campaign_figures_match_a_hand_computed_dataset() {
    let (tdb, svc) = seeded().await;
    let mkt = actor(&svc, "mkt1").await;
    let now = svc.clock.now();
    let douyin = "抖音直播";
    let spring = campaigns::save(
        &svc.db,
        &mkt,
        None,
        &draft("spring", douyin, "2027-03-01", "2027-03-31", "100,000"),
        now,
    )
    .await
    .expect("spring");
    assert_eq!(spring.code, "SPRING", "codes are upper-case");
    let late = campaigns::save(
        &svc.db,
        &mkt,
        None,
        &draft("MARCH-LATE", douyin, "2027-03-20", "2027-04-10", "50000"),
        now,
    )
    .await
    .expect("late");

    // SPRING: c1 by channel, c3 by its code. MARCH-LATE: c2 (the days it
    // shares with SPRING are its), c4 (code beats channel), c6 (its last
    // day). Nobody's: c5 (the day before), c7 (the day after).
    let c1 = lead(&svc, "13600000001", douyin, "2027-03-05T10:00:00").await;
    let c2 = lead(&svc, "13600000002", douyin, "2027-03-25T10:00:00").await;
    let c3 = lead(&svc, "13600000003", "网络广告", "2027-03-10T10:00:00").await;
    opportunity_with_code(&svc, c3, "SPRING").await;
    let c4 = lead(&svc, "13600000004", douyin, "2027-03-06T10:00:00").await;
    opportunity_with_code(&svc, c4, "MARCH-LATE").await;
    lead(&svc, "13600000005", douyin, "2027-02-28T23:59:00").await;
    lead(&svc, "13600000006", douyin, "2027-04-10T23:59:00").await;
    lead(&svc, "13600000007", douyin, "2027-04-11T00:00:00").await;

    // Visits: c1 and c2 in time; c3 before SPRING began (not counted).
    visit(&svc, c1, "2027-03-06T15:00:00").await;
    visit(&svc, c2, "2027-03-26T15:00:00").await;
    visit(&svc, c3, "2027-02-20T15:00:00").await;
    // Deals: c1 ¥2,000,000 and c2 ¥1,500,000 signed; c3's cancelled, c4's
    // only reserved.
    let units: Vec<i64> = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .limit(4)
        .into_tuple()
        .all(&svc.db)
        .await
        .expect("units");
    deal_of(
        &svc,
        units[0],
        c1,
        2_000_000,
        Some("2027-03-20T11:00:00"),
        false,
    )
    .await;
    deal_of(
        &svc,
        units[1],
        c2,
        1_500_000,
        Some("2027-04-01T11:00:00"),
        false,
    )
    .await;
    deal_of(
        &svc,
        units[2],
        c3,
        900_000,
        Some("2027-03-18T11:00:00"),
        true,
    )
    .await;
    deal_of(&svc, units[3], c4, 800_000, None, false).await;

    let s = campaigns::get(&svc.db, &mkt, spring.id)
        .await
        .expect("spring")
        .figures;
    assert_eq!((s.leads, s.visits, s.deals), (2, 1, 1));
    assert_eq!(s.revenue, Money::from_yuan(2_000_000));
    assert_eq!(s.cost_per_lead, Some(Money::from_yuan(50_000)));
    assert_eq!(
        (s.visit_rate_bp, s.conversion_bp),
        (Some(5_000), Some(5_000))
    );
    // (2,000,000 − 100,000) ÷ 100,000 = 19 = 1,900 %.
    assert_eq!(s.roi_bp, Some(190_000));

    let l = campaigns::get(&svc.db, &mkt, late.id)
        .await
        .expect("late")
        .figures;
    assert_eq!((l.leads, l.visits, l.deals), (3, 1, 1));
    assert_eq!(l.revenue, Money::from_yuan(1_500_000));
    // 50,000 ÷ 3 = 16,666.666… → 16,666.67.
    assert_eq!(l.cost_per_lead, Some(Money::from_fen(1_666_667)));
    assert_eq!(
        (l.visit_rate_bp, l.conversion_bp),
        (Some(3_333), Some(3_333))
    );
    assert_eq!(l.roi_bp, Some(290_000));

    // Analysts read them too; the list has both, latest first.
    let manager = actor(&svc, "manager1").await;
    let listed = campaigns::list(&svc.db, &manager).await.expect("list");
    assert_eq!(
        listed.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(),
        ["MARCH-LATE", "SPRING"]
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn bad_campaigns_name_their_fields_and_only_marketing_plans() {
    let (tdb, svc) = seeded().await;
    let mkt = actor(&svc, "mkt1").await;
    let club1 = actor(&svc, "club1").await;
    let now = svc.clock.now();
    let fields = |r: Result<_, DomainError>| match r {
        Err(DomainError::Validation(errs)) => errs
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect::<Vec<_>>(),
        Err(e) => panic!("expected field errors, got {e:?}"),
        Ok(_) => panic!("expected field errors, got a campaign"),
    };
    let bad = campaigns::save(
        &svc.db,
        &mkt,
        None,
        &draft("春季", "", "2027-03-31", "2027-03-01", "-5"),
        now,
    )
    .await;
    assert_eq!(
        fields(bad),
        [
            ("code", "invalid_campaign_code"),
            ("channel", "required"),
            ("ends_on", "before_start"),
            ("cost", "invalid_amount"),
        ]
    );
    campaigns::save(
        &svc.db,
        &mkt,
        None,
        &draft("A1", "网络广告", "2027-01-01", "2027-01-31", "1"),
        now,
    )
    .await
    .expect("first");
    let again = campaigns::save(
        &svc.db,
        &mkt,
        None,
        &draft("a1", "网络广告", "2027-02-01", "2027-02-28", "1"),
        now,
    )
    .await;
    assert_eq!(fields(again), [("code", "code_taken")]);
    assert!(matches!(
        campaigns::save(
            &svc.db,
            &club1,
            None,
            &draft("B1", "网络广告", "2027-01-01", "2027-01-31", "1"),
            now
        )
        .await,
        Err(DomainError::Forbidden)
    ));
    assert!(matches!(
        campaigns::list(&svc.db, &club1).await,
        Err(DomainError::Forbidden)
    ));
    assert!(matches!(
        campaigns::get(&svc.db, &mkt, 999_999).await,
        Err(DomainError::NotFound)
    ));
    tdb.cleanup().await;
}
