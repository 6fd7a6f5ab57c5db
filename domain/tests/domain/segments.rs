//! The customer pyramid on the demo data: every live customer placed once,
//! owners cut at 1 / 5 / 20 %, the silent inactive, once per business day.

use crate::support::{actor, seeded};
use anju_domain::DomainError;
use anju_domain::entity::{customer, customer_segment};
use anju_domain::marketing::segments::{self, pyramid_cutoffs};
use anju_types::segment::Segment;
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

#[tokio::test]
async fn the_job_places_every_customer_once_a_day() {
    let (tdb, svc) = seeded().await;
    let mkt = actor(&svc, "mkt1").await;
    let club1 = actor(&svc, "club1").await;
    let now = svc.clock.now();
    // Registered two years ago and never heard from since.
    let silent = customer::ActiveModel {
        name: Set("沉默客户".to_owned()),
        mobile: Set("13599990000".to_owned()),
        mobile_last4: Set("0000".to_owned()),
        name_initials: Set("cmkh".to_owned()),
        consent_marketing: Set(false),
        created_at: Set(now - Duration::days(730)),
        updated_at: Set(now - Duration::days(730)),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("customer")
    .id;

    let live = customer::Entity::find()
        .filter(customer::Column::MergedIntoId.is_null())
        .count(&svc.db)
        .await
        .expect("count") as usize;
    assert_eq!(
        segments::recompute_if_due(&svc.db, now).await.expect("job"),
        Some(live)
    );
    assert_eq!(
        segments::recompute_if_due(&svc.db, now + Duration::hours(1))
            .await
            .expect("again"),
        None,
        "once per business day"
    );

    let summary = segments::summary(&svc.db, &mkt).await.expect("summary");
    assert_eq!(summary.computed_at, Some(now));
    let count = |s: Segment| {
        summary
            .segments
            .iter()
            .find(|c| c.segment == s)
            .map_or(0, |c| c.customers as usize)
    };
    assert_eq!(
        Segment::ALL.iter().map(|s| count(*s)).sum::<usize>(),
        live,
        "every customer once"
    );
    let owners = [Segment::Top, Segment::High, Segment::Middle, Segment::Low]
        .iter()
        .map(|s| count(*s))
        .sum::<usize>();
    assert!(owners > 0, "the demo has buyers");
    let (top, high, middle) = pyramid_cutoffs(owners);
    assert_eq!(count(Segment::Top), top);
    assert_eq!(count(Segment::High), high - top);
    assert_eq!(count(Segment::Middle), middle - high);
    assert!(count(Segment::Potential) > 0, "open opportunities");
    let placed = customer_segment::Entity::find_by_id(silent)
        .one(&svc.db)
        .await
        .expect("row")
        .expect("placed");
    assert_eq!(placed.segment, "inactive");
    assert_eq!(placed.score, 0);

    // A segment list: highest score first, mobiles masked.
    let lows = segments::members(&svc.db, &mkt, Segment::Low, 0)
        .await
        .expect("list");
    assert!(!lows.items.is_empty());
    assert!(lows.items.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(lows.items.iter().all(|m| m.mobile.contains("****")));

    // Marketing may force it; the club manager may not read it.
    assert_eq!(
        segments::recompute_now(&svc.db, &mkt, now + Duration::hours(2))
            .await
            .expect("forced"),
        live
    );
    assert!(matches!(
        segments::summary(&svc.db, &club1).await,
        Err(DomainError::Forbidden)
    ));
    assert!(matches!(
        segments::recompute_now(&svc.db, &club1, now).await,
        Err(DomainError::Forbidden)
    ));
    // The next business day it runs again.
    assert_eq!(
        segments::recompute_if_due(&svc.db, now + Duration::days(1))
            .await
            .expect("tomorrow"),
        Some(live)
    );
    tdb.cleanup().await;
}
