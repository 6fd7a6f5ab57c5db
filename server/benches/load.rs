//! `cargo bench -p anju --bench load`: anju's hot requests on a developer
//! group's dataset (`anju gen --scale group`, generated once under
//! `target/bench-load/`; `ANJU_BENCH_SCALE=small` for a quick run), each
//! measured beside a **floor**: a tiny axum + sqlx server (`load/floor.rs`)
//! that runs exactly the SQL anju runs for that request (captured with
//! `ANJU_LOG_SQL=1`) and nothing else. The two share the dataset, the
//! machine and the load loop, so `anju ÷ floor` survives a noisy machine.
//!
//! Both servers run as child processes (the release `anju serve`, and this
//! bench binary re-run as `floor`); the load loop runs here with 64
//! connections for 8 s per request kind, after 2 s not counted. Goals
//! (issue 7): member home ≥ 3,000 req/s with p99 ≤ 25 ms; points API
//! ≥ 0.7 × its floor; search p99 ≤ 20 ms; server RSS ≤ 200 MB.
//!
//! `ANJU_BENCH_SERVER=<path of another anju binary>` measures that build
//! instead (a before/after on one machine without rebuilding the bench).

#[path = "load/floor.rs"]
mod floor;
// Shared with the other benches; this one uses the general loop only.
#[allow(dead_code)]
#[path = "support/load.rs"]
mod load;

use load::{Figures, load_with};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

// The floor runs with the allocator anju runs with, so the ratio measures
// anju's own work, not a difference of allocators.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SECRET: &str = "anju-load-bench-secret-0123456789abcdef";
const SALES: &str = "sales1";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if args.first().map(String::as_str) == Some("floor") {
        rt.block_on(floor::serve(&args[1], &args[2], SECRET));
    } else {
        rt.block_on(run());
    }
}

async fn run() {
    let scale = std::env::var("ANJU_BENCH_SCALE").unwrap_or_else(|_| "group".to_owned());
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-load");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let db = dir.join(format!("{scale}.db"));
    if !db.exists() {
        generate(&db, &scale);
    }
    let url = format!("sqlite://{}?mode=rwc", db.display());
    let fixtures = Fixtures::read(&url).await;

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(load::CONNECTIONS)
        .build()
        .expect("client");
    let anju = Running::spawn_anju(&url, &dir);
    wait_healthy(&client, &anju.base).await;
    let member = load::token(&client, &anju.base, &fixtures.member).await;
    let sales = load::token(&client, &anju.base, SALES).await;
    let ticket = member_ticket(&client, &anju.base, &member).await;
    let session = Session {
        member,
        sales,
        ticket,
        fixtures,
    };

    let anju_figures = measure(&client, &anju.base, &session).await;
    let anju_memory = anju.memory();
    // Then the analytics dashboard, which scans much of the file through
    // the reports connection: the RSS goal holds while it runs too.
    let dashboard = dashboard(&client, &anju.base).await;
    let dashboard_memory = anju.memory();
    drop(anju);
    let floor = Running::spawn_floor(&db, &dir);
    wait_healthy(&client, &floor.base).await;
    let floor_figures = measure(&client, &floor.base, &session).await;
    let floor_memory = floor.memory();
    drop(floor);
    report(&scale, &anju_figures, &floor_figures);
    println!("anju's memory after the run: {anju_memory} (goal: peak ≤ 200 MB)");
    println!(
        "the dashboard API as mkt1 (default period, then the longest), {DASHBOARD_RUNS} runs each: {dashboard}"
    );
    println!("anju's memory after the dashboard runs too: {dashboard_memory}");
    println!("the floor's: {floor_memory}");
}

const DASHBOARD_RUNS: usize = 5;

