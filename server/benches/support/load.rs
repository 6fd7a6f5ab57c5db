//! The HTTP load loop the benchmarks share: `CONNECTIONS` connections
//! request their paths round-robin for `WARM_UP` (not counted), then for
//! `DURATION`, then p50/p99 of the counted requests.

use std::sync::Arc;
use std::time::{Duration, Instant};

pub const CONNECTIONS: usize = 64;
pub const DURATION: Duration = Duration::from_secs(8);
/// Opening the connections (client's and database pool's) and filling the
/// page cache: the first request kind measured used to pay for it alone.
pub const WARM_UP: Duration = Duration::from_secs(2);

pub struct Figures {
    pub requests: usize,
    pub p50: f64,
    pub p99: f64,
}

/// Each connection requests `paths` round-robin until the time is up.
pub async fn load(client: &reqwest::Client, token: &str, paths: Arc<Vec<String>>) -> Figures {
    let token = token.to_owned();
    load_with(client, move |client, c, i| {
        let url = &paths[(c * 7919 + i) % paths.len()];
        client.get(url).bearer_auth(&token)
    })
    .await
}

/// Each connection `c` sends `request(client, c, i)` for i = 0, 1, … one
/// after another until the time is up; every answer must be a success.
/// Requests sent during the warm-up are not counted.
pub async fn load_with<F>(client: &reqwest::Client, request: F) -> Figures
where
    F: Fn(&reqwest::Client, usize, usize) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let request = Arc::new(request);
    let counted_from = Instant::now() + WARM_UP;
    let deadline = counted_from + DURATION;
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let client = client.clone();
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(4096);
            let mut i = 0;
            while Instant::now() < deadline {
                let t = Instant::now();
                let resp = request(&client, c, i).send().await.expect("request");
                i += 1;
                let status = resp.status();
                let url = resp.url().to_string();
                let body = resp.bytes().await.expect("body");
                assert!(
                    status.is_success(),
                    "{url}: {status} {}",
                    String::from_utf8_lossy(&body)
                );
                if t >= counted_from {
                    latencies.push(t.elapsed());
                }
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

/// Serves anju in this process on a free local port: its base URL, and a
/// client that keeps up to `CONNECTIONS` connections open to it.
pub async fn serve(state: anju_server::state::AppState) -> (String, reqwest::Client) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = anju_server::router(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .ok();
    });
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .expect("client");
    (format!("http://{addr}"), client)
}

/// A demo user's access token (demo password).
pub async fn token(client: &reqwest::Client, base: &str, login: &str) -> String {
    let body: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({
            "login": login,
            "password": anju_domain::demo::DEMO_PASSWORD,
        }))
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
