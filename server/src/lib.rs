//! The anju server: configuration, the HTTP router (Leptos pages and server
//! functions, the `/api/v1` REST API, OpenAPI, health, metrics) and start-up.
//! `main.rs` only parses the command line and calls into here.

pub mod api;
pub mod cache;
pub mod client_addr;
pub mod config;
pub mod error;
pub mod extract;
pub mod health;
pub mod jobs;
pub mod metrics;
pub mod openapi;
pub mod same_origin;
pub mod session;
pub mod state;
pub mod web;

use anju_domain::auth::{AuthSettings, jwt::JwtKeys};
use anju_domain::{Clock, Services, db, demo};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use axum::routing::get;
use config::Config;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use state::AppState;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Request bodies above this are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A start-up failure, printed as one line before exiting non-zero.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Database(#[from] db::ConnectError),
    #[error("cannot seed demo data: {0}")]
    Seed(anju_domain::DomainError),
    #[error("cannot generate the dataset: {0}")]
    Generate(anju_domain::DomainError),
    #[error(transparent)]
    Backup(anju_domain::backup::BackupError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server stopped: {0}")]
    Serve(std::io::Error),
}

/// Connects, migrates, seeds (when asked) and assembles the shared state.
pub async fn build_state(config: &Config) -> Result<AppState, StartError> {
    let secret = config.jwt_secret_bytes()?;
    let conn = db::connect(&config.database_url).await?;
    db::migrate(&conn).await?;
    if config.demo {
        let seeded = demo::seed(&conn, chrono::Utc::now())
            .await
            .map_err(StartError::Seed)?;
        if seeded {
            tracing::info!("demo data seeded");
        }
    }
    let reports = db::connect_reports(&config.database_url, &conn).await?;
    Ok(AppState {
        svc: Services {
            db: conn,
            reports,
            jwt: JwtKeys::from_secret(&secret),
            clock: Clock::System,
            auth: AuthSettings::default(),
            webhook_targets: config.webhook_targets,
        },
        leptos: leptos_options(config),
        metrics: Arc::new(metrics::Metrics::default()),
        cookie_secure: config.cookie_secure,
        metrics_token: config.metrics_token.as_deref().map(Arc::from),
        trusted_proxies: config.trusted_proxies.clone().into(),
    })
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("anju")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build()
}

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(anju_app::App);
    let svc = state.svc.clone();
    let shell_options = state.leptos.clone();
    Router::new()
        .merge(api::routes())
        .merge(web::routes())
        .route("/api/openapi.json", get(openapi::openapi_json))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(svc.clone()),
            move || anju_app::shell(shell_options.clone()),
        )
        .route_layer(middleware::from_fn(error::server_fn_status))
        .route_layer(middleware::from_fn_with_state(state.clone(), metrics::track))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(anju_app::shell))
        .layer(middleware::from_fn_with_state(state.clone(), session::browser_session))
        // Before the session is read: a forged request renews nothing.
        .layer(middleware::from_fn(same_origin::guard))
        .layer(middleware::from_fn(cache::no_store))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        ))
        .layer(security_header(header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let request_id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            tracing::info_span!("http", method = %req.method(), path = %req.uri().path(), request_id)
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Binds first (so a taken port fails fast with a clear error), then serves
/// until Ctrl-C / SIGTERM, letting in-flight requests finish.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
    let state = build_state(&config).await?;
    // Stop with the server (dropped when `serve` returns).
    let _jobs = jobs::spawn(state.svc.clone(), jobs::Schedule::default());
    if let Some(addr) = config.metrics_addr {
        let metrics_listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let metrics_app = metrics::separate_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(metrics_listener, metrics_app).await {
                tracing::error!(error = %e, "metrics listener stopped");
            }
        });
        println!("metrics at http://{addr}/metrics");
    }
    let app = router(state);
    println!("anju is running at http://{}", config.addr);
    if config.demo {
        println!("demo logins (password {}):", demo::DEMO_PASSWORD);
        for (login, who) in demo::DEMO_LOGINS {
            println!("  {login:<12} {who}");
        }
    }
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(StartError::Serve)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
