use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn enrolment(mobile: &str) -> Value {
    json!({
        "name": "吴欣", "mobile": mobile, "password": "Join@2026", "gender": "female",
        "birth_year": 1993, "employer": "安居科技", "education": "master",
        "consent_marketing": true
    })
}

fn fields(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["field"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_visitor_enrols_over_the_api_and_sees_the_welcome_points() {
    let app = spawn_app().await;
    let post = |body: Value, key: Option<&str>| {
        let mut req = app
            .client
            .post(app.url("/api/v1/club/enrolments"))
            .json(&body);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        req.send()
    };

    // Bad input: field errors, nothing created.
    let resp = post(
        json!({"name": "", "mobile": "123", "password": "x", "birth_year": 2016}),
        None,
    )
    .await
    .expect("post");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    let mut got = fields(&body);
    got.sort();
    assert_eq!(got, ["birth_year", "mobile", "name", "password"]);
    let resp = post(json!("not an object"), None).await.expect("post");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let resp = post(enrolment("13900008888"), Some("bad key with spaces"))
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app.api_login("13900008888", "Join@2026").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "nothing was created");

    let resp = post(enrolment("13900008888"), Some("k-1"))
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let first: Value = resp.json().await.expect("json");
    assert_eq!(first["tier"], "basic");
    assert_eq!(first["points_balance"], 200);
    // The retry replays; the same key with other fields is refused.
    let resp = post(enrolment("13900008888"), Some("k-1"))
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(resp.json::<Value>().await.expect("json"), first);
    let mut other = enrolment("13900008888");
    other["employer"] = json!("另一家");
    let resp = post(other, Some("k-1")).await.expect("post");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Without the key, a second enrolment is a conflict.
    let resp = post(enrolment("13900008888"), None).await.expect("post");
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "conflict");
    assert_eq!(body["error"]["details"]["reason"], "mobile_registered");

    let (status, login) = app.api_login("13900008888", "Join@2026").await;
    assert_eq!(status, StatusCode::OK);
    let token = login["access_token"].as_str().expect("token");
    let points = app.get_json(token, "/api/v1/me/points").await;
    assert_eq!(points["balance"], 200);
    assert_eq!(points["member_no"], first["member_no"]);
    assert_eq!(points["next_tier"], "silver");
    let entries = app.get_json(token, "/api/v1/me/points/entries").await;
    assert_eq!(entries["items"][0]["reason"], "enrolment");
    assert_eq!(entries["next_cursor"], Value::Null);
    app.cleanup().await;
}

#[tokio::test]
async fn members_redeem_rewards_once_per_key_and_only_for_themselves() {
    let app = spawn_app().await;
    let (zhang, _) = app.tokens("13800000001").await;
    let (li, _) = app.tokens("13800000002").await;
    let (club, _) = app.tokens("club1").await;
    let (sales, _) = app.tokens("sales1").await;

    let before = app.get_json(&zhang, "/api/v1/me/points").await["balance"]
        .as_i64()
        .expect("balance");
    let catalogue = app.get_json(&zhang, "/api/v1/rewards").await;
    let coffee = catalogue
        .as_array()
        .expect("list")
        .iter()
        .find(|r| r["points_cost"] == 300)
        .expect("a 300-point reward")
        .clone();
    assert!(
        catalogue
            .as_array()
            .expect("list")
            .iter()
            .all(|r| r["active"] == true),
        "members see only rewards on offer"
    );
    let redeem = |token: &str, id: i64, key: &str| {
        app.client
            .post(app.url(&format!("/api/v1/rewards/{id}/redemptions")))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .send()
    };
    let id = coffee["id"].as_i64().expect("id");
    let first = redeem(&zhang, id, "buy-1").await.expect("redeem");
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.expect("json");
    let again: Value = redeem(&zhang, id, "buy-1")
        .await
        .expect("retry")
        .json()
        .await
        .expect("json");
    assert_eq!(first, again);
    assert_eq!(first["balance_after"], before - 300);
    let after = app.get_json(&zhang, "/api/v1/me/points").await;
    assert_eq!(after["balance"], before - 300, "charged once");

    // Li's key space is her own; a missing reward is 404; the out-of-stock
    // reward (0 in the demo) is 409.
    let resp = redeem(&li, 999_999, "x").await.expect("missing");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let empty = catalogue
        .as_array()
        .expect("list")
        .iter()
        .find(|r| r["stock"] == 0)
        .expect("an out-of-stock reward");
    let resp = redeem(&zhang, empty["id"].as_i64().expect("id"), "buy-2")
        .await
        .expect("empty");
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    assert_eq!(
        resp.json::<Value>().await.expect("json")["error"]["details"]["reason"],
        "out_of_stock"
    );
    let mine = app.get_json(&li, "/api/v1/me/redemptions").await;
    assert_eq!(mine, json!([]), "Li sees none of Zhang's redemptions");

    // Staff have no points; members and sales have no club console.
    let resp = app
        .client
        .get(app.url("/api/v1/me/points"))
        .bearer_auth(&club)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    for token in [&zhang, &sales] {
        let resp = app
            .client
            .get(app.url("/api/v1/club/members"))
            .bearer_auth(token)
            .send()
            .await
            .expect("get");
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    }
    let resp = app
        .post_json(
            &zhang,
            "/api/v1/rewards",
            json!({"name": "x", "points_cost": 1}),
        )
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}

