use crate::helpers::spawn_app;
use anju_domain::entity::user;
use anju_server::config::Config;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::Value;

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "anju-test-{name}-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn sqlite_config(dir: &std::path::Path, demo: bool) -> Config {
    let mut config = Config::load().expect("config");
    config.database_url = format!("sqlite://{}/anju.db?mode=rwc", dir.display());
    config.data_dir = dir.to_path_buf();
    config.jwt_secret = None;
    config.demo = demo;
    config
}

#[tokio::test]
async fn a_sqlite_file_is_created_migrated_and_keeps_its_data_across_restarts() {
    let dir = temp_dir("restart");
    let first = anju_server::build_state(&sqlite_config(&dir, true))
        .await
        .expect("first start");
    let users = user::Entity::find()
        .count(&first.svc.db)
        .await
        .expect("count");
    assert_eq!(users, anju_domain::demo::DEMO_LOGINS.len() as u64);
    first.svc.db.close().await.ok();
    assert!(dir.join("anju.db").exists());
    let secret = std::fs::read_to_string(dir.join("jwt-secret")).expect("dev secret kept");

    // Restart without demo: same data, same development secret.
    let second = anju_server::build_state(&sqlite_config(&dir, false))
        .await
        .expect("restart");
    assert_eq!(
        user::Entity::find()
            .count(&second.svc.db)
            .await
            .expect("count"),
        users
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("jwt-secret")).expect("secret"),
        secret
    );
    second.svc.db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn health_metrics_and_openapi_are_served() {
    let app = spawn_app().await;
    let health: Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("health")
        .json()
        .await
        .expect("json");
    assert_eq!(health["status"], "ok");

    let spec: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("openapi")
        .json()
        .await
        .expect("json");
    assert!(
        spec["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3.1")
    );
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} documented");
    }

    // Not for anyone: the scrape job sends the configured token.
    let resp = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let resp = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("metrics-test-token-0123456788")
        .send()
        .await
        .expect("metrics");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let resp = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(crate::helpers::METRICS_TOKEN)
        .send()
        .await
        .expect("metrics");
    assert_eq!(resp.status(), StatusCode::OK);
    let text = resp.text().await.expect("text");
    assert!(
        text.contains(
            "anju_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"2xx\"} 1"
        ),
        "{text}"
    );
    assert!(resp_has_request_id(&app).await);
    app.cleanup().await;
}

async fn resp_has_request_id(app: &crate::helpers::TestApp) -> bool {
    let resp = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("health");
    resp.headers().get("x-request-id").is_some()
}

#[tokio::test]
async fn healthz_reports_a_lost_database() {
    let app = spawn_app().await;
    app.state.svc.db.clone().close().await.ok();
    let resp = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("health");
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    app.cleanup().await;
}
