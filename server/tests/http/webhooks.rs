use crate::helpers::{error_code, spawn_app};
use axum::http::HeaderMap;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// A receiver on 127.0.0.1 that records what it is sent and answers 200.
async fn receiver() -> (String, Arc<Mutex<Vec<(HeaderMap, String)>>>) {
    let got: Arc<Mutex<Vec<(HeaderMap, String)>>> = Arc::default();
    let g = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let g = g.clone();
            async move {
                g.lock().expect("lock").push((headers, body));
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    (format!("http://{addr}/hook"), got)
}

fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or_default().to_owned(),
                f["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_administrator_registers_a_webhook_and_reads_its_delivery_log() {
    let app = spawn_app().await;
    let (admin, _) = app.tokens("admin").await;
    let (mkt, _) = app.tokens("mkt1").await;
    let (url, got) = receiver().await;

    // Bad input: field errors, nothing registered; not an admin: 403.
    let resp = app
        .post_json(
            &admin,
            "/api/v1/webhooks",
            json!({"url": "not a url", "events": "deal.closed ticket.made"}),
        )
        .await
        .expect("bad");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(
        field_codes(&body),
        [
            ("url".to_owned(), "invalid_url".to_owned()),
            ("events".to_owned(), "unknown_event".to_owned())
        ]
    );
    let resp = app
        .post_json(&admin, "/api/v1/webhooks", json!(["not", "an", "object"]))
        .await
        .expect("bad json");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let resp = app
        .post_json(&mkt, "/api/v1/webhooks", json!({"url": url, "events": "*"}))
        .await
        .expect("forbidden");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get_json(&admin, "/api/v1/webhooks").await, json!([]));

    let resp = app
        .post_json(
            &admin,
            "/api/v1/webhooks",
            json!({"url": url, "events": "member.enrolled", "active": true}),
        )
        .await
        .expect("create");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let created: Value = resp.json().await.expect("json");
    let secret = created["secret"].as_str().expect("secret").to_owned();
    let id = created["webhook"]["id"].as_i64().expect("id");
    assert_eq!(created["webhook"]["events"], json!(["member.enrolled"]));
    let list = app.get_json(&admin, "/api/v1/webhooks").await;
    assert_eq!(list[0]["url"], url.as_str());
    assert!(
        !list.to_string().contains(&secret),
        "the secret is shown only once"
    );

    // A visitor enrols; the sender posts the event, signed.
    let resp = app
        .client
        .post(app.url("/api/v1/club/enrolments"))
        .json(&json!({
            "name": "吴欣", "mobile": "13900007777", "password": "Join@2026",
            "gender": "female", "birth_year": 1993, "consent_marketing": true
        }))
        .send()
        .await
        .expect("enrol");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let now = app.state.svc.clock.now();
    let sent = anju_domain::webhooks::deliver_due(
        &app.state.svc.db,
        &anju_domain::webhooks::client(app.state.svc.webhook_targets),
        now,
    )
    .await
    .expect("send");
    assert_eq!(sent, 1);
    let (headers, body) = got.lock().expect("lock")[0].clone();
    let ts: i64 = headers["x-anju-timestamp"]
        .to_str()
        .expect("ts")
        .parse()
        .expect("ts");
    assert_eq!(
        headers["x-anju-signature"].to_str().expect("sig"),
        anju_domain::webhooks::signature(&secret, ts, &body)
    );

    let log = app
        .get_json(&admin, &format!("/api/v1/webhooks/{id}/deliveries"))
        .await;
    assert_eq!(log["items"][0]["state"], "delivered");
    assert_eq!(log["items"][0]["topic"], "member.enrolled");
    assert_eq!(log["items"][0]["last_status"], 200);
    let delivery = log["items"][0]["id"].as_i64().expect("delivery id");

    // A delivered event cannot be resent; unknown ids are 404s.
    let resp = app
        .post_json(
            &admin,
            &format!("/api/v1/webhooks/{id}/deliveries/{delivery}/resend"),
            json!({}),
        )
        .await
        .expect("resend");
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let resp = app
        .client
        .get(app.url("/api/v1/webhooks/999999/deliveries"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("unknown");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(&resp.json().await.expect("json")), "not_found");

    // Paused: the next enrolment queues nothing.
    let resp = app
        .client
        .put(app.url(&format!("/api/v1/webhooks/{id}")))
        .bearer_auth(&admin)
        .json(&json!({"url": url, "events": "member.*", "active": false}))
        .send()
        .await
        .expect("pause");
    assert_eq!(resp.status(), StatusCode::OK);
    let paused: Value = resp.json().await.expect("json");
    assert_eq!(paused["active"], false);
    assert_eq!(paused["events"], json!(["member.*"]));
    let resp = app
        .client
        .post(app.url("/api/v1/club/enrolments"))
        .json(&json!({
            "name": "何平", "mobile": "13900007778", "password": "Join@2026",
            "birth_year": 1990, "consent_marketing": false
        }))
        .send()
        .await
        .expect("enrol");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let log = app
        .get_json(&admin, &format!("/api/v1/webhooks/{id}/deliveries"))
        .await;
    assert_eq!(log["items"].as_array().map(Vec::len), Some(1));
    app.cleanup().await;
}

#[tokio::test]
async fn the_audit_log_shows_administrators_who_changed_what() {
    let app = spawn_app().await;
    let (admin, _) = app.tokens("admin").await;
    let (mkt, _) = app.tokens("mkt1").await;
    let resp = app
        .post_json(
            &admin,
            "/api/v1/webhooks",
            json!({"url": "https://hooks.example.com/anju", "events": "*", "active": true}),
        )
        .await
        .expect("create");
    assert_eq!(resp.status(), StatusCode::CREATED);

    let page = app
        .get_json(&admin, "/api/v1/audit?entity=webhook&user=admin&limit=5")
        .await;
    assert_eq!(page["items"][0]["action"], "webhook.create");
    assert_eq!(page["items"][0]["actor_login"], "admin");
    let after = page["items"][0]["after"].as_str().unwrap_or_default();
    assert!(after.contains("hooks.example.com") && !after.contains("whsec_"));

    let forbidden = app
        .client
        .get(app.url("/api/v1/audit"))
        .bearer_auth(&mkt)
        .send()
        .await
        .expect("mkt");
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    let bad = app
        .client
        .get(app.url("/api/v1/audit?cursor=yesterday"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("bad cursor");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    app.cleanup().await;
}
