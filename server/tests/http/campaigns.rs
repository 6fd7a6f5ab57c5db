use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn marketing_plans_campaigns_and_analysts_read_their_figures() {
    let app = spawn_app().await;
    let (mkt, _) = app.tokens("mkt1").await;
    let (manager, _) = app.tokens("manager1").await;
    let (club, _) = app.tokens("club1").await;
    let body = json!({
        "code": "winter-26", "name": "冬季网络投放", "channel": "网络广告",
        "starts_on": "2026-11-01", "ends_on": "2026-11-30", "cost": "80,000"
    });

    // Bad input names its fields and plans nothing; other roles are refused.
    let resp = app
        .post_json(
            &mkt,
            "/api/v1/campaigns",
            json!({"code": "", "name": "x", "channel": "网络广告", "starts_on": "2026-13-01", "ends_on": "2026-11-30", "cost": "lots"}),
        )
        .await
        .expect("bad");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = resp.json().await.expect("json");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["code", "starts_on", "cost"]);
    let resp = app
        .post_json(&club, "/api/v1/campaigns", body.clone())
        .await
        .expect("club");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get_json(&mkt, "/api/v1/campaigns").await, json!([]));

    let resp = app
        .post_json(&mkt, "/api/v1/campaigns", body.clone())
        .await
        .expect("create");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let created: Value = resp.json().await.expect("json");
    assert_eq!(created["code"], "WINTER-26");
    assert_eq!(created["cost"], 8_000_000, "fen");
    let id = created["id"].as_i64().expect("id");
    // The demo's 网络广告 customers registered this month are its leads.
    let leads = created["figures"]["leads"].as_i64().expect("leads");
    assert!(leads > 0, "{created}");
    assert_eq!(
        created["figures"]["cost_per_lead"].as_i64(),
        Some((8_000_000 + leads / 2) / leads)
    );

    let resp = app
        .post_json(&mkt, "/api/v1/campaigns", body.clone())
        .await
        .expect("again");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = resp.json().await.expect("json");
    assert_eq!(err["error"]["fields"][0]["code"], "code_taken");

    let resp = app
        .client
        .put(app.url(&format!("/api/v1/campaigns/{id}")))
        .bearer_auth(&mkt)
        .json(&json!({
            "code": "WINTER-26", "name": "冬季网络投放", "channel": "网络广告",
            "starts_on": "2026-11-01", "ends_on": "2026-11-30", "cost": "40000"
        }))
        .send()
        .await
        .expect("update");
    assert_eq!(resp.status(), StatusCode::OK);
    let seen = app
        .get_json(&manager, &format!("/api/v1/campaigns/{id}"))
        .await;
    assert_eq!(seen["cost"], 4_000_000);
    assert_eq!(seen["figures"]["leads"].as_i64(), Some(leads));
    let missing = app
        .client
        .get(app.url("/api/v1/campaigns/999999"))
        .bearer_auth(&manager)
        .send()
        .await
        .expect("missing");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        error_code(&missing.json().await.expect("json")),
        "not_found"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn marketing_recomputes_the_pyramid_and_lists_a_segment() {
    let app = spawn_app().await;
    let (mkt, _) = app.tokens("mkt1").await;
    let (manager, _) = app.tokens("manager1").await;
    let (club, _) = app.tokens("club1").await;

    let before = app.get_json(&manager, "/api/v1/segments").await;
    assert_eq!(before["computed_at"], Value::Null);
    assert_eq!(before["segments"].as_array().map(Vec::len), Some(7));

    let resp = app
        .post_json(&club, "/api/v1/segments/recompute", json!({}))
        .await
        .expect("club");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = app
        .post_json(&mkt, "/api/v1/segments/recompute", json!({}))
        .await
        .expect("recompute");
    assert_eq!(resp.status(), StatusCode::OK);
    let placed = resp.json::<Value>().await.expect("json")["customers"]
        .as_i64()
        .expect("customers");

    let after = app.get_json(&manager, "/api/v1/segments").await;
    let total: i64 = after["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .filter_map(|s| s["customers"].as_i64())
        .sum();
    assert_eq!(total, placed);
    assert_eq!(after["segments"][0]["segment"], "top");
    let top = app
        .get_json(&manager, "/api/v1/segments/top/customers")
        .await;
    let first = &top["items"][0];
    assert!(
        first["mobile"]
            .as_str()
            .unwrap_or_default()
            .contains("****")
    );
    assert!(first["score"].as_i64().is_some());

    let unknown = app
        .client
        .get(app.url("/api/v1/segments/vip/customers"))
        .bearer_auth(&manager)
        .send()
        .await
        .expect("unknown");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        error_code(&unknown.json().await.expect("json")),
        "not_found"
    );
    let forbidden = app
        .client
        .get(app.url("/api/v1/segments"))
        .bearer_auth(&club)
        .send()
        .await
        .expect("club");
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}

