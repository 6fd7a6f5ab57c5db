use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn the_customer_api_creates_dedupes_searches_and_logs_interactions() {
    let app = spawn_app().await;
    let (sales1, _) = app.tokens("sales1").await;
    let (sales2, _) = app.tokens("sales2").await;
    let post = |token: &str, path: &str, body: Value| {
        app.client
            .post(app.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
    };

    let resp = post(
        &sales1,
        "/api/v1/customers",
        json!({"name": "周杰", "mobile": "137 1234 5678", "tags": ["VIP"]}),
    )
    .await
    .expect("create");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let created: Value = resp.json().await.expect("json");
    let id = created["id"].as_i64().expect("id");
    assert_eq!(created["mobile"], "13712345678");
    assert_eq!(created["assigned_sales"]["name"], "王芳");

    // Same phone again: 409 naming the field and (for its owner) the record.
    let resp = post(
        &sales1,
        "/api/v1/customers",
        json!({"name": "周", "mobile": "13712345678"}),
    )
    .await
    .expect("dup");
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "conflict");
    assert_eq!(
        body["error"]["fields"][0],
        json!({"field": "mobile", "code": "duplicate"})
    );
    assert_eq!(body["error"]["details"]["existing_id"], json!(id));
    let resp = post(
        &sales2,
        "/api/v1/customers",
        json!({"name": "周", "mobile": "13712345678"}),
    )
    .await
    .expect("dup");
    let body: Value = resp.json().await.expect("json");
    assert!(
        body["error"]["details"].is_null(),
        "another salesperson must not learn the id: {body}"
    );

    // Invalid input: 422 with every bad field.
    let resp = post(
        &sales1,
        "/api/v1/customers",
        json!({"name": "", "mobile": "abc"}),
    )
    .await
    .expect("bad");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"]["fields"].as_array().map(Vec::len), Some(2));

    // Search by the last four digits.
    let list: Value = app.get_json(&sales1, "/api/v1/customers?q=5678").await;
    assert_eq!(list["items"][0]["id"], json!(id));

    // Another salesperson's record does not exist for sales2.
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/customers/{id}")))
        .bearer_auth(&sales2)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let resp = post(
        &sales2,
        &format!("/api/v1/customers/{id}/interactions"),
        json!({"kind": "visit", "notes": "x"}),
    )
    .await
    .expect("log");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);

    // Interactions.
    let resp = post(
        &sales1,
        &format!("/api/v1/customers/{id}/interactions"),
        json!({"kind": "call_out", "notes": "约周六看房", "next_follow_up_on": "2026-11-28"}),
    )
    .await
    .expect("log");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let items: Value = app
        .get_json(&sales1, &format!("/api/v1/customers/{id}/interactions"))
        .await;
    assert_eq!(items[0]["kind"], "call_out");
    assert_eq!(items[0]["next_follow_up_on"], "2026-11-28");

    // Edits keep a history.
    let resp = app
        .client
        .put(app.url(&format!("/api/v1/customers/{id}")))
        .bearer_auth(&sales1)
        .json(&json!({"name": "周杰伦", "mobile": "13712345678"}))
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), StatusCode::OK);
    let history: Value = app
        .get_json(&sales1, &format!("/api/v1/customers/{id}/history"))
        .await;
    assert_eq!(history[0]["field"], "name");
    assert_eq!(history[0]["new_value"], "周杰伦");

    // The planned call shows in the queue once its day comes.
    app.state.svc.clock.advance(chrono::Duration::days(5));
    let (sales1, _) = app.tokens("sales1").await;
    let queue: Value = app.get_json(&sales1, "/api/v1/work-queue").await;
    let due: Vec<i64> = queue["due_today"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(queue["overdue"].as_array().into_iter().flatten())
        .filter_map(|i| i["customer_id"].as_i64())
        .collect();
    assert!(due.contains(&id), "{queue}");
    app.cleanup().await;
}

#[tokio::test]
async fn members_and_roles_without_customer_access_are_refused() {
    let app = spawn_app().await;
    for login in ["13800000001", "club1", "mkt1", "admin", "merchant1"] {
        let (token, _) = app.tokens(login).await;
        let resp = app
            .client
            .get(app.url("/api/v1/customers"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("list");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{login}");
        let resp = app
            .client
            .post(app.url("/api/v1/customers"))
            .bearer_auth(&token)
            .json(&json!({"name": "x", "mobile": "13712345678"}))
            .send()
            .await
            .expect("create");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{login}");
    }
    app.cleanup().await;
}

#[tokio::test]
async fn only_managers_reassign_customers_over_the_api() {
    let app = spawn_app().await;
    let (manager, _) = app.tokens("manager1").await;
    let (sales1, _) = app.tokens("sales1").await;
    // How many customers the token sees, over every page.
    let me = |token: String| {
        let app = &app;
        async move {
            let (mut seen, mut cursor) = (0, String::new());
            loop {
                let path = format!("/api/v1/customers?limit=200&cursor={cursor}");
                let body: Value = app.get_json(&token, &path).await;
                seen += body["items"].as_array().map(Vec::len).unwrap_or(0);
                match body["next_cursor"].as_str() {
                    Some(next) => cursor = next.to_owned(),
                    None => return seen,
                }
            }
        }
    };
    let team: Value = app
        .client
        .get(app.url("/api/v1/users?limit=200"))
        .bearer_auth(app.tokens("admin").await.0)
        .send()
        .await
        .expect("users")
        .json()
        .await
        .expect("json");
    let id_of = |login: &str| {
        team["items"]
            .as_array()
            .and_then(|items| items.iter().find(|u| u["login"] == login))
            .and_then(|u| u["id"].as_i64())
            .unwrap_or_default()
    };
    let body = json!({"from_sales_id": id_of("sales1"), "to_sales_id": id_of("sales2")});
    let before = me(sales1.clone()).await;
    assert!(before > 0);

    let refused = app
        .client
        .post(app.url("/api/v1/customers/reassignments"))
        .bearer_auth(&sales1)
        .json(&body)
        .send()
        .await
        .expect("reassign");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let resp = app
        .client
        .post(app.url("/api/v1/customers/reassignments"))
        .bearer_auth(&manager)
        .json(&body)
        .send()
        .await
        .expect("reassign");
    assert_eq!(resp.status(), StatusCode::OK);
    let result: Value = resp.json().await.expect("json");
    assert_eq!(result["moved"], json!(before));
    assert_eq!(me(sales1).await, 0);
    app.cleanup().await;
}
