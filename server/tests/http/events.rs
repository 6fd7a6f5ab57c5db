use crate::helpers::{TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// An event tomorrow at 14:00 (Beijing), for `capacity` people.
fn draft(capacity: i32) -> Value {
    json!({
        "title": "业主品鉴会",
        "description": "新品鉴赏",
        "location": "星河湾会所",
        "starts_at": "2026-11-24T14:00",
        "ends_at": "2026-11-24T16:00",
        "capacity": capacity,
        "points": 60,
        "active": true,
    })
}

async fn status_and_body(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn sign_up(app: &TestApp, token: &str, id: i64, key: Option<&str>) -> (StatusCode, Value) {
    let mut req = app
        .client
        .post(app.url(&format!("/api/v1/events/{id}/registrations")))
        .bearer_auth(token);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    status_and_body(req.send().await.expect("sign up")).await
}

#[tokio::test]
async fn members_sign_up_wait_cancel_and_get_checked_in() {
    let app = spawn_app().await;
    let (club, _) = app.tokens("club1").await;
    let (zhang, _) = app.tokens("13800000001").await;
    let (li, _) = app.tokens("13800000002").await;

    let (status, ev) = status_and_body(
        app.post_json(&club, "/api/v1/events", draft(1))
            .await
            .expect("create"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{ev}");
    let id = ev["id"].as_i64().expect("id");
    assert_eq!(ev["seats_left"], 1);

    let (status, first) = sign_up(&app, &zhang, id, Some("ev-1")).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first["status"], "registered");
    let (_, again) = sign_up(&app, &zhang, id, Some("ev-1")).await;
    assert_eq!(again, first, "a retry returns the first result");
    let (status, body) = sign_up(&app, &zhang, id, None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["details"]["reason"], "already_registered");

    // Full: 李娜 waits, first in line.
    let (status, waiting) = sign_up(&app, &li, id, None).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(waiting["status"], "waitlisted");
    assert_eq!(waiting["waitlist_position"], 1);
    let listed = app.get_json(&li, "/api/v1/events").await;
    let mine = listed
        .as_array()
        .and_then(|l| l.iter().find(|e| e["id"] == id))
        .expect("listed")
        .clone();
    assert_eq!(
        (mine["seats_left"].clone(), mine["waitlist"].clone()),
        (json!(0), json!(1))
    );
    assert_eq!(mine["mine"]["status"], "waitlisted");

    // 张伟 cancels: 李娜 gets the seat and a notification.
    let resp = app
        .client
        .delete(app.url(&format!("/api/v1/events/{id}/registrations/mine")))
        .bearer_auth(&zhang)
        .send()
        .await
        .expect("cancel");
    assert_eq!(resp.status(), StatusCode::OK);
    let roster = app
        .get_json(&club, &format!("/api/v1/events/{id}/registrations"))
        .await;
    let rows = roster["registrations"].as_array().expect("rows");
    assert_eq!(rows[0]["status"], "registered");
    assert!(rows[0]["mobile"].as_str().expect("mobile").contains("****"));
    assert_eq!(rows[1]["status"], "cancelled");
    let notes = app.get_json(&li, "/api/v1/me/notifications").await;
    assert_eq!(notes["items"][0]["kind"], "event_promoted");

    // Check-in at the door (opens two hours before the start).
    app.state.svc.clock.advance(chrono::Duration::hours(28));
    // Access tokens are short-lived: sign in again a day later.
    let (club, _) = app.tokens("club1").await;
    let (li, _) = app.tokens("13800000002").await;
    let li_no = rows[0]["member_no"].as_str().expect("no").to_owned();
    let before = app.get_json(&li, "/api/v1/me/points").await["balance"]
        .as_i64()
        .expect("balance");
    let check_in = |key: &'static str| {
        app.client
            .post(app.url(&format!("/api/v1/events/{id}/check-ins")))
            .bearer_auth(&club)
            .header("Idempotency-Key", key)
            .json(&json!({ "member_no": li_no }))
            .send()
    };
    let (status, done) = status_and_body(check_in("door-1").await.expect("check in")).await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(done["points"], 60);
    let (_, replay) = status_and_body(check_in("door-1").await.expect("retry")).await;
    assert_eq!(replay, done);
    let (status, body) = status_and_body(check_in("door-2").await.expect("twice")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["details"]["reason"], "already_checked_in");
    let after = app.get_json(&li, "/api/v1/me/points").await["balance"]
        .as_i64()
        .expect("balance");
    assert_eq!(after, before + 60, "points credited once");
    let entries = app.get_json(&li, "/api/v1/me/points/entries").await;
    assert_eq!(entries["items"][0]["reason"], "event");
    app.cleanup().await;
}

async fn count_events(app: &TestApp, token: &str) -> usize {
    app.get_json(token, "/api/v1/events")
        .await
        .as_array()
        .map_or(0, Vec::len)
}

#[tokio::test]
async fn event_calls_refuse_bad_input_and_other_roles_and_change_nothing() {
    let app = spawn_app().await;
    let (club, _) = app.tokens("club1").await;
    let (zhang, _) = app.tokens("13800000001").await;
    let (sales, _) = app.tokens("sales1").await;
    let (ev_status, ev) = status_and_body(
        app.post_json(&club, "/api/v1/events", draft(5))
            .await
            .expect("create"),
    )
    .await;
    assert_eq!(ev_status, StatusCode::CREATED);
    let id = ev["id"].as_i64().expect("id");
    let events_before = count_events(&app, &club).await;

    // Bad drafts: each field named, nothing saved.
    let mut bad = draft(0);
    bad["title"] = json!("");
    bad["ends_at"] = json!("2026-11-24T13:00");
    let (status, body) = status_and_body(
        app.post_json(&club, "/api/v1/events", bad)
            .await
            .expect("bad"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "validation_failed");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"title") && fields.contains(&"capacity") && fields.contains(&"ends_at"),
        "{fields:?}"
    );
    let (status, body) = status_and_body(
        app.post_json(&club, "/api/v1/events", json!({"capacity": "many"}))
            .await
            .expect("wrong type"),
    )
    .await;
    assert!(status.is_client_error(), "{status}");
    assert!(!error_code(&body).is_empty(), "a JSON error: {body}");
    assert_eq!(count_events(&app, &club).await, events_before);

    // Only the club manager plans, lists registrations and checks in.
    for token in [&zhang, &sales] {
        let resp = app
            .post_json(token, "/api/v1/events", draft(5))
            .await
            .expect("create");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
        let resp = app
            .client
            .get(app.url(&format!("/api/v1/events/{id}/registrations")))
            .bearer_auth(token)
            .send()
            .await
            .expect("roster");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
        let resp = app
            .post_json(
                token,
                &format!("/api/v1/events/{id}/check-ins"),
                json!({"member_no": "AJ00000001"}),
            )
            .await
            .expect("check in");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    }
    // Staff are not members: they cannot sign up.
    let (status, _) = sign_up(&app, &sales, id, None).await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    // Unknown event, unknown registration, bad key, unknown member number.
    let (status, body) = sign_up(&app, &zhang, 999_999, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
    let resp = app
        .client
        .delete(app.url(&format!("/api/v1/events/{id}/registrations/mine")))
        .bearer_auth(&zhang)
        .send()
        .await
        .expect("cancel");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND, "not registered");
    let (status, _) = sign_up(&app, &zhang, id, Some("has spaces in it")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = status_and_body(
        app.post_json(
            &club,
            &format!("/api/v1/events/{id}/check-ins"),
            json!({"member_no": "AJ99999999"}),
        )
        .await
        .expect("unknown"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["fields"][0]["code"], "unknown_member");
    // Nobody signed up through any of that.
    let roster = app
        .get_json(&club, &format!("/api/v1/events/{id}/registrations"))
        .await;
    assert_eq!(roster["registrations"], json!([]));
    // Without a token: 401.
    let resp = app
        .client
        .get(app.url("/api/v1/events"))
        .send()
        .await
        .expect("anon");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}
