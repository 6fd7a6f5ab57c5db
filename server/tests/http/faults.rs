//! Faults, on the real binary: killed with SIGKILL in the middle of
//! sustained writes, and stopped with SIGTERM in the middle of a request.
//! Also what only the binary's own log shows: the statements a page runs.
//! On SQLite (a file) by default, on PostgreSQL when `DATABASE_URL` points
//! at one.

use anju_domain::club::ledger;
use anju_domain::db;
use anju_domain::testing::TestDb;
use reqwest::{Client, StatusCode};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

const SECRET: &str = "anju-faults-test-secret-0123456789abcdef";

/// `anju serve` as a child process on a free port.
struct Server {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Server {
    /// Starts the binary on `url` and waits until `/healthz` answers 200.
    async fn start(url: &str, dir: &Path) -> Server {
        Server::start_with(url, dir, &[("ANJU_LOG", "warn")]).await
    }

    /// Same, with more environment (it wins over the defaults above).
    async fn start_with(url: &str, dir: &Path, env: &[(&str, &str)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = dir.join(format!("anju-{port}.log"));
        let log_file = std::fs::File::create(&log).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_anju"))
            .arg("serve")
            .current_dir(dir)
            .env("DATABASE_URL", url)
            .env("ANJU_ADDR", format!("127.0.0.1:{port}"))
            .env("ANJU_JWT_SECRET", SECRET)
            .env("ANJU_DEMO", "false")
            .envs(env.iter().copied())
            // The log goes to stdout; both land in the one file.
            .stdout(log_file.try_clone().expect("log file"))
            .stderr(log_file)
            .spawn()
            .expect("start anju");
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
        };
        let client = client();
        for _ in 0..300 {
            if let Ok(r) = client.get(server.url("/healthz")).send().await
                && r.status() == StatusCode::OK
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("anju did not become healthy: {}", server.stderr());
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown code runs.
    fn kill(mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reap");
    }

    /// SIGTERM: the graceful shutdown path.
    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success());
    }

