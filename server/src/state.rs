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
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
