//! `/metrics` in Prometheus text format: request counts by route and status
//! class, and a latency histogram. Small and dependency-free on purpose.
//!
//! Route names and traffic tell an outsider what the deployment runs and
//! when, so the figures are not public: on the main address `/metrics`
//! needs the configured bearer token (`ANJU_METRICS_TOKEN`, set as the
//! scrape job's `authorization.credentials`) and is 404 without one
//! configured; `ANJU_METRICS_ADDR` serves them without a token on an address
//! of their own, for a Prometheus on the same private network.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
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

/// `/metrics` on the main address: only with the configured token.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let presented = crate::session::bearer_token(&headers).unwrap_or_default();
    if !constant_time_eq(presented.as_bytes(), expected.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
        )
            .into_response();
    }
    render(&state)
}

/// The router of `ANJU_METRICS_ADDR`: `/metrics` and nothing else.
pub fn separate_router(state: AppState) -> axum::Router {
    axum::Router::new()
        .route(
            "/metrics",
            axum::routing::get(|State(state): State<AppState>| async move { render(&state) }),
        )
        .with_state(state)
}

fn render(state: &AppState) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// Compares without stopping at the first difference, so the time taken
/// does not tell how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
