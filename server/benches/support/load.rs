//! The HTTP load loop the benchmarks share: `CONNECTIONS` connections
//! request their paths round-robin for `DURATION`, then p50/p99.

use std::sync::Arc;
use std::time::{Duration, Instant};

pub const CONNECTIONS: usize = 64;
pub const DURATION: Duration = Duration::from_secs(8);

pub struct Figures {
    pub requests: usize,
    pub p50: f64,
    pub p99: f64,
}

/// Each connection requests `paths` round-robin until the time is up.
pub async fn load(client: &reqwest::Client, token: &str, paths: Arc<Vec<String>>) -> Figures {
    let deadline = Instant::now() + DURATION;
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let client = client.clone();
        let token = token.to_owned();
        let paths = paths.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(4096);
            let mut i = c * 7919;
            while Instant::now() < deadline {
                let url = &paths[i % paths.len()];
                i += 1;
                let t = Instant::now();
                let resp = client
                    .get(url)
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("request");
                assert!(resp.status().is_success(), "{url}: {}", resp.status());
                resp.bytes().await.expect("body");
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    all.sort();
    let pct =
        |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)].as_secs_f64() * 1000.0;
    Figures {
        requests: all.len(),
        p50: pct(0.50),
        p99: pct(0.99),
    }
}

pub fn report(what: &str, f: &Figures) {
    println!(
        "{what}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms ({} connections, {} requests)",
        f.requests as f64 / DURATION.as_secs_f64(),
        f.p50,
        f.p99,
        CONNECTIONS,
        f.requests
    );
}
