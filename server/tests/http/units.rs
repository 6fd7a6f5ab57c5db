use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn reserving_a_unit_twice_is_409_and_the_grid_shows_it() {
    let app = spawn_app().await;
    let (sales1, _) = app.tokens("sales1").await;
    let (sales2, _) = app.tokens("sales2").await;
    let get = |token: &str, path: &str| app.client.get(app.url(path)).bearer_auth(token).send();
    let buildings: Value = get(&sales1, "/api/v1/buildings")
        .await
        .expect("b")
        .json()
        .await
        .expect("json");
    let building = buildings[0]["id"].as_i64().expect("id");
    let grid: Value = get(&sales1, &format!("/api/v1/buildings/{building}/grid"))
        .await
        .expect("grid")
        .json()
        .await
        .expect("json");
    let unit = grid["floors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["units"].as_array().cloned().unwrap_or_default())
        .find(|u| u["status"] == "available")
        .and_then(|u| u["id"].as_i64())
        .expect("an available unit");

    let mut buyers = Vec::new();
    for (token, mobile) in [(&sales1, "13766660001"), (&sales2, "13766660002")] {
        let c: Value = app
            .client
            .post(app.url("/api/v1/customers"))
            .bearer_auth(token)
            .json(&json!({"name": "买家", "mobile": mobile}))
            .send()
            .await
            .expect("customer")
            .json()
            .await
            .expect("json");
        buyers.push(c["id"].as_i64().expect("id"));
    }
    let reserve = |token: &str, buyer: i64| {
        app.client
            .post(app.url(&format!("/api/v1/units/{unit}/actions")))
            .bearer_auth(token)
            .json(&json!({"action": "reserve", "customer_id": buyer}))
            .send()
    };
    let (a, b) = tokio::join!(reserve(&sales1, buyers[0]), reserve(&sales2, buyers[1]));
    let statuses = [a.expect("a").status(), b.expect("b").status()];
    assert!(
        statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::CONFLICT),
        "{statuses:?}"
    );
    let again = reserve(&sales1, buyers[0]).await.expect("again");
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let body: Value = again.json().await.expect("json");
    assert_eq!(error_code(&body), "conflict");

    let (member, _) = app.tokens("13800000001").await;
    let refused = get(&member, "/api/v1/buildings").await.expect("member");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}