#[tokio::test]
async fn the_club_manager_finds_members_adjusts_points_and_edits_rules() {
    let app = spawn_app().await;
    let (club, _) = app.tokens("club1").await;
    let (admin, _) = app.tokens("admin").await;
    let (li, _) = app.tokens("13800000002").await;

    let page = app.get_json(&club, "/api/v1/club/members?q=0002").await;
    assert_eq!(page["total"], 1);
    let row = &page["items"][0];
    assert_eq!(row["name"], "李娜");
    let id = row["member_id"].as_i64().expect("id");
    let balance = row["points_balance"].as_i64().expect("balance");
    let by_no = app
        .get_json(
            &club,
            &format!(
                "/api/v1/club/members?q={}",
                row["member_no"].as_str().expect("no")
            ),
        )
        .await;
    assert_eq!(by_no["total"], 1);

    let path = format!("/api/v1/club/members/{id}/adjustments");
    for (body, status) in [
        (
            json!({"points": 100, "reason": ""}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"points": 0, "reason": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"points": -(balance + 1), "reason": "扣回"}),
            StatusCode::CONFLICT,
        ),
    ] {
        let resp = app.post_json(&club, &path, body).await.expect("post");
        assert_eq!(resp.status(), status);
    }
    let resp = app
        .post_json(&club, &path, json!({"points": 300, "reason": "活动补发"}))
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let detail = app
        .get_json(&club, &format!("/api/v1/club/members/{id}"))
        .await;
    assert_eq!(detail["member"]["points_balance"], balance + 300);
    assert_eq!(detail["entries"]["items"][0]["note"], "活动补发");
    assert_eq!(
        app.get_json(&li, "/api/v1/me/points").await["balance"],
        balance + 300
    );
    let resp = app
        .client
        .get(app.url("/api/v1/club/members/999999"))
        .bearer_auth(&club)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);

    // Rules: the club manager's, tiers in order.
    let rules = app.get_json(&club, "/api/v1/club/rules").await;
    assert!(
        rules
            .as_array()
            .expect("rules")
            .iter()
            .any(|r| r["key"] == "club.enrolment_points" && r["value"] == 200)
    );
    let put = |token: &str, key: &str, value: i64| {
        app.client
            .put(app.url(&format!("/api/v1/club/rules/{key}")))
            .bearer_auth(token)
            .json(&json!({ "value": value }))
            .send()
    };
    let resp = put(&club, "club.tier_gold_from", 1_000).await.expect("put");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"]["fields"][0]["code"], "tiers_out_of_order");
    let resp = put(&admin, "club.enrolment_points", 500)
        .await
        .expect("put");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = put(&club, "club.enrolment_points", 500).await.expect("put");
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .client
        .post(app.url("/api/v1/club/enrolments"))
        .json(&enrolment("13900009999"))
        .send()
        .await
        .expect("enrol");
    let joined: Value = resp.json().await.expect("json");
    assert_eq!(joined["points_balance"], 500, "the new rule applies");
    app.cleanup().await;
}

/// Past the club rule `club.enrolments_per_address_per_hour`, the API
/// answers 429 with `Retry-After` and the portal's form says why; nothing
/// is created either way.
#[tokio::test]
async fn enrolments_past_the_hourly_limit_per_address_are_refused() {
    let app = spawn_app().await;
    let (club, _) = app.tokens("club1").await;
    let resp = app
        .client
        .put(app.url("/api/v1/club/rules/club.enrolments_per_address_per_hour"))
        .bearer_auth(&club)
        .json(&json!({ "value": 1 }))
        .send()
        .await
        .expect("rule");
    assert_eq!(resp.status(), StatusCode::OK);
    let post = |mobile: &str| {
        app.client
            .post(app.url("/api/v1/club/enrolments"))
            .json(&enrolment(mobile))
            .send()
    };
    assert_eq!(
        post("13900009001").await.expect("1st").status(),
        StatusCode::CREATED
    );
    let resp = post("13900009002").await.expect("2nd");
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: i64 = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=3600).contains(&retry_after), "{retry_after}");
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "too_many_requests");

    let form = app
        .client
        .post(app.url("/join"))
        .form(&[
            ("name", "吴欣"),
            ("mobile", "13900009003"),
            ("password", "Join@2026"),
            ("birth_year", "1993"),
        ])
        .send()
        .await
        .expect("form");
    assert_eq!(form.status(), StatusCode::SEE_OTHER);
    let to = form
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        to.starts_with("/join?") && to.contains("error=throttled"),
        "{to}"
    );
    for mobile in ["13900009002", "13900009003"] {
        let (status, _) = app.api_login(mobile, "Join@2026").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{mobile} not created");
    }
    app.cleanup().await;
}