/// `GET /api/v1/analytics/dashboard` as the marketing user, a few times at
/// the page's default period (90 days) and at the longest (366): p50 of each.
async fn dashboard(client: &reqwest::Client, base: &str) -> String {
    let token = load::token(client, base, "mkt1").await;
    let today = anju_domain::business_date(chrono::Utc::now());
    let mut out = Vec::new();
    for from in [None, Some(today - chrono::Duration::days(365))] {
        let mut times = Vec::new();
        for _ in 0..DASHBOARD_RUNS {
            let mut request = client.get(format!("{base}/api/v1/analytics/dashboard"));
            if let Some(from) = from {
                request = request.query(&[("from", from.to_string())]);
            }
            let started = std::time::Instant::now();
            let resp = request.bearer_auth(&token).send().await.expect("dashboard");
            assert!(resp.status().is_success(), "dashboard: {}", resp.status());
            resp.bytes().await.expect("dashboard body");
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        out.push(format!("{:.0} ms", times[times.len() / 2]));
    }
    out.join(" / ")
}

/// What the requests need from the dataset: units to hold and a customer
/// of the salesperson's to hold them for, phone suffixes to search.
struct Fixtures {
    /// A club member with service requests (the demo's have none).
    member: String,
    units: Vec<i64>,
    customer: i64,
    suffixes: Vec<String>,
}

impl Fixtures {
    async fn read(url: &str) -> Fixtures {
        use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
        let db = Database::connect(url).await.expect("open the dataset");
        let ids = |sql: &str| {
            let db = db.clone();
            let sql = sql.to_owned();
            async move {
                db.query_all_raw(Statement::from_string(DbBackend::Sqlite, sql))
                    .await
                    .expect("fixture query")
                    .into_iter()
                    .map(|r| r.try_get_by_index::<i64>(0).expect("id"))
                    .collect::<Vec<i64>>()
            }
        };
        let units = ids(&format!(
            "SELECT id FROM units WHERE status = 'available' ORDER BY id LIMIT {}",
            load::CONNECTIONS
        ))
        .await;
        let customer = ids(&format!(
            "SELECT c.id FROM customers c JOIN users u ON u.id = c.assigned_sales_id \
             WHERE u.login = '{SALES}' AND c.merged_into_id IS NULL ORDER BY c.id LIMIT 1"
        ))
        .await;
        assert_eq!(units.len(), load::CONNECTIONS, "available units");
        let member = db
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT u.login FROM users u JOIN members m ON m.customer_id = u.customer_id \
                 WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = u.customer_id) \
                 ORDER BY u.id LIMIT 1",
            ))
            .await
            .expect("member query")
            .and_then(|r| r.try_get_by_index::<String>(0).ok())
            .expect("a member with tickets");
        db.close().await.expect("close");
        Fixtures {
            member,
            units,
            customer: customer[0],
            // Four-digit tails, the way a salesperson looks a caller up.
            suffixes: (0..97)
                .map(|i| format!("{:04}", i * 103 % 10_000))
                .collect(),
        }
    }
}

struct Session {
    member: String,
    sales: String,
    ticket: i64,
    fixtures: Fixtures,
}

type MakeRequest =
    Box<dyn Fn(&reqwest::Client, usize, usize) -> reqwest::RequestBuilder + Send + Sync>;

/// The five requests of issue 7, against `base` (anju or its floor; the
/// floor answers the same paths). `ANJU_BENCH_ONLY=<part of a name>`
/// measures only the matching ones (for profiling one request).
async fn measure(
    client: &reqwest::Client,
    base: &str,
    s: &Session,
) -> Vec<(&'static str, Figures)> {
    let b = base.to_owned();
    let (member, sales) = (s.member.clone(), s.sales.clone());
    let (ticket, suffixes) = (s.ticket, s.fixtures.suffixes.clone());
    let (units, customer) = (s.fixtures.units.clone(), s.fixtures.customer);
    let kinds: Vec<(&'static str, MakeRequest)> = vec![
        ("member home, SSR `GET /`", {
            let (b, token) = (b.clone(), member.clone());
            Box::new(move |c, _, _| {
                c.get(format!("{b}/"))
                    .header("cookie", format!("anju_at={token}"))
            })
        }),
        ("points balance, `GET /api/v1/me/points`", {
            let (b, token) = (b.clone(), member.clone());
            Box::new(move |c, _, _| c.get(format!("{b}/api/v1/me/points")).bearer_auth(&token))
        }),
        ("ticket timeline, `GET /api/v1/me/tickets/{id}`", {
            let (b, token) = (b.clone(), member.clone());
            Box::new(move |c, _, _| {
                c.get(format!("{b}/api/v1/me/tickets/{ticket}"))
                    .bearer_auth(&token)
            })
        }),
        (
            "staff customer search, `GET /api/v1/customers?q=<4 digits>`",
            {
                let (b, token) = (b.clone(), sales.clone());
                Box::new(move |c, conn, i| {
                    let q = &suffixes[(conn * 31 + i) % suffixes.len()];
                    c.get(format!("{b}/api/v1/customers?q={q}"))
                        .bearer_auth(&token)
                })
            },
        ),
        // Each connection holds its own unit for the customer, then
        // releases it, and so on: every request is a real transition,
        // none conflicts.
        ("unit hold / release, `POST /api/v1/units/{id}/actions`", {
            let (b, token, units) = (b.clone(), sales.clone(), units.clone());
            Box::new(move |c, conn, i| {
                let body = if i % 2 == 0 {
                    json!({ "action": "hold", "customer_id": customer })
                } else {
                    json!({ "action": "release" })
                };
                c.post(format!("{b}/api/v1/units/{}/actions", units[conn]))
                    .bearer_auth(&token)
                    .json(&body)
            })
        }),
    ];
    let only = std::env::var("ANJU_BENCH_ONLY").unwrap_or_default();
    let mut out = Vec::new();
    for (name, request) in kinds {
        if name.contains(only.as_str()) {
            out.push((name, load_with(client, request).await));
        }
    }
    // Leave every unit as it was found, whatever the last step was.
    for unit in &units {
        let _ = client
            .post(format!("{base}/api/v1/units/{unit}/actions"))
            .bearer_auth(&sales)
            .json(&json!({ "action": "release" }))
            .send()
            .await;
    }
    out
}

