//! `cargo bench -p anju-domain --bench dashboard`: every chart of the
//! analytics dashboard at a developer group's size (the `anju gen --scale
//! group` dataset: 1M customers, 10M interactions, 10M ledger entries, 1M
//! tickets), straight through the domain functions the page calls.
//!
//! SQLite file under `target/bench-dashboard/` (generated once, reused:
//! delete it to rebuild), or PostgreSQL when `ANJU_BENCH_DATABASE_URL` is
//! set. `ANJU_BENCH_SCALE=small` for a hundredth of the size.

use anju_domain::analytics;
use anju_domain::auth::session::{self, LoginInput};
use anju_domain::demo::scale::{self, Scale};
use anju_domain::marketing::{campaigns, segments};
use anju_domain::{Clock, Services, business_date, db, demo};
use anju_types::analytics::DashboardFilter;
use chrono::{Duration, Utc};
use std::future::Future;
use std::time::Instant;

const RUNS: usize = 15;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

async fn run() {
    let scale_name = std::env::var("ANJU_BENCH_SCALE").unwrap_or_else(|_| "group".to_owned());
    let scale = Scale::named(&scale_name).expect("ANJU_BENCH_SCALE is group or small");
    let url = std::env::var("ANJU_BENCH_DATABASE_URL").unwrap_or_else(|_| {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-dashboard");
        format!("sqlite://{}/{}.db?mode=rwc", dir.display(), scale.name)
    });
    println!("database: {}", url.split('?').next().unwrap_or_default());
    let conn = db::connect(&url).await.expect("connect");
    let t = Instant::now();
    db::migrate(&conn).await.expect("migrate");
    println!("migrated in {:.1} s", t.elapsed().as_secs_f64());
    let now = Utc::now();
    demo::seed(&conn, now).await.expect("seed");
    if !scale::already_generated(&conn).await.expect("check") {
        scale::generate_with_progress(&conn, &scale, now)
            .await
            .expect("generate");
    }
    // The dashboard reads through its own connection, as in the server.
    let reports = db::connect_reports(&url, &conn)
        .await
        .expect("connect reports");
    let svc = Services {
        db: conn.clone(),
        reports: reports.clone(),
        jwt: anju_domain::auth::jwt::JwtKeys::from_secret(b"anju-bench-secret-anju-bench-secret"),
        clock: Clock::System,
        auth: anju_domain::auth::AuthSettings::default(),
        webhook_targets: anju_domain::egress::Targets::Public,
    };
    let actor = session::login(
        &svc,
        LoginInput {
            identifier: "mkt1".to_owned(),
            password: demo::DEMO_PASSWORD.to_owned(),
            user_agent: None,
            device_token: None,
            ip: None,
        },
    )
    .await
    .expect("login")
    .actor;

    let today = business_date(now);
    let project = anju_domain::pipeline::opportunities::projects(&conn, &actor)
        .await
        .expect("projects")
        .into_iter()
        .last()
        .map(|p| p.id);
    // The page opens on the last 90 days of all projects.
    let periods = [
        ("last 90 days, all projects (the page's default)", 89, None),
        ("last 90 days, one project", 89, project),
        ("last 30 days, all projects", 29, None),
        (
            "last 366 days (the longest period allowed), all projects",
            365,
            None,
        ),
    ];
    for (label, days, project_id) in periods {
        let filter = DashboardFilter {
            project_id,
            from: today - Duration::days(days),
            to: today,
        };
        println!("\n{label} ({RUNS} runs each)");
        println!("| chart | p50 | max |");
        println!("| --- | --- | --- |");
        let (f, db, a) = (&filter, &reports, &actor);
        time("funnel and forecast", || analytics::funnel(db, f)).await;
        time("customer pyramid", || segments::summary(db, a)).await;
        time("campaign ROI", || campaigns::list(db, a)).await;
        time("calls and visits per day", || {
            analytics::daily_contacts(db, f.from, f.to)
        })
        .await;
        time("member growth and points", || {
            analytics::club_by_month(db, f.from, f.to)
        })
        .await;
        time("club conversion", || {
            analytics::club_conversion(db, f.from, f.to)
        })
        .await;
        time("tickets and SLA by department", || {
            analytics::tickets_by_department(db, f, now)
        })
        .await;
        time("staff KPIs", || analytics::staff_kpis(db, f, now, &[])).await;
        time("whole dashboard", || analytics::dashboard(db, a, f, now)).await;
    }

    println!("\nthe pyramid job (not a chart; once a day)");
    let t = Instant::now();
    let facts = segments::facts(&conn, now).await.expect("facts");
    println!(
        "| segments::facts ({} customers) | {:.0} ms |",
        facts.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    segments::recompute_now(&conn, &actor, now)
        .await
        .expect("recompute");
    println!(
        "| segments::recompute_now | {:.0} ms |",
        t.elapsed().as_secs_f64() * 1e3
    );
}

async fn time<T, E: std::fmt::Debug, F: Future<Output = Result<T, E>>>(
    label: &str,
    mut f: impl FnMut() -> F,
) {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        f().await.expect(label);
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "| {label} | {:.1} ms | {:.1} ms |",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3
    );
}
