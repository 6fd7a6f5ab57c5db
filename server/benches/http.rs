//! `cargo bench -p anju --bench http`: the foundation's figures.
//!
//! - login throughput through the real HTTP stack (argon2id dominates: the
//!   single-hash cost is printed beside it);
//! - `GET /api/v1/me` requests/s and p50/p99 latency at 64 concurrent
//!   connections on SQLite (client and server share this machine's cores,
//!   so the figure is a floor);
//! - the hydrate wasm bundle raw and brotli-compressed (after
//!   `scripts/build.sh`).
//!
//! Everything runs in-process against a temporary SQLite file with the demo
//! data, and stops by itself.

use anju_server::config::Config;
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

#[path = "support/load.rs"]
mod load;
use load::{load, report, token};

const LOGINS: usize = 40;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

async fn run() {
    let dir = std::env::temp_dir().join(format!("anju-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut config = Config::load().expect("config");
    config.database_url = format!("sqlite://{}/anju.db?mode=rwc", dir.display());
    config.data_dir = dir.clone();
    config.demo = true;
    let state = anju_server::build_state(&config).await.expect("state");
    let (base, client) = load::serve(state).await;

    println!(
        "anju foundation benchmark ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );

    // argon2id: one hash, on this thread.
    let started = Instant::now();
    let hashes = 10;
    for _ in 0..hashes {
        anju_domain::auth::password::hash("Demo@2026").expect("hash");
    }
    let per_hash = started.elapsed() / hashes;
    println!(
        "argon2id hash (m=19456,t=2,p=1): {:.1} ms each",
        per_hash.as_secs_f64() * 1000.0
    );

    // Logins: 4 at a time over HTTP (each login checks one argon2 hash).
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..4 {
        let client = client.clone();
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..LOGINS / 4 {
                let login = ["sales1", "service1", "club1", "mkt1"][i];
                let resp = client
                    .post(format!("{base}/api/v1/auth/login"))
                    .json(&serde_json::json!({ "login": login, "password": "Demo@2026" }))
                    .send()
                    .await
                    .expect("login");
                assert!(resp.status().is_success());
            }
        }));
    }
    for t in tasks {
        t.await.expect("login task");
    }
    let elapsed = started.elapsed();
    println!(
        "login: {:.1} logins/s ({} logins, 4 concurrent, {:.2} s)",
        LOGINS as f64 / elapsed.as_secs_f64(),
        LOGINS,
        elapsed.as_secs_f64()
    );

    // /api/v1/me at 64 connections.
    let token = token(&client, &base, "13800000001").await;
    report(
        "GET /api/v1/me (SQLite)",
        &load(&client, &token, Arc::new(vec![format!("{base}/api/v1/me")])).await,
    );

    // The hydrate bundles (app/src/bundle.rs): the portal's islands and the
    // staff one.
    for name in ["anju_portal", "anju"] {
        let wasm_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../target/site/pkg/{name}.wasm"));
        match std::fs::read(&wasm_path) {
            Ok(bytes) => {
                let mut out = Vec::new();
                {
                    let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
                    w.write_all(&bytes).expect("brotli");
                }
                println!(
                    "wasm bundle {name}: {} bytes raw, {} bytes brotli (q11)",
                    bytes.len(),
                    out.len()
                );
            }
            Err(_) => println!("wasm bundle {name}: not built (run scripts/build.sh first)"),
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