fn report(scale: &str, anju: &[(&str, Figures)], floor: &[(&str, Figures)]) {
    let rate = |x: &Figures| x.requests as f64 / load::DURATION.as_secs_f64();
    println!(
        "\ndataset: anju gen --scale {scale}; {} connections, {} s each after {} s of warm-up",
        load::CONNECTIONS,
        load::DURATION.as_secs(),
        load::WARM_UP.as_secs()
    );
    println!("| request | anju req/s | p50 | p99 | floor req/s | p50 | p99 | anju ÷ floor |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for ((name, a), (_, f)) in anju.iter().zip(floor) {
        println!(
            "| {name} | {:.0} | {:.1} ms | {:.1} ms | {:.0} | {:.1} ms | {:.1} ms | {:.2} |",
            rate(a),
            a.p50,
            a.p99,
            rate(f),
            f.p50,
            f.p99,
            rate(a) / rate(f)
        );
    }
}

/// `anju gen` into a scratch name, renamed when complete, so an
/// interrupted run is not mistaken for a dataset.
fn generate(db: &Path, scale: &str) {
    let partial = db.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let status = Command::new(env!("CARGO_BIN_EXE_anju"))
        .args(["gen", "--scale", scale])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", partial.display()),
        )
        .status()
        .expect("anju gen");
    assert!(status.success(), "anju gen failed");
    // `anju gen` closes its pool, so the file alone holds everything.
    std::fs::rename(&partial, db).expect("keep the dataset");
}

/// A server under measurement; killed when dropped.
struct Running {
    process: std::process::Child,
    base: String,
}

impl Running {
    fn spawn_anju(url: &str, dir: &Path) -> Running {
        let (port, base) = free_port();
        let server = std::env::var("ANJU_BENCH_SERVER")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_anju").to_owned());
        let process = Command::new(server)
            .arg("serve")
            .current_dir(dir)
            .env("DATABASE_URL", url)
            .env("ANJU_ADDR", format!("127.0.0.1:{port}"))
            .env("ANJU_JWT_SECRET", SECRET)
            .env("ANJU_DEMO", "false")
            .env("ANJU_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log_file(dir, "anju"))
            .spawn()
            .expect("start anju");
        Running { process, base }
    }

    fn spawn_floor(db: &Path, dir: &Path) -> Running {
        let (port, base) = free_port();
        let process = Command::new(std::env::current_exe().expect("this bench"))
            .args([
                "floor",
                &db.display().to_string(),
                &format!("127.0.0.1:{port}"),
            ])
            .stdout(Stdio::null())
            .stderr(log_file(dir, "floor"))
            .spawn()
            .expect("start the floor");
        Running { process, base }
    }

    /// Peak resident memory (VmHWM), and what is resident now: the heap
    /// (RssAnon) and the database file's pages mapped in (RssFile, which
    /// the kernel can drop and reread). Linux's /proc.
    fn memory(&self) -> String {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.process.id()))
            .unwrap_or_default();
        let mb = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        format!(
            "peak {:.0} MB; now {:.0} MB heap + {:.0} MB mapped file",
            mb("VmHWM:"),
            mb("RssAnon:"),
            mb("RssFile:")
        )
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn free_port() -> (u16, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    (port, format!("http://127.0.0.1:{port}"))
}

fn log_file(dir: &Path, name: &str) -> std::fs::File {
    std::fs::File::create(dir.join(format!("{name}.log"))).expect("log file")
}

async fn wait_healthy(client: &reqwest::Client, base: &str) {
    for _ in 0..600 {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{base} did not become healthy");
}

async fn member_ticket(client: &reqwest::Client, base: &str, token: &str) -> i64 {
    let body: Value = client
        .get(format!("{base}/api/v1/me/tickets"))
        .bearer_auth(token)
        .send()
        .await
        .expect("tickets")
        .json()
        .await
        .expect("tickets json");
    body[0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("the member has no ticket: {body}"))
}
