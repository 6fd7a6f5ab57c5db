use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn members_refer_friends_and_only_see_their_own_referrals() {
    let app = spawn_app().await;
    let (zhang, _) = app.tokens("13800000001").await;
    let (li, _) = app.tokens("13800000002").await;
    let (sales, _) = app.tokens("sales1").await;

    let refer = |token: &str, body: Value, key: Option<&'static str>| {
        let mut req = app
            .client
            .post(app.url("/api/v1/me/referrals"))
            .bearer_auth(token)
            .json(&body);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        req.send()
    };
    let resp = refer(
        &zhang,
        json!({"name": "赵六", "mobile": "13912345678"}),
        Some("r-1"),
    )
    .await
    .expect("refer");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let first: Value = resp.json().await.expect("json");
    assert_eq!(first["status"], "submitted");
    assert_eq!(first["friend_mobile"], "139****5678");
    let again: Value = refer(
        &zhang,
        json!({"name": "赵六", "mobile": "13912345678"}),
        Some("r-1"),
    )
    .await
    .expect("retry")
    .json()
    .await
    .expect("json");
    assert_eq!(again, first, "a retry is the same referral");
    let resp = refer(
        &zhang,
        json!({"name": "孙八", "mobile": "13912345670"}),
        Some("r-1"),
    )
    .await
    .expect("reused");
    assert_eq!(
        resp.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "same key, another request"
    );

    let id = first["id"].as_i64().expect("id");
    let mine = app.get_json(&zhang, "/api/v1/me/referrals").await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1));
    assert_eq!(
        app.get_json(&zhang, &format!("/api/v1/me/referrals/{id}"))
            .await,
        first
    );
    // 李娜 cannot read 张伟's referral by id, and has none of her own.
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/me/referrals/{id}")))
        .bearer_auth(&li)
        .send()
        .await
        .expect("other");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get_json(&li, "/api/v1/me/referrals").await, json!([]));

    // Bad input: 4xx with a code, nothing created.
    let cases = [
        (
            json!({"name": "", "mobile": "123"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({"name": "李娜", "mobile": "13800000002"}),
            StatusCode::CONFLICT,
            "conflict",
        ),
        (
            json!({"name": "我", "mobile": "13800000001"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({"name": 5, "mobile": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
    ];
    for (body, status, code) in cases {
        let resp = refer(&zhang, body.clone(), None).await.expect("bad");
        let got = resp.status();
        let err: Value = resp.json().await.unwrap_or(Value::Null);
        assert!(got.is_client_error(), "{body}: {got}");
        if !code.is_empty() {
            assert_eq!((got, error_code(&err)), (status, code), "{body}: {err}");
        } else {
            assert!(
                !error_code(&err).is_empty(),
                "{body}: a JSON error, got {err}"
            );
        }
    }
    assert_eq!(
        app.get_json(&zhang, "/api/v1/me/referrals")
            .await
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // Staff have no membership: 404, not someone else's data.
    let resp = refer(
        &sales,
        json!({"name": "周九", "mobile": "13912345671"}),
        None,
    )
    .await
    .expect("staff");
    assert!(matches!(
        resp.status(),
        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
    ));
    app.cleanup().await;
}

#[tokio::test]
async fn news_is_for_members_first_and_public_from_the_launch() {
    let app = spawn_app().await;
    let (club, _) = app.tokens("club1").await;
    let (zhang, _) = app.tokens("13800000001").await;
    let projects = app.get_json(&zhang, "/api/v1/listings").await;
    let project_id = projects[0]["id"].as_i64().expect("a published project");
    // t0 is 2026-11-23; public from 2026-12-01.
    let resp = app
        .post_json(
            &club,
            "/api/v1/news",
            json!({
                "project_id": project_id,
                "title": "二期样板间开放",
                "body": "会员专场 12 月 1 日前可预约。",
                "members_from": "2026-11-23",
                "public_from": "2026-12-01",
            }),
        )
        .await
        .expect("publish");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let item: Value = resp.json().await.expect("json");
    let id = item["id"].clone();
    let member_view = app.get_json(&zhang, "/api/v1/news").await;
    let seen = member_view
        .as_array()
        .and_then(|l| l.iter().find(|n| n["id"] == id))
        .expect("members read it");
    assert_eq!(seen["members_only"], true);
    let public: Value = app
        .client
        .get(app.url("/api/v1/news"))
        .send()
        .await
        .expect("public")
        .json()
        .await
        .expect("json");
    assert!(
        public
            .as_array()
            .expect("list")
            .iter()
            .all(|n| n["id"] != id)
    );
    // A member cannot publish; a bad draft is a 422 naming its fields.
    let resp = app
        .post_json(&zhang, "/api/v1/news", json!({"project_id": project_id, "title": "x", "body": "y", "members_from": "2026-11-23"}))
        .await
        .expect("member");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = app
        .post_json(
            &club,
            "/api/v1/news",
            json!({"project_id": project_id, "title": "", "body": "y", "members_from": "soon"}),
        )
        .await
        .expect("bad");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["title", "members_from"]);
    // A bad token is still a 401, not the public list.
    let resp = app
        .client
        .get(app.url("/api/v1/news"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .expect("bad token");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}
