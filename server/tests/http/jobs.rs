//! Scheduled jobs on several instances: two instances, each with its own
//! connection pool on one database, leave exactly what one instance leaves.

use crate::helpers::t0;
use anju_domain::customers::{self, CustomerDraft};
use anju_domain::entity::unit;
use anju_domain::testing::TestDb;
use anju_domain::tickets;
use anju_domain::{Clock, Services, db, demo, inventory};
use anju_server::jobs::{self, Schedule};
use anju_types::UnitAction;
use anju_types::ticket::TicketDraft;
use chrono::Duration;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait};
use sea_orm::{QueryFilter, QuerySelect};
use std::collections::BTreeMap;

/// Rows per table, and the points every member holds: what the jobs change.
async fn fingerprint(db: &DatabaseConnection) -> BTreeMap<String, i64> {
    let backend = db.get_database_backend();
    let list = match backend {
        DbBackend::Postgres => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let tables: Vec<String> = db
        .query_all_raw(db::statement(backend, list, vec![]))
        .await
        .expect("tables")
        .iter()
        .map(|r| r.try_get("", "name").expect("name"))
        .collect();
    let mut out = BTreeMap::new();
    for table in tables {
        let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}");
        out.insert(table, db::number(db, &sql).await.expect("count"));
    }
    let sql = "SELECT CAST(COALESCE(SUM(points_balance), 0) AS BIGINT) AS n FROM members";
    out.insert(
        "Σ points_balance".into(),
        db::number(db, sql).await.expect("points"),
    );
    out
}

/// The demo data plus work that falls due: ten new tickets (each owes four
/// SLA alerts), a unit on hold; then 400 days pass (the demo's points
/// lapse). Runs the jobs on `instances` instances until nothing changes
/// any more; returns the fingerprint before and after.
async fn run_jobs_on(instances: usize) -> (BTreeMap<String, i64>, BTreeMap<String, i64>) {
    let tdb = TestDb::shared().await;
    let clock = Clock::manual(t0());
    let svc = tdb.services(clock.clone());
    assert!(demo::seed(&svc.db, t0()).await.expect("seed"));
    let member = anju_domain::testing::demo_actor(&svc, "13800000001").await;
    for i in 0..10 {
        let draft = TicketDraft {
            kind: "repair".into(),
            category: "repair.leaks".into(),
            title: format!("卫生间漏水 {i}"),
            description: "楼下天花板渗水。".into(),
            unit_id: None,
        };
        tickets::open_for_member(&svc.db, &member, &draft, t0())
            .await
            .expect("ticket");
    }
    let sales = anju_domain::testing::demo_actor(&svc, "sales1").await;
    let buyer = customers::create(
        &svc.db,
        &sales,
        &CustomerDraft {
            name: "暂留客户".into(),
            mobile: "13755550001".into(),
            ..Default::default()
        },
        t0(),
    )
    .await
    .expect("customer")
    .id;
    let unit: i64 = unit::Entity::find()
        .select_only()
        .column(unit::Column::Id)
        .filter(unit::Column::Status.eq("available"))
        .into_tuple()
        .one(&svc.db)
        .await
        .expect("unit")
        .expect("an available unit");
    inventory::act(&svc.db, &sales, unit, UnitAction::Hold, Some(buyer), t0())
        .await
        .expect("hold");
    clock.advance(Duration::days(400));
    let before = fingerprint(&svc.db).await;

    let url = tdb.url().expect("shared").to_owned();
    let mut running = Vec::new();
    for _ in 0..instances {
        let pool = db::connect(&url).await.expect("instance pool");
        let instance = Services {
            reports: pool.clone(),
            db: pool,
            ..svc.clone()
        };
        running.push(jobs::spawn(
            instance,
            Schedule::every(std::time::Duration::from_millis(30)),
        ));
    }
    // Settled: the tables changed, then stayed the same while every job of
    // every instance ran twice more (so at least once from start to end).
    // Counting runs, not waiting a fixed time: a slow run (the pyramid, on
    // a busy machine) would otherwise pass for a finished one.
    let finished = |running: &[jobs::Jobs]| -> Vec<u64> {
        running.iter().flat_map(jobs::Jobs::finished_runs).collect()
    };
    let (mut last, mut mark) = (before.clone(), finished(&running));
    let mut settled = false;
    for _ in 0..400 {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let runs = finished(&running);
        let now = fingerprint(&svc.db).await;
        if now != last {
            (last, mark) = (now, finished(&running));
        } else if now != before && runs.iter().zip(&mark).all(|(n, m)| *n >= m + 2) {
            settled = true;
            break;
        }
    }
    assert!(settled, "the jobs settled");
    drop(running);
    tdb.cleanup().await;
    (before, last)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_do_what_one_does() {
    let (start_one, one) = run_jobs_on(1).await;
    let (start_two, two) = run_jobs_on(2).await;
    assert_eq!(start_one, start_two, "both runs start from the same state");
    let grew = |table: &str| one[table] - start_one[table];
    // The jobs did their work: alerts and their notifications, the hold
    // released (audited), lapsed points expired, the pyramid computed.
    assert!(grew("ticket_sla_alerts") >= 40, "{one:?}");
    assert!(grew("notifications") >= 40);
    assert!(grew("audit_log") >= 1);
    assert!(grew("points_entries") >= 1);
    assert!(one["Σ points_balance"] < start_one["Σ points_balance"]);
    let changed: Vec<_> = one
        .iter()
        .filter(|(t, n)| start_one.get(*t) != Some(n))
        .map(|(t, _)| t.as_str())
        .collect();
    // ...and two instances did it exactly once: every table the same.
    assert_eq!(one, two, "tables the jobs changed: {changed:?}");
}
