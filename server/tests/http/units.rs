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

#[tokio::test]
async fn an_admin_creates_a_project_and_a_building_with_its_units() {
    let app = crate::helpers::spawn_app().await;
    let (admin, _) = app.tokens("admin").await;
    let (sales1, _) = app.tokens("sales1").await;
    let project = serde_json::json!({"code": "HXY", "name": "安居·和煦苑", "city": "广州", "district": "天河区"});
    let resp = app
        .post_json(&sales1, "/api/v1/projects", project.clone())
        .await
        .expect("project");
    assert_eq!(resp.status(), reqwest::StatusCode::FORBIDDEN);
    let resp = app
        .post_json(&admin, "/api/v1/projects", project)
        .await
        .expect("project");
    assert_eq!(resp.status(), reqwest::StatusCode::CREATED);
    let id = resp.json::<serde_json::Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let plan = serde_json::json!({
        "project_id": id, "name": "1栋", "floors": 10, "units_per_floor": 4,
        "unit_types": [{"layout": "三室两厅", "area": "89.5"}],
        "price_per_m2": "40000",
    });
    let resp = app
        .post_json(
            &admin,
            "/api/v1/buildings",
            serde_json::json!({"project_id": id, "name": "", "floors": 0}),
        )
        .await
        .expect("bad");
    assert_eq!(resp.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let resp = app
        .post_json(&admin, "/api/v1/buildings", plan.clone())
        .await
        .expect("building");
    assert_eq!(resp.status(), reqwest::StatusCode::CREATED);
    let created: serde_json::Value = resp.json().await.expect("json");
    assert_eq!(created["units"], 40);
    let grid = app
        .get_json(
            &sales1,
            &format!("/api/v1/buildings/{}/grid", created["id"]),
        )
        .await;
    assert_eq!(grid["floors"].as_array().map(Vec::len), Some(10));
    assert_eq!(grid["floors"][0]["units"][0]["number"], "1001");
    let resp = app
        .post_json(&admin, "/api/v1/buildings", plan)
        .await
        .expect("again");
    assert_eq!(resp.status(), reqwest::StatusCode::CONFLICT);
    app.cleanup().await;
}
