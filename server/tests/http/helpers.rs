use anju_domain::testing::TestDb;
use anju_domain::{Clock, demo};
use anju_server::metrics::Metrics;
use anju_server::state::AppState;
use chrono::{DateTime, Utc};
use reqwest::{Client, StatusCode, redirect};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;

pub const PASSWORD: &str = demo::DEMO_PASSWORD;
/// The test servers' `/metrics` token.
pub const METRICS_TOKEN: &str = "metrics-test-token-0123456789";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub client: Client,
    db: Option<TestDb>,
}

pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// Starts the full router on 127.0.0.1:0 with demo data and a manual clock.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The same, with the state changed first (e.g. a stricter setting).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut AppState)) -> TestApp {
    let db = TestDb::new().await;
    let svc = db.services(Clock::manual(t0()));
    assert!(demo::seed(&svc.db, t0()).await.expect("seed"));
    let config = anju_server::config::Config::load().expect("config");
    let mut state = AppState {
        svc,
        leptos: anju_server::leptos_options(&config),
        metrics: Arc::new(Metrics::default()),
        cookie_secure: false,
        metrics_token: Some(METRICS_TOKEN.into()),
        trusted_proxies: config.trusted_proxies.clone().into(),
    };
    adjust(&mut state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = anju_server::router(state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .ok();
    });
    TestApp {
        base: format!("http://{addr}"),
        state,
        client: Client::builder()
            .redirect(redirect::Policy::none())
            // A response that never comes fails the test (naming the call)
            // instead of hanging the run.
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("client"),
        db: Some(db),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn api_login(&self, login: &str, password: &str) -> (StatusCode, Value) {
        let resp = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({ "login": login, "password": password }))
            .send()
            .await
            .expect("login request");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// Logs in through the API and returns (access, refresh).
    pub async fn tokens(&self, login: &str) -> (String, String) {
        let (status, body) = self.api_login(login, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{login}: {body}");
        (
            body["access_token"].as_str().unwrap_or_default().to_owned(),
            body["refresh_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    }

    /// GET with a bearer token, returning the JSON body (Null if not JSON).
    pub async fn get_json(&self, token: &str, path: &str) -> Value {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .unwrap_or(Value::Null)
    }

    /// POST a JSON body with a bearer token (await it for the response).
    pub fn post_json(
        &self,
        token: &str,
        path: &str,
        body: Value,
    ) -> impl std::future::Future<Output = reqwest::Result<reqwest::Response>> {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
    }

    pub async fn get_me(&self, access: &str) -> StatusCode {
        self.client
            .get(self.url("/api/v1/me"))
            .bearer_auth(access)
            .send()
            .await
            .expect("me")
            .status()
    }

    /// Logs in through the browser form; returns the `Cookie` header value.
    pub async fn browser_login(&self, login: &str) -> String {
        let resp = self
            .client
            .post(self.url("/auth/login"))
            .form(&[("identifier", login), ("password", PASSWORD)])
            .send()
            .await
            .expect("form login");
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        resp.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn page_status(&self, path: &str, cookie: Option<&str>) -> StatusCode {
        let mut req = self.client.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
            .await
            .unwrap_or_else(|e| panic!("GET {path} (cookie {cookie:?}): {e}"))
            .status()
    }

    /// GET a page (with a `Cookie` header if given): its status and HTML.
    pub async fn page(&self, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
        let mut req = self.client.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path} (cookie {cookie:?}): {e}"));
        let status = resp.status();
        (status, resp.text().await.unwrap_or_default())
    }

    pub async fn cleanup(mut self) {
        if let Some(db) = self.db.take() {
            db.cleanup().await;
        }
    }
}

pub fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}
