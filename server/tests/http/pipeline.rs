use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn opportunities_move_through_the_api_with_json_errors_and_scopes() {
    let app = spawn_app().await;
    let (sales1, _) = app.tokens("sales1").await;
    let (sales2, _) = app.tokens("sales2").await;
    let (member, _) = app.tokens("13800000001").await;
    let customer: Value = app
        .post_json(
            &sales1,
            "/api/v1/customers",
            json!({"name": "钱多多", "mobile": "13788880001"}),
        )
        .await
        .expect("c")
        .json()
        .await
        .expect("json");
    let customer = customer["id"].as_i64().expect("id");
    let projects = app.get_json(&sales1, "/api/v1/projects").await;
    let project = projects[0]["id"].as_i64().expect("project");

    let body =
        json!({"customer_id": customer, "project_id": project, "expected_amount": "5800000"});
    let created = app
        .post_json(&sales1, "/api/v1/opportunities", body.clone())
        .await
        .expect("create");
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.expect("json");
    let id = created["id"].as_i64().expect("id");
    assert_eq!(created["stage"], "visit");
    assert_eq!(created["expected_amount"], 580_000_000);

    let dup = app
        .post_json(&sales1, "/api/v1/opportunities", body)
        .await
        .expect("dup");
    assert_eq!(dup.status(), StatusCode::CONFLICT);
    let dup: Value = dup.json().await.expect("json");
    assert_eq!(dup["error"]["details"]["existing_id"], id);

    let stage = format!("/api/v1/opportunities/{id}/stage");
    let lost = app
        .post_json(&sales1, &stage, json!({"stage": "lost"}))
        .await
        .expect("lost");
    assert_eq!(lost.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let lost: Value = lost.json().await.expect("json");
    assert_eq!(lost["error"]["fields"][0]["field"], "lost_reason");
    let deal = app
        .post_json(&sales1, &stage, json!({"stage": "deal"}))
        .await
        .expect("deal");
    assert_eq!(deal.status(), StatusCode::CONFLICT);
    let deal: Value = deal.json().await.expect("json");
    assert_eq!(deal["error"]["details"]["reason"], "deal_needs_contract");
    let moved = app
        .post_json(&sales1, &stage, json!({"stage": "pre_deal"}))
        .await
        .expect("move");
    assert_eq!(moved.status(), StatusCode::OK);

    let board = app.get_json(&sales1, "/api/v1/opportunities").await;
    let pre_deal = board["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["stage"] == "pre_deal")
        .expect("column");
    assert!(
        pre_deal["cards"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["id"] == id)
    );
    let summary = app.get_json(&sales1, "/api/v1/pipeline/summary").await;
    assert_eq!(summary["funnel"][0]["stage"], "visit");
    let bad_date = app
        .client
        .get(app.url("/api/v1/pipeline/summary?since=yesterday"))
        .bearer_auth(&sales1)
        .send()
        .await
        .expect("bad");
    assert_eq!(bad_date.status(), StatusCode::BAD_REQUEST);

    // Out of scope is 404, the wrong role 403 — both as JSON errors.
    let other = app
        .client
        .get(app.url(&format!("/api/v1/customers/{customer}/opportunities")))
        .bearer_auth(&sales2)
        .send()
        .await
        .expect("other");
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let moved_by_other = app
        .post_json(&sales2, &stage, json!({"stage": "intent"}))
        .await
        .expect("x");
    assert_eq!(moved_by_other.status(), StatusCode::NOT_FOUND);
    let as_member = app
        .client
        .get(app.url("/api/v1/opportunities"))
        .bearer_auth(&member)
        .send()
        .await
        .expect("member");
    assert_eq!(as_member.status(), StatusCode::FORBIDDEN);
    let body: Value = as_member.json().await.expect("json");
    assert_eq!(error_code(&body), "forbidden");
    app.cleanup().await;
}

#[tokio::test]
async fn a_big_discount_blocks_the_contract_until_a_manager_approves() {
    let app = spawn_app().await;
    let (sales1, _) = app.tokens("sales1").await;
    let (sales2, _) = app.tokens("sales2").await;
    let (manager, _) = app.tokens("manager1").await;
    let (admin, _) = app.tokens("admin").await;
    let customer: Value = app
        .post_json(
            &sales1,
            "/api/v1/customers",
            json!({"name": "孙悦", "mobile": "13788880002"}),
        )
        .await
        .expect("c")
        .json()
        .await
        .expect("json");
    let customer = customer["id"].as_i64().expect("id");
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
        .expect("available unit");
    let (unit_id, list_fen) = (
        unit["id"].as_i64().expect("id"),
        unit["list_price"].as_i64().expect("price"),
    );
    let actions = format!("/api/v1/units/{unit_id}/actions");
    let ten_percent = list_fen / 10;
    let reserve = app.post_json(
        &sales1,
        &actions,
        json!({"action": "reserve", "customer_id": customer,
               "discount": format!("{}.{:02}", ten_percent / 100, ten_percent % 100), "deposit": "50000"}),
    )
    .await
    .expect("reserve");
    assert_eq!(reserve.status(), StatusCode::OK);

    let refused = app
        .post_json(&sales1, &actions, json!({"action": "contract"}))
        .await
        .expect("contract");
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let refused: Value = refused.json().await.expect("json");
    assert_eq!(
        refused["error"]["details"]["reason"],
        "discount_not_approved"
    );

    let approvals = app.get_json(&manager, "/api/v1/approvals").await;
    let item = approvals
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["customer_id"] == customer)
        .expect("in the manager's queue");
    assert_eq!(item["discount_bp"], 1000);
    let deal_id = item["deal_id"].as_i64().expect("deal");
    let by_sales = app
        .post_json(
            &sales1,
            &format!("/api/v1/deals/{deal_id}/discount-decision"),
            json!({"approve": true}),
        )
        .await
        .expect("x");
    assert_eq!(by_sales.status(), StatusCode::FORBIDDEN);
    let approved = app
        .post_json(
            &manager,
            &format!("/api/v1/deals/{deal_id}/discount-decision"),
            json!({"approve": true, "note": "老业主推荐"}),
        )
        .await
        .expect("approve");
    assert_eq!(approved.status(), StatusCode::OK);
    let contract = app
        .post_json(&sales1, &actions, json!({"action": "contract"}))
        .await
        .expect("contract");
    assert_eq!(contract.status(), StatusCode::OK);

    let payment = json!({"amount": "100000", "received_on": "2026-11-23", "method": "transfer", "reference": "BANK-001"});
    for _ in 0..2 {
        let paid = app
            .post_json(
                &sales1,
                &format!("/api/v1/deals/{deal_id}/payments"),
                payment.clone(),
            )
            .await
            .expect("pay");
        assert_eq!(paid.status(), StatusCode::CREATED);
        let deal: Value = paid.json().await.expect("json");
        assert_eq!(deal["paid"], 10_000_000, "a retry adds nothing");
        assert_eq!(deal["status"], "contracted");
    }
    let deal = app
        .get_json(&sales1, &format!("/api/v1/deals/{deal_id}"))
        .await;
    assert_eq!(deal["price"], list_fen - ten_percent);
    let hidden = app
        .client
        .get(app.url(&format!("/api/v1/deals/{deal_id}")))
        .bearer_auth(&sales2)
        .send()
        .await
        .expect("hidden");
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);

    // Settings are for administrators, and range-checked.
    let settings = app.get_json(&admin, "/api/v1/settings").await;
    assert_eq!(settings[0]["key"], "sales.discount_approval_bp");
    assert_eq!(settings[0]["value"], 300);
    let out_of_range = app
        .client
        .put(app.url("/api/v1/settings/sales.discount_approval_bp"))
        .bearer_auth(&admin)
        .json(&json!({"value": 20000}))
        .send()
        .await
        .expect("put");
    assert_eq!(out_of_range.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let by_sales = app
        .client
        .get(app.url("/api/v1/settings"))
        .bearer_auth(&sales1)
        .send()
        .await
        .expect("get");
    assert_eq!(by_sales.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}
