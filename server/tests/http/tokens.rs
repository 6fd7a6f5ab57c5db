use crate::helpers::{PASSWORD, error_code, spawn_app};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_fresh_token_reads_me() {
    let app = spawn_app().await;
    let (access, _) = app.tokens("13800000001").await;
    let resp = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&access)
        .send()
        .await
        .expect("me");
    assert_eq!(resp.status(), StatusCode::OK);
    let me: Value = resp.json().await.expect("json");
    assert_eq!(me["display_name"], "张伟");
    assert_eq!(me["roles"], json!(["member"]));
    app.cleanup().await;
}

#[tokio::test]
async fn missing_expired_and_forged_tokens_are_401() {
    let app = spawn_app().await;
    let (access, _) = app.tokens("sales1").await;
    let claims: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(access.split('.').nth(1).unwrap_or_default())
            .expect("payload"),
    )
    .expect("claims");

    // No token at all.
    let resp = app
        .client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("me");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "unauthenticated");

    // Tampered signature.
    let mut tampered = access.clone();
    let last = tampered.pop().unwrap_or('A');
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(app.get_me(&tampered).await, StatusCode::UNAUTHORIZED);

    // Tampered payload (claims another user) with the old signature.
    let mut forged = claims.clone();
    forged["sub"] = json!("1");
    let parts: Vec<&str> = access.split('.').collect();
    let forged_token = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(forged.to_string()),
        parts[2]
    );
    assert_eq!(app.get_me(&forged_token).await, StatusCode::UNAUTHORIZED);

    // alg: none.
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    assert_eq!(app.get_me(&none).await, StatusCode::UNAUTHORIZED);

    // Right key, wrong audience / issuer / type: each refused.
    let key = EncodingKey::from_secret(b"anju-test-secret-anju-test-secret");
    for (field, value) in [("aud", "someone-else"), ("iss", "evil"), ("typ", "refresh")] {
        let mut c = claims.clone();
        c[field] = json!(value);
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &c, &key).expect("encode");
        assert_eq!(
            app.get_me(&token).await,
            StatusCode::UNAUTHORIZED,
            "{field}"
        );
    }
    // The same claims re-signed with the right key do work: the refusals above
    // were about the claims, not the signing.
    let resigned =
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key).expect("encode");
    assert_eq!(app.get_me(&resigned).await, StatusCode::OK);

    // Expired: 15 minutes is the most an access token lives.
    app.state.svc.clock.advance(Duration::minutes(16));
    assert_eq!(app.get_me(&access).await, StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}

#[tokio::test]
async fn refresh_rotates_and_reuse_is_401_and_revokes() {
    let app = spawn_app().await;
    let (_, refresh) = app.tokens("service1").await;
    let rotate = |token: String| {
        let app = &app;
        async move {
            let resp = app
                .client
                .post(app.url("/api/v1/auth/refresh"))
                .json(&json!({ "refresh_token": token }))
                .send()
                .await
                .expect("refresh");
            let status = resp.status();
            (status, resp.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, body) = rotate(refresh.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let new_access = body["access_token"].as_str().unwrap_or_default().to_owned();
    let new_refresh = body["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(body["expires_in"].as_i64().unwrap_or(0) <= 900);
    assert_eq!(app.get_me(&new_access).await, StatusCode::OK);

    let (status, body) = rotate(refresh).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "token_invalid");
    // The whole family is gone: the rotated pair no longer works either.
    assert_eq!(rotate(new_refresh).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get_me(&new_access).await, StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}

#[tokio::test]
async fn disabling_a_user_ends_its_sessions() {
    let app = spawn_app().await;
    let (admin, _) = app.tokens("admin").await;
    let (eng, eng_refresh) = app.tokens("eng1").await;
    let users: Value = app
        .client
        .get(app.url("/api/v1/users?limit=200"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("users")
        .json()
        .await
        .expect("json");
    let eng_id = users["items"]
        .as_array()
        .and_then(|items| items.iter().find(|u| u["login"] == "eng1"))
        .and_then(|u| u["id"].as_i64())
        .expect("eng1 listed");
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/users/{eng_id}/disable")))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("disable");
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get_me(&eng).await, StatusCode::UNAUTHORIZED);
    let refreshed = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({ "refresh_token": eng_refresh }))
        .send()
        .await
        .expect("refresh");
    assert_eq!(refreshed.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.api_login("eng1", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    app.cleanup().await;
}

#[tokio::test]
async fn logout_ends_the_bearer_session() {
    let app = spawn_app().await;
    let (access, _) = app.tokens("club1").await;
    let resp = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(&access)
        .send()
        .await
        .expect("logout");
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get_me(&access).await, StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}

#[tokio::test]
async fn failed_logins_are_throttled_then_recover() {
    let app = spawn_app().await;
    let limit = app.state.svc.auth.throttle.max_failures_per_account;
    for _ in 0..limit {
        let (status, body) = app.api_login("mkt1", "Wrong@2026").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(&body), "invalid_credentials");
    }
    let resp = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "login": "mkt1", "password": PASSWORD }))
        .send()
        .await
        .expect("login");
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(resp.headers().get("retry-after").is_some());
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "too_many_requests");

    app.state
        .svc
        .clock
        .advance(app.state.svc.auth.throttle.window + Duration::seconds(1));
    assert_eq!(app.api_login("mkt1", PASSWORD).await.0, StatusCode::OK);
    app.cleanup().await;
}

#[tokio::test]
async fn bad_requests_get_stable_json_errors() {
    let app = spawn_app().await;
    let resp = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("login");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "bad_request");

    let (status, body) = app.api_login("", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["fields"][0]["field"], "login");

    // JSON of the wrong shape names the field; trailing bytes and a body
    // sent as text are not JSON at all.
    for (content_type, body, status) in [
        ("application/json", r#"{"login":5,"password":"x"}"#, 422),
        ("application/json", r#"{"login":"a","password":"x"} x"#, 400),
        ("text/plain", r#"{"login":"a","password":"x"}"#, 400),
    ] {
        let resp = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("login");
        assert_eq!(resp.status().as_u16(), status, "{content_type} {body}");
        let body: Value = resp.json().await.expect("json error");
        if status == 422 {
            assert_eq!(error_code(&body), "validation_failed");
            assert_eq!(body["error"]["details"]["field"], "login");
        } else {
            assert_eq!(error_code(&body), "bad_request");
            assert_eq!(body["error"]["details"]["location"], "body");
        }
    }

    // A path or query parameter that does not parse: 400 naming it, in the
    // API's JSON shape (axum alone answers in plain text).
    let (admin, _) = app.tokens("admin").await;
    for (path, location, parameter) in [
        ("/api/v1/customers/abc", "path", "id"),
        ("/api/v1/customers?limit=ten", "query", "limit"),
        (
            "/api/v1/customers/1/interactions?limit=-1",
            "query",
            "limit",
        ),
    ] {
        let resp = app
            .client
            .get(app.url(path))
            .bearer_auth(&admin)
            .send()
            .await
            .expect("get");
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{path}");
        let body: Value = resp.json().await.expect("json error");
        assert_eq!(error_code(&body), "bad_request", "{path}");
        assert_eq!(body["error"]["details"]["location"], location, "{path}");
        assert_eq!(body["error"]["details"]["parameter"], parameter, "{path}");
    }

    let resp = app
        .client
        .get(app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .expect("404");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "not_found");

    let big = "x".repeat(anju_server::MAX_BODY_BYTES + 10);
    let resp = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(format!("{{\"login\":\"{big}\",\"password\":\"x\"}}"))
        .send()
        .await
        .expect("big");
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    app.cleanup().await;
}
