use crate::support::{actor, new_customer, seeded};
use anju_domain::customers::{ContactWarning, InteractionDraft, interactions, work_queue};
use anju_domain::entity::unit;
use anju_domain::{DomainError, inventory, settings};
use anju_types::UnitAction;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn administrators_tune_the_contact_guard_stale_days_and_hold_length() {
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    let sales1 = actor(&svc, "sales1").await;
    let now = svc.clock.now();

    // Only admins, only in range, only known keys.
    assert!(matches!(
        settings::set_int(&svc.db, &sales1, settings::CONTACT_MAX_OUTBOUND.key, 1, now).await,
        Err(DomainError::Forbidden)
    ));
    assert!(matches!(
        settings::set_int(&svc.db, &admin, settings::CONTACT_WINDOW_DAYS.key, 0, now).await,
        Err(DomainError::Validation(_))
    ));
    assert!(matches!(
        settings::set_int(&svc.db, &admin, "no.such.key", 1, now).await,
        Err(DomainError::NotFound)
    ));
    let listed = settings::list(&svc.db, &admin).await.expect("list");
    assert_eq!(listed.len(), settings::ALL.len());

    // One outbound contact in 30 days.
    settings::set_int(&svc.db, &admin, settings::CONTACT_MAX_OUTBOUND.key, 1, now)
        .await
        .expect("max");
    settings::set_int(&svc.db, &admin, settings::CONTACT_WINDOW_DAYS.key, 30, now)
        .await
        .expect("window");
    let c = new_customer(&svc, &sales1, "13755593001").await;
    let call = || InteractionDraft {
        kind: "call_out".to_owned(),
        notes: "回访".to_owned(),
        ..Default::default()
    };
    let first = interactions::log(&svc.db, &sales1, c, &call(), now)
        .await
        .expect("first");
    assert!(
        !first
            .warnings
            .iter()
            .any(|w| matches!(w, ContactWarning::TooFrequent { .. })),
        "{:?}",
        first.warnings
    );
    let second = interactions::log(&svc.db, &sales1, c, &call(), now)
        .await
        .expect("second");
    assert!(second.warnings.contains(&ContactWarning::TooFrequent {
        recent: 1,
        max: 1,
        window_days: 30
    }));

    settings::set_int(&svc.db, &admin, settings::STALE_AFTER_DAYS.key, 3, now)
        .await
        .expect("stale");
    assert_eq!(
        work_queue::for_actor(&svc.db, &sales1, now)
            .await
            .expect("queue")
            .stale_after_days,
        3
    );

    // Holds last 60 minutes now.
    settings::set_int(&svc.db, &admin, settings::HOLD_MINUTES.key, 60, now)
        .await
        .expect("hold");
    let free = unit::Entity::find()
        .filter(unit::Column::Status.eq("available"))
        .one(&svc.db)
        .await
        .expect("q")
        .expect("a free unit");
    inventory::act(&svc.db, &sales1, free.id, UnitAction::Hold, Some(c), now)
        .await
        .expect("hold");
    let held = unit::Entity::find_by_id(free.id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("unit");
    assert_eq!(
        held.hold_expires_at,
        Some(now + chrono::Duration::minutes(60))
    );
    tdb.cleanup().await;
}
