//! `/metrics` in Prometheus text format: request counts by route and status
//! class, and a latency histogram. Small and dependency-free on purpose.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// (method, route, status class) → count
    requests: BTreeMap<(String, String, String), u64>,
    /// cumulative bucket counts, then +Inf count and sum of seconds
    latency_buckets: [u64; BUCKETS.len()],
    latency_count: u64,
    latency_sum: f64,
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let class = format!("{}xx", status / 100);
        *m.requests
            .entry((method.to_owned(), route.to_owned(), class))
            .or_default() += 1;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                m.latency_buckets[i] += 1;
            }
        }
        m.latency_count += 1;
        m.latency_sum += seconds;
    }

    pub fn render(&self) -> String {
        let m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        out.push_str(
            "# HELP anju_http_requests_total HTTP requests by method, route and status class.\n",
        );
        out.push_str("# TYPE anju_http_requests_total counter\n");
        for ((method, route, class), n) in &m.requests {
            let _ = writeln!(
                out,
                "anju_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{class}\"}} {n}"
            );
        }
        out.push_str("# HELP anju_http_request_duration_seconds HTTP request latency.\n");
        out.push_str("# TYPE anju_http_request_duration_seconds histogram\n");
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "anju_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                m.latency_buckets[i]
            );
        }
        let _ = writeln!(
            out,
            "anju_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}",
            m.latency_count
        );
        let _ = writeln!(
            out,
            "anju_http_request_duration_seconds_sum {}",
            m.latency_sum
        );
        let _ = writeln!(
            out,
            "anju_http_request_duration_seconds_count {}",
            m.latency_count
        );
        out
    }
}

/// Records every request; the route label is the matched pattern (never the
/// raw path, which would explode the label set).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "other".to_owned());
    let response = next.run(req).await;
    state.metrics.observe(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}
