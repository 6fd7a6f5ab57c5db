//! `cargo bench -p anju --bench club`: the points ledger under load, on a
//! fresh SQLite file with the demo data (`target/bench-club/`, rebuilt
//! each run):
//!
//! - redemptions per second against one hot account (张伟), 32 at a time
//!   straight through `club::rewards::redeem` (ledger lock, lapsed-lot
//!   expiry, FIFO lot consumption, stock, redemption row), then a burst
//!   that asks for twice what the balance holds: exactly the balance's
//!   worth succeeds, the ledger still sums to the balance, never negative;
//! - the points-balance API, `GET /api/v1/me/points`, at 64 connections
//!   through the real HTTP stack (with `GET /api/v1/me` for scale).
//!
//! Client and server share this machine's cores, so the figures are floors.

use anju_domain::auth::Actor;
use anju_domain::auth::session::{self, LoginInput};
use anju_domain::club::{ledger, membership, rewards};
use anju_server::config::Config;
use anju_types::club::{Adjustment, RewardDraft};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[path = "support/load.rs"]
mod load;
use load::{load, report, token};

const REDEMPTIONS: usize = 5_000;
const CONCURRENT: usize = 32;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

async fn actor(svc: &anju_domain::Services, login: &str) -> Actor {
    session::login(
        svc,
        LoginInput {
            identifier: login.to_owned(),
            password: "Demo@2026".to_owned(),
            ip: None,
            user_agent: None,
            device_token: None,
        },
    )
    .await
    .expect("login")
    .actor
}

/// `total` redemptions of `reward_id`, `CONCURRENT` at a time; returns
/// (succeeded, refused for lack of points, seconds).
async fn redeem_burst(
    svc: &anju_domain::Services,
    member: &Actor,
    reward_id: i64,
    total: usize,
) -> (usize, usize, f64) {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENT {
        let (svc, member, next) = (svc.clone(), member.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut refused) = (0, 0);
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < total {
                match rewards::redeem(&svc.db, &member, reward_id, None, svc.clock.now()).await {
                    Ok(_) => ok += 1,
                    Err(anju_domain::DomainError::Conflict("insufficient_points")) => refused += 1,
                    Err(e) => panic!("redeem: {e:?}"),
                }
            }
            (ok, refused)
        }));
    }
    let (mut ok, mut refused) = (0, 0);
    for t in tasks {
        let (o, r) = t.await.expect("task");
        ok += o;
        refused += r;
    }
    (ok, refused, started.elapsed().as_secs_f64())
}

async fn run() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-club");
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("dir");
    let mut config = Config::load().expect("config");
    config.database_url = format!("sqlite://{}/anju.db?mode=rwc", dir.display());
    config.data_dir = dir.clone();
    config.demo = true;
    let state = anju_server::build_state(&config).await.expect("state");
    let svc = state.svc.clone();
    println!(
        "anju club benchmark ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let club = actor(&svc, "club1").await;
    let zhang = actor(&svc, "13800000001").await;
    let me = membership::own(&svc.db, &zhang).await.expect("member");
    let now = svc.clock.now();
    membership::adjust(
        &svc.db,
        &club,
        me.id,
        &Adjustment {
            points: 1_000_000,
            reason: "benchmark".to_owned(),
        },
        None,
        now,
    )
    .await
    .expect("top up");
    let cup = rewards::create(
        &svc.db,
        &club,
        &RewardDraft {
            name: "benchmark cup".to_owned(),
            points_cost: 10,
            stock: 1_000_000,
            active: true,
            ..Default::default()
        },
        now,
    )
    .await
    .expect("reward");

    let (ok, refused, secs) = redeem_burst(&svc, &zhang, cup.id, REDEMPTIONS).await;
    assert_eq!((ok, refused), (REDEMPTIONS, 0));
    println!(
        "hot account redemptions: {:.0}/s ({ok} in {secs:.2} s, {CONCURRENT} at a time)",
        ok as f64 / secs
    );
    // Leave 10,000 points, then ask for twice that: exactly the balance's
    // worth goes through.
    let left = membership::own(&svc.db, &zhang)
        .await
        .expect("member")
        .points_balance;
    membership::adjust(
        &svc.db,
        &club,
        me.id,
        &Adjustment {
            points: -(left - 10_000),
            reason: "benchmark".to_owned(),
        },
        None,
        now,
    )
    .await
    .expect("draw down");
    let affordable = 1_000;
    let (ok, refused, _) = redeem_burst(&svc, &zhang, cup.id, affordable * 2).await;
    let (kept, entries, lots) = ledger::audit_balance(&svc.db, me.id).await.expect("audit");
    let overdraft = (ok as i64 - affordable as i64).max(0);
    assert_eq!(ok, affordable);
    assert_eq!(refused, affordable);
    assert!(kept == entries && kept == lots && kept >= 0);
    println!(
        "overdraft burst: {} asked, {ok} redeemed, {refused} refused, overdraft {overdraft}, \
         balance {kept} = Σ entries {entries} = Σ lots {lots}",
        affordable * 2
    );

    let bare_svc = state.svc.clone();
    let (base, client) = load::serve(state).await;
    let token = token(&client, &base, "13800000002").await;
    report(
        "reference, GET /api/v1/me",
        &load(&client, &token, Arc::new(vec![format!("{base}/api/v1/me")])).await,
    );
    report(
        "points balance, GET /api/v1/me/points",
        &load(
            &client,
            &token,
            Arc::new(vec![format!("{base}/api/v1/me/points")]),
        )
        .await,
    );

    // What this harness can reach at all, and the same domain calls without
    // the router's middleware: the figures above read against these.
    let bare = bare_server(bare_svc).await;
    report(
        "harness ceiling, bare axum, constant JSON, no database",
        &load(&client, &token, Arc::new(vec![format!("{bare}/constant")])).await,
    );
    report(
        "bare axum, authenticate + points_summary (the same two queries)",
        &load(&client, &token, Arc::new(vec![format!("{bare}/points")])).await,
    );
}

/// A router with nothing but two routes: no tracing, metrics, security
/// headers or browser session layer.
async fn bare_server(svc: anju_domain::Services) -> String {
    use axum::routing::get;
    async fn points(
        axum::extract::State(svc): axum::extract::State<anju_domain::Services>,
        headers: axum::http::HeaderMap,
    ) -> axum::Json<anju_types::club::PointsSummary> {
        let token = anju_server::session::bearer_token(&headers).expect("token");
        let actor = session::authenticate(&svc, token).await.expect("actor");
        let now = svc.clock.now();
        axum::Json(
            membership::points_summary(&svc.db, &actor, now)
                .await
                .expect("summary"),
        )
    }
    let app = axum::Router::new()
        .route(
            "/constant",
            get(|| async { axum::Json(serde_json::json!({"balance": 250, "tier": "basic"})) }),
        )
        .route("/points", get(points))
        .with_state(svc);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    format!("http://{addr}")
}