    async fn login(&self, login: &str) -> String {
        let body: Value = client()
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({ "login": login, "password": anju_domain::demo::DEMO_PASSWORD }))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("login json");
        body["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("{login}: {body}"))
            .to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

/// A shared database (SQLite file or PostgreSQL schema) with the demo data,
/// and a folder for the server's logs.
async fn seeded() -> (TestDb, String, PathBuf) {
    let tdb = TestDb::shared().await;
    assert!(
        anju_domain::demo::seed(&tdb.db, chrono::Utc::now())
            .await
            .expect("seed")
    );
    let url = tdb.url().expect("a shared database").to_owned();
    let dir = std::env::temp_dir().join(format!("anju-faults-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    (tdb, url, dir)
}

async fn scalar(db: &DatabaseConnection, sql: &str) -> i64 {
    db::number(db, sql).await.expect(sql)
}

/// What one writer sent and what the server acknowledged.
#[derive(Default)]
struct Writes {
    /// (Idempotency-Key, member id, points) of every adjustment sent.
    points_sent: Vec<(String, i64, i64)>,
    /// Indexes into `points_sent` the server acknowledged (201).
    points_acked: Vec<usize>,
    /// Ticket ids the server acknowledged.
    tickets: Vec<i64>,
    /// (unit id, customer id) of every acknowledged reservation.
    reservations: Vec<(i64, i64)>,
}

/// Club points adjustments until the server is gone.
async fn adjust_points(server: &Server, token: &str, members: &[i64], w: &mut Writes) {
    let http = client();
    for i in 0.. {
        let member = members[i % members.len()];
        let key = format!("crash-{i}");
        let points = (i % 7) as i64 + 1;
        w.points_sent.push((key.clone(), member, points));
        let sent = http
            .post(server.url(&format!("/api/v1/club/members/{member}/adjustments")))
            .bearer_auth(token)
            .header("Idempotency-Key", &key)
            .json(&json!({ "points": points, "reason": "断电演练" }))
            .send()
            .await;
        match sent {
            Ok(r) if r.status() == StatusCode::CREATED => w.points_acked.push(i),
            Ok(r) => panic!("adjustment {i}: {} {:?}", r.status(), r.text().await),
            Err(_) => return,
        }
    }
}

/// Members' repair tickets until the server is gone.
async fn open_tickets(server: &Server, token: &str, w: &mut Writes) {
    let http = client();
    for i in 0.. {
        let sent = http
            .post(server.url("/api/v1/me/tickets"))
            .bearer_auth(token)
            .json(
                &json!({"kind": "repair", "category": "repair.doors_windows",
                          "title": format!("窗户关不严 {i}"), "description": "断电演练"}),
            )
            .send()
            .await;
        match sent {
            Ok(r) if r.status() == StatusCode::CREATED => {
                let body: Value = match r.json().await {
                    Ok(b) => b,
                    Err(_) => return,
                };
                w.tickets.push(body["id"].as_i64().expect("ticket id"));
            }
            Ok(r) => panic!("ticket {i}: {} {:?}", r.status(), r.text().await),
            Err(_) => return,
        }
    }
}

/// A new customer and a reservation of the next available unit, until the
/// units run out or the server is gone.
async fn reserve_units(server: &Server, token: &str, units: &[i64], w: &mut Writes) {
    let http = client();
    for (i, unit) in units.iter().enumerate() {
        let created = http
            .post(server.url("/api/v1/customers"))
            .bearer_auth(token)
            .json(&json!({"name": "演练买家", "mobile": format!("1376666{i:04}")}))
            .send()
            .await;
        let customer = match created {
            Ok(r) if r.status() == StatusCode::CREATED => match r.json::<Value>().await {
                Ok(b) => b["id"].as_i64().expect("customer id"),
                Err(_) => return,
            },
            Ok(r) => panic!("customer {i}: {} {:?}", r.status(), r.text().await),
            Err(_) => return,
        };
        let reserved = http
            .post(server.url(&format!("/api/v1/units/{unit}/actions")))
            .bearer_auth(token)
            .json(&json!({"action": "reserve", "customer_id": customer}))
            .send()
            .await;
        match reserved {
            Ok(r) if r.status() == StatusCode::OK => w.reservations.push((*unit, customer)),
            Ok(r) => panic!("reserve {unit}: {} {:?}", r.status(), r.text().await),
            Err(_) => return,
        }
    }
}

async fn available_units(server: &Server, token: &str) -> Vec<i64> {
    let http = client();
    let get = |path: String| {
        let req = http.get(server.url(&path)).bearer_auth(token).send();
        async move { req.await.expect("get").json::<Value>().await.expect("json") }
    };
    let buildings = get("/api/v1/buildings".into()).await;
    let mut units = Vec::new();
    for b in buildings.as_array().into_iter().flatten() {
        let grid = get(format!("/api/v1/buildings/{}/grid", b["id"])).await;
        for floor in grid["floors"].as_array().into_iter().flatten() {
            for u in floor["units"].as_array().into_iter().flatten() {
                if u["status"] == "available" {
                    units.push(u["id"].as_i64().expect("unit id"));
                }
            }
        }
    }
    units
}

async fn balance_total(db: &DatabaseConnection) -> i64 {
    scalar(
        db,
        "SELECT CAST(COALESCE(SUM(points_balance), 0) AS BIGINT) AS n FROM members",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_loses_no_acknowledged_write_and_its_books_balance() {
    let (tdb, url, dir) = seeded().await;
    let server = Server::start(&url, &dir).await;
    let club = server.login("club1").await;
    let sales = server.login("sales1").await;
    let member = server.login("13800000001").await;
    let members: Vec<i64> = client()
        .get(server.url("/api/v1/club/members"))
        .bearer_auth(&club)
        .send()
        .await
        .expect("members")
        .json::<Value>()
        .await
        .expect("json")["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["member_id"].as_i64())
        .collect();
    assert!(!members.is_empty());
    let units = available_units(&server, &sales).await;
    assert!(units.len() >= 5, "demo data has units to reserve");
    let before = balance_total(&tdb.db).await;

    // Three clients write as fast as the server answers; the server is
    // killed while they do.
    let (mut points, mut tickets, mut sales_writes) =
        (Writes::default(), Writes::default(), Writes::default());
    let writers = async {
        tokio::join!(
            adjust_points(&server, &club, &members, &mut points),
            open_tickets(&server, &member, &mut tickets),
            reserve_units(&server, &sales, &units, &mut sales_writes),
        )
    };
    let killer = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let pid = server.child.id();
        Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .expect("kill -9");
    };
    tokio::join!(writers, killer);
    server.kill();
    assert!(
        points.points_acked.len() > 5 && tickets.tickets.len() > 5,
        "the writers wrote: {} adjustments, {} tickets",
        points.points_acked.len(),
        tickets.tickets.len()
    );
    assert!(!sales_writes.reservations.is_empty());

    let db = &tdb.db;
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        let row = db
            .query_one_raw(db::statement(
                db.get_database_backend(),
                "PRAGMA integrity_check",
                vec![],
            ))
            .await
            .expect("integrity_check")
            .expect("a row");
        let verdict: String = row.try_get_by_index(0).expect("verdict");
        assert_eq!(verdict, "ok");
    }
    // Every acknowledged ticket and reservation is there.
    let ids = |v: &[i64]| {
        v.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(
        scalar(
            db,
            &format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM tickets WHERE id IN ({})",
                ids(&tickets.tickets)
            )
        )
        .await,
        tickets.tickets.len() as i64
    );
    for (unit, customer) in &sales_writes.reservations {
        assert_eq!(
            scalar(
                db,
                &format!(
                    "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM units \
                     WHERE id = {unit} AND status = 'reserved' AND customer_id = {customer}"
                )
            )
            .await,
            1,
            "unit {unit} reserved for {customer}"
        );
    }
    // The books balance, and every acknowledged adjustment counts (one
    // that was committed but not acknowledged may count too).
    assert_eq!(ledger::members_out_of_balance(db).await.expect("books"), 0);
    let acked: i64 = points
        .points_acked
        .iter()
        .map(|&i| points.points_sent[i].2)
        .sum();
    let sent: i64 = points.points_sent.iter().map(|p| p.2).sum();
    let gained = balance_total(db).await - before;
    assert!(
        (acked..=sent).contains(&gained),
        "{acked} <= {gained} <= {sent}"
    );

    // After a restart, the client retries everything with the same keys:
    // each adjustment counts exactly once.
    let server = Server::start(&url, &dir).await;
    let http = client();
    for (key, member, points) in &points.points_sent {
        let resp = http
            .post(server.url(&format!("/api/v1/club/members/{member}/adjustments")))
            .bearer_auth(&club)
            .header("Idempotency-Key", key)
            .json(&json!({ "points": points, "reason": "断电演练" }))
            .send()
            .await
            .expect("retry");
        assert_eq!(resp.status(), StatusCode::CREATED, "retry {key}");
    }
    assert_eq!(balance_total(db).await - before, sent);
    assert_eq!(ledger::members_out_of_balance(db).await.expect("books"), 0);
    drop(server);
    tdb.cleanup().await;
    std::fs::remove_dir_all(dir).ok();
}

/// SIGTERM while a request is half sent: the request completes, new
/// connections are refused, and the process exits cleanly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_an_in_flight_request_finish_then_exits() {
    let (tdb, url, dir) = seeded().await;
    let mut server = Server::start(&url, &dir).await;
    let token = server.login("13800000001").await;
    let body = json!({"kind": "repair", "category": "repair.doors_windows",
                      "title": "门锁卡顿", "description": "停机演练"})
    .to_string();
    let addr = server.base.trim_start_matches("http://").to_owned();
    let head = format!(
        "POST /api/v1/me/tickets HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    let mut conn = std::net::TcpStream::connect(&addr).expect("connect");
    conn.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    conn.write_all(head.as_bytes()).expect("head");
    conn.write_all(first).expect("half the body");
    conn.flush().expect("flush");
    tokio::time::sleep(Duration::from_millis(300)).await;

    server.terminate();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "a stopping server takes no new connections"
    );
    conn.write_all(rest).expect("the rest of the body");
    let mut response = String::new();
    conn.read_to_string(&mut response).expect("response");
    assert!(
        response.starts_with("HTTP/1.1 201"),
        "{response}\n{}",
        server.stderr()
    );
    let mut exited = None;
    for _ in 0..100 {
        if let Some(status) = server.child.try_wait().expect("wait") {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        exited.is_some_and(|s| s.success()),
        "exit after draining: {exited:?}"
    );
    assert_eq!(
        scalar(
            &tdb.db,
            "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM tickets WHERE title = '门锁卡顿'"
        )
        .await,
        1
    );
    drop(server);
    tdb.cleanup().await;
    std::fs::remove_dir_all(dir).ok();
}

/// PostgreSQL going away and coming back (its role refused, its sessions
/// ended, then let in again): `/healthz` says 503, then 200 without a
/// restart. (A SQLite file cannot go away under an open handle.)
#[tokio::test]
async fn healthz_follows_the_database_away_and_back() {
    let tdb = TestDb::shared().await;
    if !tdb.is_postgres() {
        tdb.cleanup().await;
        return;
    }
    let role = format!(
        "anju_h_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let admin = &tdb.db;
    let sql = |s: String| async move { admin.execute_unprepared(&s).await.expect("admin sql") };
    sql(format!("CREATE ROLE {role} LOGIN SUPERUSER")).await;
    let url = tdb.url().expect("shared").to_owned();
    let (scheme, rest) = url.split_once("://").expect("url");
    let host = rest.split_once('@').map_or(rest, |(_, host)| host);
    let as_role = format!("{scheme}://{role}@{host}");
    let dir = std::env::temp_dir().join(format!("anju-health-{role}"));
    std::fs::create_dir_all(&dir).expect("dir");
    let server = Server::start(&as_role, &dir).await;
    let http = client();
    let health = || async {
        http.get(server.url("/healthz"))
            .send()
            .await
            .map(|r| r.status())
            .ok()
    };
    let wait_for = |want: StatusCode| async move {
        for _ in 0..60 {
            if health().await == Some(want) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        false
    };
    assert!(wait_for(StatusCode::OK).await);

    sql(format!("ALTER ROLE {role} NOLOGIN")).await;
    sql(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'"
    ))
    .await;
    assert!(
        wait_for(StatusCode::SERVICE_UNAVAILABLE).await,
        "unhealthy while the database refuses"
    );
    sql(format!("ALTER ROLE {role} LOGIN")).await;
    assert!(
        wait_for(StatusCode::OK).await,
        "healthy again: {}",
        server.stderr()
    );

    drop(server);
    sql(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'"
    ))
    .await;
    sql(format!("DROP ROLE {role}")).await;
    tdb.cleanup().await;
    std::fs::remove_dir_all(dir).ok();
}

/// Server rendering walks a page's `<Suspense>` more than once; the page's
/// data must still be loaded once (it was three times, see BENCHMARKS.md).
#[tokio::test]
async fn the_member_home_reads_each_thing_once() {
    let (_tdb, url, dir) = seeded().await;
    let server = Server::start_with(
        &url,
        &dir,
        &[("ANJU_LOG", "warn,sqlx=info"), ("ANJU_LOG_SQL", "1")],
    )
    .await;
    let token = server.login("13800000001").await;
    let summaries = |log: &str| {
        // The home's tiles are the only statement with this alias.
        log.lines()
            .filter(|l| l.contains("db.statement") && l.contains("surveys_to_answer"))
            .count()
    };
    let before = summaries(&server.stderr());
    let page = client()
        .get(server.url("/"))
        .header("cookie", format!("anju_at={token}"))
        .send()
        .await
        .expect("home");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("2,270"),
        "the balance is on the page: {html}\n{}",
        server.stderr()
    );
    for tile in ["open-tickets", "surveys-to-answer"] {
        let value = html
            .split(&format!(r#"data-testid="{tile}""#))
            .nth(1)
            .and_then(|rest| rest.split_once('>'))
            .and_then(|(_, text)| text.split('<').next())
            .unwrap_or_default();
        assert!(
            value.parse::<u64>().is_ok(),
            "{tile} shows a count: {value:?}"
        );
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        summaries(&server.stderr()) - before,
        1,
        "{}",
        server.stderr()
    );
}
