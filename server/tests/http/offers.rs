use crate::helpers::{TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_member_claims_a_coupon_and_the_merchant_redeems_it_once() {
    let app = spawn_app().await;
    let (zhang, _) = app.tokens("13800000001").await;
    let (li, _) = app.tokens("13800000002").await;
    let (counter, _) = app.tokens("merchant1").await;
    let (club, _) = app.tokens("club1").await;

    let offers = app.get_json(&zhang, "/api/v1/offers?category=餐饮").await;
    let list = offers.as_array().expect("offers");
    assert!(list.len() >= 3 && list.iter().all(|o| o["category"] == "餐饮"));
    let coffee = list
        .iter()
        .find(|o| o["merchant_name"] == "星河咖啡")
        .expect("coffee offer");
    let id = coffee["id"].as_i64().expect("id");
    let claim = |token: &str, key: &str| {
        app.client
            .post(app.url(&format!("/api/v1/offers/{id}/coupons")))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .send()
    };
    let resp = claim(&zhang, "c-1").await.expect("claim");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let coupon: Value = resp.json().await.expect("json");
    let again: Value = claim(&zhang, "c-1")
        .await
        .expect("retry")
        .json()
        .await
        .expect("json");
    assert_eq!(coupon, again, "a retried claim is the same coupon");
    let code = coupon["code"].as_str().expect("code").to_owned();
    assert_eq!(
        app.get_json(&zhang, "/api/v1/me/coupons")
            .await
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(app.get_json(&li, "/api/v1/me/coupons").await, json!([]));

    // The QR code: the holder's, nobody else's.
    let cookie = app.browser_login("13800000001").await;
    let qr = app
        .client
        .get(app.url(&format!("/me/coupons/{code}/qr.svg")))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("qr");
    assert_eq!(qr.status(), StatusCode::OK);
    assert!(qr.text().await.expect("svg").contains("<svg"));
    let li_cookie = app.browser_login("13800000002").await;
    let qr = app
        .client
        .get(app.url(&format!("/me/coupons/{code}/qr.svg")))
        .header("cookie", &li_cookie)
        .send()
        .await
        .expect("qr");
    assert_eq!(qr.status(), StatusCode::NOT_FOUND);

    // The counter: bad code 422, verify, redeem once, second 409.
    let resp = post_code(&app, &counter, "/api/v1/merchant/redemptions", "12").await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let seen: Value = post_code(
        &app,
        &counter,
        "/api/v1/merchant/verifications",
        &code.to_lowercase(),
    )
    .await
    .json()
    .await
    .expect("json");
    assert_eq!(seen["status"], "valid");
    assert_eq!(seen["member_name"], "张*");
    for token in [&zhang, &club] {
        let resp = post_code(&app, token, "/api/v1/merchant/redemptions", &code).await;
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    }
    let resp = post_code(&app, &counter, "/api/v1/merchant/redemptions", &code).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let resp = post_code(&app, &counter, "/api/v1/merchant/redemptions", &code).await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "conflict");
    assert_eq!(body["error"]["details"]["reason"], "coupon_used");
    let history = app.get_json(&counter, "/api/v1/merchant/redemptions").await;
    assert_eq!(history["total"], 1);
    assert_eq!(history["items"][0]["code"], code.as_str());
    let mine = app.get_json(&zhang, "/api/v1/me/coupons").await;
    assert_eq!(mine[0]["status"], "used");

    // A gold-only offer is refused to a silver member.
    let gold = app
        .get_json(&zhang, "/api/v1/offers")
        .await
        .as_array()
        .expect("offers")
        .iter()
        .find(|o| o["min_tier"] == "gold")
        .expect("a gold offer")
        .clone();
    assert_eq!(gold["eligible"], false);
    let resp = app
        .post_json(
            &zhang,
            &format!("/api/v1/offers/{}/coupons", gold["id"]),
            json!({}),
        )
        .await
        .expect("claim");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.cleanup().await;
}

#[tokio::test]
async fn the_club_manager_keeps_merchants_and_offers() {
    let app = spawn_app().await;
    let (club, _) = app.tokens("club1").await;
    let (zhang, _) = app.tokens("13800000001").await;
    let merchants = app.get_json(&club, "/api/v1/merchants").await;
    assert!(merchants.as_array().expect("list").len() >= 20);
    let resp = app
        .post_json(
            &club,
            "/api/v1/merchants",
            json!({"name": "", "category": "餐饮"}),
        )
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let resp = app
        .post_json(
            &club,
            "/api/v1/merchants",
            json!({"name": "山野茶舍", "category": "餐饮", "active": true}),
        )
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let shop: Value = resp.json().await.expect("json");
    let offer = json!({
        "merchant_id": shop["id"], "title": "茶饮买一送一", "discount": "买一送一",
        "min_tier": "basic", "valid_from": "2026-11-01", "valid_until": "2027-01-31",
        "per_member_limit": 1, "total_quantity": 50, "active": true
    });
    let resp = app
        .post_json(&zhang, "/api/v1/offers", offer.clone())
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = app
        .post_json(&club, "/api/v1/offers", offer)
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let seen = app.get_json(&zhang, "/api/v1/offers?category=餐饮").await;
    assert!(
        seen.as_array()
            .expect("offers")
            .iter()
            .any(|o| o["title"] == "茶饮买一送一" && o["remaining"] == 50)
    );
    app.cleanup().await;
}

async fn post_code(app: &TestApp, token: &str, path: &str, code: &str) -> reqwest::Response {
    app.post_json(token, path, json!({ "code": code }))
        .await
        .expect("post")
}
