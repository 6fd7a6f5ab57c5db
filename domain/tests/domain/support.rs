use anju_domain::auth::Actor;
use anju_domain::testing::TestDb;
use anju_domain::{Clock, Services, demo};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// A migrated database with the demo data, and services on a manual clock.
pub async fn seeded() -> (TestDb, Services) {
    let db = TestDb::new().await;
    let svc = db.services(Clock::manual(t0()));
    assert!(demo::seed(&svc.db, t0()).await.expect("seed demo"));
    (db, svc)
}

/// Logs a demo user in and returns the actor.
pub async fn actor(svc: &Services, login: &str) -> Actor {
    anju_domain::testing::demo_actor(svc, login).await
}

/// Registers a customer as `who` (a salesperson's becomes theirs).
pub async fn new_customer(svc: &Services, who: &Actor, mobile: &str) -> i64 {
    anju_domain::customers::create(
        &svc.db,
        who,
        &anju_domain::customers::CustomerDraft {
            name: format!("客户{mobile}"),
            mobile: mobile.to_owned(),
            ..Default::default()
        },
        svc.clock.now(),
    )
    .await
    .expect("customer")
    .id
}

/// Writes a customer row directly (no audit, no duplicate check), for
/// tests that build a dataset by hand.
pub async fn insert_customer(
    svc: &Services,
    name: &str,
    mobile: &str,
    consent_marketing: bool,
    created_at: DateTime<Utc>,
) -> i64 {
    use sea_orm::{ActiveModelTrait, Set};
    anju_domain::entity::customer::ActiveModel {
        name: Set(name.to_owned()),
        mobile: Set(mobile.to_owned()),
        mobile_last4: Set(mobile[mobile.len().saturating_sub(4)..].to_owned()),
        name_initials: Set("x".to_owned()),
        consent_marketing: Set(consent_marketing),
        created_at: Set(created_at),
        updated_at: Set(created_at),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("customer")
    .id
}

/// A handle on the same database that counts the statements run through it.
pub fn counting(db: &DatabaseConnection) -> (DatabaseConnection, Arc<AtomicUsize>) {
    let mut db = db.clone();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    db.set_metric_callback(move |_| {
        seen.fetch_add(1, Ordering::Relaxed);
    });
    (db, count)
}

pub fn taken(count: &AtomicUsize) -> usize {
    count.swap(0, Ordering::Relaxed)
}
