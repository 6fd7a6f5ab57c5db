//! `anju gen`: the generated dataset has the sizes asked for and keeps the
//! invariants the application keeps, so benchmarks measure real data.

use crate::support::{actor, seeded, t0};
use anju_domain::DomainError;
use anju_domain::analytics;
use anju_domain::demo::scale::{self, Scale};
use anju_domain::{business_date, db};
use anju_types::analytics::DashboardFilter;
use chrono::Duration;
use sea_orm::{ConnectionTrait, DatabaseConnection};

const TINY: Scale = Scale {
    name: "tiny",
    customers: 600,
    units: 400,
    interactions: 3_000,
    ledger_entries: 2_000,
    tickets: 300,
};

async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    db::number(db, sql).await.expect(sql)
}

/// Every index and trigger in the schema, and whether it is on.
async fn indexes_and_triggers(db: &DatabaseConnection) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT 'index ' || indexname AS n FROM pg_indexes WHERE schemaname = current_schema() \
             UNION ALL SELECT 'trigger ' || t.tgname || ' ' || CAST(t.tgenabled AS TEXT) FROM pg_trigger t \
             JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace \
             WHERE ns.nspname = current_schema() AND NOT t.tgisinternal ORDER BY 1"
        }
        _ => {
            "SELECT type || ' ' || name AS n FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY 1"
        }
    };
    db.query_all_raw(db::statement(backend, sql, vec![]))
        .await
        .expect("schema")
        .iter()
        .map(|r| r.try_get("", "n").expect("n"))
        .collect()
}