#[tokio::test]
async fn marketing_previews_and_sends_a_message_to_a_segment_once() {
    let app = spawn_app().await;
    let (mkt, _) = app.tokens("mkt1").await;
    let (club, _) = app.tokens("club1").await;
    let resp = app
        .post_json(&mkt, "/api/v1/segments/recompute", json!({}))
        .await
        .expect("recompute");
    assert_eq!(resp.status(), StatusCode::OK);
    let draft = json!({"segment": "potential", "body": "{name}您好，本周末样板间开放"});

    let resp = app
        .post_json(
            &mkt,
            "/api/v1/broadcasts/preview",
            json!({"segment": "vip", "body": ""}),
        )
        .await
        .expect("bad");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = resp.json().await.expect("json");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["segment", "body"]);
    let resp = app
        .post_json(&club, "/api/v1/broadcasts", draft.clone())
        .await
        .expect("club");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    let resp = app
        .post_json(&mkt, "/api/v1/broadcasts/preview", draft.clone())
        .await
        .expect("preview");
    assert_eq!(resp.status(), StatusCode::OK);
    let preview: Value = resp.json().await.expect("json");
    let n = |k: &str| preview[k].as_i64().expect(k);
    assert!(n("total") > 0, "{preview}");
    assert!(
        n("recipients") > 0,
        "the demo has consenting prospects: {preview}"
    );
    assert!(n("recipients") + n("no_consent").max(n("contacted_recently")) <= n("total"));
    assert_eq!(
        preview["final_body"],
        "{name}您好，本周末样板间开放 拒收请回复R"
    );
    for excluded in preview["excluded_sample"].as_array().expect("sample") {
        assert!(
            excluded["mobile"]
                .as_str()
                .expect("mobile")
                .contains("****")
        );
    }

    // A retry with the same key answers the first result; the same key
    // with another text is refused.
    let send = |body: Value, key: &'static str| {
        app.client
            .post(app.url("/api/v1/broadcasts"))
            .bearer_auth(&mkt)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = send(draft.clone(), "bc-1").await.expect("send");
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.expect("json");
    assert_eq!(first["recipients"], preview["recipients"]);
    assert_eq!(
        first["excluded"].as_i64(),
        Some(n("total") - n("recipients"))
    );
    let retry: Value = send(draft.clone(), "bc-1")
        .await
        .expect("retry")
        .json()
        .await
        .expect("json");
    assert_eq!(retry, first);
    let other = send(json!({"segment": "potential", "body": "另一条"}), "bc-1")
        .await
        .expect("other");
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let listed = app.get_json(&mkt, "/api/v1/broadcasts").await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["id"], first["id"]);
    app.cleanup().await;
}

#[tokio::test]
async fn the_dashboard_figures_are_on_the_api_for_analysts_only() {
    let app = spawn_app().await;
    let (mkt, _) = app.tokens("mkt1").await;
    let (club, _) = app.tokens("club1").await;
    let d = app
        .get_json(
            &mkt,
            "/api/v1/analytics/dashboard?from=2026-10-01&to=2026-10-31",
        )
        .await;
    assert_eq!(d["filter"]["from"], "2026-10-01");
    assert_eq!(
        d["contacts"].as_array().map(Vec::len),
        Some(31),
        "every day"
    );
    assert_eq!(d["club"][0]["month"], "2026-10");
    for key in [
        "pipeline",
        "pyramid",
        "campaigns",
        "conversion",
        "departments",
        "staff",
    ] {
        assert!(!d[key].is_null(), "{key}: {d}");
    }
    let status = |token: &str, query: &str| {
        let url = app.url(&format!("/api/v1/analytics/dashboard{query}"));
        let req = app.client.get(url).bearer_auth(token.to_owned());
        async move { req.send().await.expect("send") }
    };
    assert_eq!(status(&club, "").await.status(), StatusCode::FORBIDDEN);
    for (query, field) in [
        ("?from=2026-13-01", "from"),
        ("?from=2026-11-02&to=2026-11-01", "to"),
        ("?from=2024-01-01&to=2026-11-01", "to"),
        ("?project=abc", "project"),
    ] {
        let resp = status(&mkt, query).await;
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let body: Value = resp.json().await.expect("json");
        assert_eq!(body["error"]["fields"][0]["field"], field, "{query}");
    }
    app.cleanup().await;
}
