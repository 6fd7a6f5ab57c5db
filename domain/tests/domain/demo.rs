use crate::support::{seeded, t0};
use anju_domain::entity::{unit, user};
use anju_domain::{db, demo};
use sea_orm::{EntityTrait, PaginatorTrait};

#[tokio::test]
async fn demo_data_seeds_once_with_every_login() {
    let (tdb, svc) = seeded().await;
    assert_eq!(
        user::Entity::find().count(&svc.db).await.expect("count"),
        demo::DEMO_LOGINS.len() as u64
    );
    // Two projects × two buildings: 18×4 + 18×4 + 12×4 + 12×4 units.
    assert_eq!(
        unit::Entity::find().count(&svc.db).await.expect("count"),
        240
    );
    assert!(
        !demo::seed(&svc.db, t0()).await.expect("second seed"),
        "must not seed twice"
    );
    assert_eq!(
        user::Entity::find().count(&svc.db).await.expect("count"),
        demo::DEMO_LOGINS.len() as u64
    );
    // Migrating an up-to-date database is a no-op.
    db::migrate(&svc.db).await.expect("re-migrate");
    tdb.cleanup().await;
}