/// The derived tables the triggers kept through the demo's writes are what
/// a rebuild from scratch computes.
#[tokio::test]
async fn rebuilding_the_derived_tables_reproduces_what_the_triggers_kept() {
    let (tdb, svc) = seeded().await;
    let db = &svc.db;
    // Rows that count something (a trigger may leave one of zeros).
    let counting = |d: &migrations::derived::Derived| {
        if d.sums.is_empty() {
            "true".to_owned()
        } else {
            d.sums
                .iter()
                .map(|c| format!("{c} <> 0"))
                .collect::<Vec<_>>()
                .join(" OR ")
        }
    };
    let tables = migrations::derived::tables();
    for d in &tables {
        db.execute_unprepared(&format!(
            "CREATE TABLE kept_{t} AS SELECT * FROM {t} WHERE {c}",
            t = d.table,
            c = counting(d)
        ))
        .await
        .expect("copy");
    }
    migrations::derived::rebuild(db).await.expect("rebuild");
    for d in &tables {
        let t = d.table;
        for (a, b) in [
            (t.to_owned(), format!("kept_{t}")),
            (format!("kept_{t}"), t.to_owned()),
        ] {
            let differ = count(
                db,
                &format!(
                    "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM \
                     (SELECT * FROM {a} WHERE {c} EXCEPT SELECT * FROM {b}) x",
                    c = counting(d)
                ),
            )
            .await;
            assert_eq!(differ, 0, "rows of {a} not in {b}");
        }
        assert!(
            count(
                db,
                &format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {t}")
            )
            .await
                > 0
                || t.starts_with("member_activity"),
            "{t} has the demo's rows"
        );
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn generated_dataset_has_its_sizes_and_keeps_the_invariants() {
    let (tdb, svc) = seeded().await;
    let db = &svc.db;
    let schema = indexes_and_triggers(db).await;
    let mut tables = Vec::new();
    let out = scale::generate(db, &TINY, t0(), &mut |p| tables.push(p.table))
        .await
        .expect("generate");
    // The load took indexes and triggers off; they are all back.
    assert_eq!(indexes_and_triggers(db).await, schema);
    let rows = |t: &str| {
        out.rows
            .iter()
            .filter(|r| r.0 == t)
            .map(|r| r.1)
            .sum::<u64>()
    };
    assert_eq!(rows("customers"), 600);
    assert_eq!(rows("units"), 400);
    assert_eq!(rows("interactions"), 3_000);
    assert_eq!(rows("tickets"), 300);
    // Expiry entries come on top of the entries asked for.
    assert!(
        rows("points_entries") >= 2_000,
        "{}",
        rows("points_entries")
    );
    assert!(tables.contains(&"interactions") && tables.contains(&"tickets"));
    assert_eq!(
        count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM customers WHERE mobile LIKE '190%'"
        )
        .await,
        600
    );

    // A member's kept balance = Σ entries = Σ unspent lots, for every member.
    assert_eq!(
        anju_domain::club::ledger::members_out_of_balance(db)
            .await
            .expect("books"),
        0
    );
    assert!(
        count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM points_entries WHERE kind = 'redeem'"
        )
        .await
            > 0
    );
    // Every unit sold to a generated customer has exactly one live deal,
    // with its owner.
    assert_eq!(
        count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM units u \
             JOIN customers c ON c.id = u.customer_id AND c.mobile LIKE '190%' WHERE \
             (SELECT COUNT(*) FROM deals d WHERE d.unit_id = u.id AND d.cancelled_at IS NULL \
              AND d.customer_id = u.customer_id) <> 1"
        )
        .await,
        0
    );
    assert!(count(db, "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM units WHERE status IN ('contracted', 'delivered')").await > 0);
    // Tickets are about the customer's own unit, after they bought it.
    assert_eq!(
        count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM tickets t JOIN units u ON u.id = t.unit_id \
             WHERE t.customer_id <> u.customer_id"
        )
        .await,
        0
    );
    // The ticket rollups, rebuilt after the bulk load, count
    // each ticket once per department (or at the desk) and once per agent.
    assert_eq!(
        count(
            db,
            "SELECT CAST(SUM(opened) AS BIGINT) AS n FROM ticket_department_days"
        )
        .await,
        count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT DISTINCT ticket_id, department_id \
             FROM ticket_tasks UNION ALL SELECT id, 0 FROM tickets t WHERE NOT EXISTS \
             (SELECT 1 FROM ticket_tasks k WHERE k.ticket_id = t.id)) x"
        )
        .await
    );
    assert_eq!(
        count(
            db,
            "SELECT CAST(SUM(within_target) AS BIGINT) AS n FROM ticket_days"
        )
        .await,
        count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM tickets WHERE resolved_at <= resolution_due_at"
        )
        .await
    );
    // Every member with a two-way interaction has a run of activity.
    assert_eq!(
        count(
            db,
            "SELECT CAST(COUNT(DISTINCT customer_id) AS BIGINT) AS n FROM member_activity_spans"
        )
        .await,
        count(
            db,
            "SELECT CAST(COUNT(DISTINCT i.customer_id) AS BIGINT) AS n FROM interactions i \
             JOIN members m ON m.customer_id = i.customer_id WHERE i.kind NOT IN ('sms', 'email')"
        )
        .await
    );
    // The pyramid was computed for every live customer.
    assert_eq!(
        count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM customer_segments"
        )
        .await,
        count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM customers WHERE merged_into_id IS NULL"
        )
        .await
    );

    // A generated member logs in with their mobile and the demo password.
    let login: String = db
        .query_one_raw(db::statement(
            db.get_database_backend(),
            "SELECT login FROM users WHERE kind = 'member' AND login LIKE '190%' ORDER BY id",
            vec![],
        ))
        .await
        .expect("query")
        .expect("a generated member")
        .try_get("", "login")
        .expect("login");
    let member = actor(&svc, &login).await;
    let points = anju_domain::club::membership::points_summary(db, &member, t0())
        .await
        .expect("points");
    let own = anju_domain::club::membership::own(db, &member)
        .await
        .expect("membership");
    assert_eq!(points.balance, own.points_balance);

    // The dashboard reads the generated year.
    let mkt = actor(&svc, "mkt1").await;
    let today = business_date(t0());
    let filter = DashboardFilter {
        project_id: None,
        from: today - Duration::days(365),
        to: today,
    };
    let board = analytics::dashboard(db, &mkt, &filter, t0())
        .await
        .expect("dashboard");
    assert!(
        board
            .contacts
            .iter()
            .map(|d| d.calls + d.visits)
            .sum::<i64>()
            > 0
    );
    assert!(board.departments.iter().map(|d| d.tickets).sum::<i64>() > 0);
    assert!(board.staff.iter().any(|s| s.follow_ups > 0));

    // Rows written after generation get fresh ids (sequences moved on).
    let sales = actor(&svc, "sales1").await;
    crate::support::new_customer(&svc, &sales, "13912345678").await;

    // A second run is refused.
    assert!(matches!(
        scale::generate(db, &TINY, t0(), &mut |_| {}).await,
        Err(DomainError::Conflict("already_generated"))
    ));
    tdb.cleanup().await;
}
