use crate::metrics::Metrics;
use anju_domain::Services;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Shared by every handler: the domain services, leptos' options, metrics.
#[derive(Clone)]
pub struct AppState {
    pub svc: Services,
    pub leptos: LeptosOptions,
    pub metrics: Arc<Metrics>,
    /// Whether session cookies carry `Secure` (served behind TLS).
    pub cookie_secure: bool,
    /// The bearer token `/metrics` asks for on the main address; without
    /// one it answers 404 there (`crate::metrics`).
    pub metrics_token: Option<Arc<str>>,
    /// Proxies whose `X-Forwarded-For` is believed (`crate::client_addr`).
    pub trusted_proxies: Arc<[crate::client_addr::Network]>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
