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

#[tokio::test]
async fn members_see_published_projects_only_and_never_a_buyer() {
    let app = spawn_app().await;
    let (admin, _) = app.tokens("admin").await;
    let (member, _) = app.tokens("13800000001").await;
    let (sales1, _) = app.tokens("sales1").await;

    let listings = app.get_json(&member, "/api/v1/listings").await;
    let names: Vec<&str> = listings
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["安居·滨江府", "安居·云栖苑"]);
    // The demo has sold units in 滨江府: shown as sold, with no price and no buyer.
    let building = listings[0]["buildings"][0]["id"].as_i64().expect("id");
    let grid = app
        .get_json(&member, &format!("/api/v1/listings/buildings/{building}"))
        .await;
    let units: Vec<Value> = grid["floors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["units"].as_array().cloned().unwrap_or_default())
        .collect();
    let sold = units
        .iter()
        .find(|u| u["for_sale"] == false)
        .expect("a sold unit");
    assert_eq!(sold["list_price"], Value::Null);
    assert!(
        units
            .iter()
            .any(|u| u["for_sale"] == true && u["list_price"].is_i64())
    );
    let text = grid.to_string();
    assert!(
        !text.contains("customer") && !text.contains("\"id\""),
        "{text}"
    );

    // A new project starts unpublished: invisible to members until published.
    let resp = app
        .post_json(
            &admin,
            "/api/v1/projects",
            json!({"code": "HXY", "name": "安居·和煦苑", "city": "广州", "district": "天河区"}),
        )
        .await
        .expect("project");
    let project = resp.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let created: Value = app
        .post_json(
            &admin,
            "/api/v1/buildings",
            json!({"project_id": project, "name": "1栋", "floors": 2, "units_per_floor": 2,
                   "unit_types": [{"layout": "三室两厅", "area": "89.5"}], "price_per_m2": "40000"}),
        )
        .await
        .expect("building")
        .json()
        .await
        .expect("json");
    let hidden = format!("/api/v1/listings/buildings/{}", created["id"]);
    let resp = app
        .client
        .get(app.url(&hidden))
        .bearer_auth(&member)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_json(&member, "/api/v1/listings")
            .await
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    let publish = |token: &str, status: &str| {
        app.client
            .put(app.url(&format!("/api/v1/projects/{project}/status")))
            .bearer_auth(token)
            .json(&json!({ "status": status }))
            .send()
    };
    assert_eq!(
        publish(&sales1, "presale").await.expect("put").status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        publish(&admin, "launched").await.expect("put").status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        publish(&admin, "presale").await.expect("put").status(),
        StatusCode::NO_CONTENT
    );
    let shown = app.get_json(&member, &hidden).await;
    assert_eq!(shown["building_name"], "1栋");
    assert_eq!(shown["floors"][0]["units"][0]["for_sale"], true);
    assert_eq!(
        app.get_json(&member, "/api/v1/listings").await[2]["status"],
        "presale"
    );

    // Listings are the members' view; staff use the 销控表.
    let resp = app
        .client
        .get(app.url("/api/v1/listings"))
        .bearer_auth(&sales1)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}

