use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_repair_from_the_portal_through_engineering_to_the_members_rating() {
    let app = spawn_app().await;
    let (member, _) = app.tokens("13800000001").await;
    let (other, _) = app.tokens("13800000002").await;
    let (agent, _) = app.tokens("service1").await;
    let (eng, _) = app.tokens("eng1").await;
    let (sales, _) = app.tokens("sales1").await;

    let resp = app
        .post_json(
            &member,
            "/api/v1/me/tickets",
            json!({"kind": "leak", "title": ""}),
        )
        .await
        .expect("bad");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["kind", "category", "title", "description"]);

    let resp = app
        .post_json(
            &member,
            "/api/v1/me/tickets",
            json!({"kind": "repair", "category": "repair.doors_windows", "title": "入户门关不严",
                   "description": "门锁卡顿，晚上无法反锁。"}),
        )
        .await
        .expect("open");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let opened: Value = resp.json().await.expect("json");
    let id = opened["id"].as_i64().expect("id");
    assert!(
        opened["number"]
            .as_str()
            .is_some_and(|n| n.starts_with("TS-"))
    );
    assert_eq!(opened["status"], "received");
    assert_eq!(opened["sla"]["target"], "first_response");

    // Nobody else's: another member 404 (read and act), sales 403.
    for path in [format!("/api/v1/me/tickets/{id}")] {
        let resp = app
            .client
            .get(app.url(&path))
            .bearer_auth(&other)
            .send()
            .await
            .expect("get");
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    }
    let resp = app
        .post_json(
            &other,
            &format!("/api/v1/me/tickets/{id}/actions"),
            json!({"action": "confirm"}),
        )
        .await
        .expect("act");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let resp = app
        .client
        .get(app.url("/api/v1/tickets"))
        .bearer_auth(&sales)
        .send()
        .await
        .expect("inbox");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    // Confirming too early: 409 with the reason, nothing changed.
    let resp = app
        .post_json(
            &member,
            &format!("/api/v1/me/tickets/{id}/actions"),
            json!({"action": "confirm"}),
        )
        .await
        .expect("early");
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "conflict");
    assert_eq!(
        body["error"]["details"]["reason"],
        "ticket_step_not_allowed"
    );

    // New tickets wait under 已受理 (the demo's open ones fill the rest).
    let inbox = app
        .get_json(&agent, "/api/v1/tickets?status=received")
        .await;
    assert!(
        inbox["items"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|t| t["id"] == id)
    );
    let resp = app
        .post_json(
            &agent,
            &format!("/api/v1/tickets/{id}/notes"),
            json!({"note": "内部：业主为 VIP", "public": false}),
        )
        .await
        .expect("note");
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .post_json(
            &agent,
            &format!("/api/v1/tickets/{id}/dispatch"),
            json!({"department": "nowhere"}),
        )
        .await
        .expect("dispatch");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let resp = app
        .post_json(
            &agent,
            &format!("/api/v1/tickets/{id}/dispatch"),
            json!({"department": "engineering"}),
        )
        .await
        .expect("dispatch");
    assert_eq!(resp.status(), StatusCode::OK);

    let tasks = app.get_json(&eng, "/api/v1/ticket-tasks").await;
    let task = tasks
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["ticket"]["id"] == id)
        .expect("engineering has the task")["task"]["id"]
        .as_i64()
        .expect("task id");
    let resp = app
        .post_json(
            &eng,
            &format!("/api/v1/ticket-tasks/{task}/accept"),
            json!({}),
        )
        .await
        .expect("accept");
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .post_json(
            &eng,
            &format!("/api/v1/ticket-tasks/{task}/finish"),
            json!({"note": "已更换门锁"}),
        )
        .await
        .expect("finish");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.json::<Value>().await.expect("json")["status"],
        "awaiting_confirmation"
    );

    let seen = app
        .get_json(&member, &format!("/api/v1/me/tickets/{id}"))
        .await;
    let kinds: Vec<&str> = seen["timeline"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "received",
            "dispatched",
            "accepted",
            "task_done",
            "resolved"
        ]
    );
    assert_eq!(seen["timeline"][1]["department"], "工程部");
    let text = seen.to_string();
    assert!(
        !text.contains("VIP") && !text.contains("杨洋"),
        "internal data leaked: {text}"
    );

    let resp = app
        .post_json(
            &member,
            &format!("/api/v1/me/tickets/{id}/actions"),
            json!({"action": "confirm"}),
        )
        .await
        .expect("confirm");
    assert_eq!(
        resp.json::<Value>().await.expect("json")["status"],
        "closed"
    );
    let resp = app
        .post_json(
            &member,
            &format!("/api/v1/me/tickets/{id}/revisit"),
            json!({"rating": 5, "comment": "很及时"}),
        )
        .await
        .expect("revisit");
    assert_eq!(resp.status(), StatusCode::OK);
    let rated: Value = resp.json().await.expect("json");
    assert_eq!(rated["status"], "revisited");
    assert_eq!(rated["rating"], 5);

    let mine = app.get_json(&member, "/api/v1/me/tickets").await;
    assert_eq!(mine[0]["id"], id);
    assert_eq!(app.get_json(&other, "/api/v1/me/tickets").await, json!([]));
    let categories = app
        .get_json(&member, "/api/v1/ticket-categories?lang=en")
        .await;
    assert!(
        categories
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["code"] == "repair.leaks" && c["label"] == "Leaks")
    );
    app.cleanup().await;
}

#[tokio::test]
async fn admins_edit_sla_policies_and_nobody_else_does() {
    let app = spawn_app().await;
    let (admin, _) = app.tokens("admin").await;
    let (agent, _) = app.tokens("service1").await;
    let list = app.get_json(&admin, "/api/v1/sla-policies").await;
    assert_eq!(list.as_array().map(Vec::len), Some(20));
    let put = |token: &str, path: &str, body: Value| {
        app.client
            .put(app.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let body =
        json!({"first_response_minutes": 30, "resolution_minutes": 240, "business_hours": false});
    let resp = put(&agent, "/api/v1/sla-policies/complaint/high", body.clone())
        .await
        .expect("put");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = put(
        &admin,
        "/api/v1/sla-policies/complaint/high",
        json!({"first_response_minutes": 1, "resolution_minutes": 240}),
    )
    .await
    .expect("put");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let resp = put(&admin, "/api/v1/sla-policies/complaint/high", body)
        .await
        .expect("put");
    assert_eq!(resp.status(), StatusCode::OK);
    let set: Value = resp.json().await.expect("json");
    assert_eq!(set["customised"], true);
    assert_eq!(set["first_response_minutes"], 30);
    app.cleanup().await;
}