async fn csv_of(app: &crate::helpers::TestApp, token: &str, path: &str) -> (StatusCode, String) {
    let resp = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    let status = resp.status();
    if status == StatusCode::OK {
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap_or_default()
                .starts_with("text/csv")
        );
        assert!(
            resp.headers()["content-disposition"]
                .to_str()
                .unwrap_or_default()
                .contains("filename*=UTF-8''"),
        );
    }
    let bytes = resp.bytes().await.expect("body");
    if status == StatusCode::OK {
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    }
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn pipeline_deals_and_grid_export_only_what_the_caller_sees() {
    let app = spawn_app().await;
    let (sales1, _) = app.tokens("sales1").await;
    let (sales2, _) = app.tokens("sales2").await;
    let (member, _) = app.tokens("13800000001").await;
    let projects = app.get_json(&sales1, "/api/v1/projects").await;
    let project = projects[0]["id"].as_i64().expect("project");
    let mut buyers = Vec::new();
    for (token, name, mobile) in [
        (&sales1, "=出口甲", "13766670001"),
        (&sales2, "出口乙", "13766670002"),
    ] {
        let c: Value = app
            .post_json(
                token,
                "/api/v1/customers",
                json!({"name": name, "mobile": mobile}),
            )
            .await
            .expect("customer")
            .json()
            .await
            .expect("json");
        let id = c["id"].as_i64().expect("id");
        let resp = app
            .post_json(
                token,
                "/api/v1/opportunities",
                json!({"customer_id": id, "project_id": project, "stage": "intent", "expected_amount": "3000000"}),
            )
            .await
            .expect("opportunity");
        assert_eq!(resp.status(), StatusCode::CREATED);
        buyers.push(id);
    }
    let (status, text) = csv_of(&app, &sales1, "/api/v1/opportunities/export").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text.contains("'=出口甲") && text.contains("3000000.00"),
        "{text}"
    );
    assert!(
        !text.contains("出口乙"),
        "another salesperson's opportunity leaked"
    );
    let (_, english) = csv_of(&app, &sales1, "/api/v1/opportunities/export?lang=en").await;
    assert!(english.contains("Customer,Project,Stage"), "{english}");

    // A reservation by sales1 appears in sales1's deal export only.
    let buildings = app.get_json(&sales1, "/api/v1/buildings").await;
    let building = buildings[0]["id"].as_i64().expect("building");
    let grid = app
        .get_json(&sales1, &format!("/api/v1/buildings/{building}/grid"))
        .await;
    let unit = grid["floors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["units"].as_array().cloned().unwrap_or_default())
        .find(|u| u["status"] == "available")
        .expect("available");
    let resp = app
        .post_json(
            &sales1,
            &format!("/api/v1/units/{}/actions", unit["id"]),
            json!({"action": "reserve", "customer_id": buyers[0], "deposit": "50000"}),
        )
        .await
        .expect("reserve");
    assert_eq!(resp.status(), StatusCode::OK);
    let (status, deals) = csv_of(&app, &sales1, "/api/v1/deals/export").await;
    assert_eq!(status, StatusCode::OK);
    let number = unit["number"].as_str().expect("number");
    let row = deals
        .lines()
        .find(|l| l.contains("'=出口甲"))
        .unwrap_or_else(|| panic!("deal row missing: {deals}"));
    assert!(
        row.contains(number) && row.contains("50000.00") && row.contains("已认购"),
        "{row}"
    );
    let (_, others) = csv_of(&app, &sales2, "/api/v1/deals/export").await;
    assert!(!others.contains("出口甲"));

    // The 销控表: one row per unit, the buyer's name only for those in scope.
    let (status, sheet) = csv_of(
        &app,
        &sales1,
        &format!("/api/v1/buildings/{building}/export"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let units = grid["floors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["units"].as_array().map(Vec::len).unwrap_or(0))
        .sum::<usize>();
    assert_eq!(
        sheet.lines().count(),
        units + 1,
        "header + one row per unit"
    );
    assert!(sheet.contains("'=出口甲"));
    let (_, theirs) = csv_of(
        &app,
        &sales2,
        &format!("/api/v1/buildings/{building}/export"),
    )
    .await;
    assert!(
        !theirs.contains("出口甲"),
        "sales2 may not see sales1's buyer"
    );

    for path in ["/api/v1/opportunities/export", "/api/v1/deals/export"] {
        assert_eq!(
            csv_of(&app, &member, path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let (status, _) = csv_of(&app, &sales1, "/api/v1/buildings/999999/export").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The console's links use the cookie session.
    let cookie = app.browser_login("manager1").await;
    // The manager sees the team: both salespeople's records.
    for (path, expected) in [
        (
            "/console/pipeline/export.csv".to_owned(),
            &["出口甲", "出口乙"][..],
        ),
        (
            format!("/console/pipeline/export.csv?project={project}"),
            &["出口甲", "出口乙"],
        ),
        ("/console/deals/export.csv".to_owned(), &["出口甲"]),
        (format!("/console/units/{building}/export.csv"), &["出口甲"]),
    ] {
        let resp = app
            .client
            .get(app.url(&path))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("get");
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let text = resp.text().await.expect("text");
        for name in expected {
            assert!(text.contains(name), "{path} lacks {name}");
        }
    }
    app.cleanup().await;
}
