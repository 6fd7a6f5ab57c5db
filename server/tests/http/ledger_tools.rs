use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn managers_merge_duplicates_over_the_api_and_undo_it() {
    let app = spawn_app().await;
    let (sales1, _) = app.tokens("sales1").await;
    let (manager, _) = app.tokens("manager1").await;
    let mut ids = Vec::new();
    for mobile in ["13755590001", "13755590002"] {
        let resp = app
            .post_json(
                &sales1,
                "/api/v1/customers",
                json!({"name": "陈晓", "mobile": mobile}),
            )
            .await
            .expect("create");
        assert_eq!(resp.status(), StatusCode::CREATED);
        let body: Value = resp.json().await.expect("json");
        ids.push(body["id"].as_i64().expect("id"));
    }
    let (keep, dup) = (ids[0], ids[1]);
    let found = app
        .get_json(&manager, &format!("/api/v1/customers/{keep}/duplicates"))
        .await;
    assert!(
        found
            .as_array()
            .expect("list")
            .iter()
            .any(|c| c["id"] == json!(dup) && c["reasons"] == json!(["same_name"])),
        "{found}"
    );
    let request = json!({"survivor_id": keep, "merged_id": dup});
    let resp = app
        .post_json(&sales1, "/api/v1/customers/merges", request.clone())
        .await
        .expect("merge");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = app
        .post_json(&manager, "/api/v1/customers/merges", request)
        .await
        .expect("merge");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let merged: Value = resp.json().await.expect("json");
    let merge_id = merged["id"].as_i64().expect("merge id");
    assert_eq!(merged["merged_mobile"], "13755590002");

    let resp = app
        .client
        .get(app.url(&format!("/api/v1/customers/{dup}")))
        .bearer_auth(&manager)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let list = app
        .get_json(&manager, &format!("/api/v1/customers/{keep}/merges"))
        .await;
    assert_eq!(list[0]["id"], json!(merge_id));

    let undo = format!("/api/v1/customers/merges/{merge_id}/undo");
    let resp = app
        .post_json(&manager, &undo, json!({}))
        .await
        .expect("undo");
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .post_json(&manager, &undo, json!({}))
        .await
        .expect("undo again");
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"]["details"]["reason"], "merge_already_undone");
    let back = app
        .get_json(&manager, &format!("/api/v1/customers/{dup}"))
        .await;
    assert_eq!(back["mobile"], "13755590002");
    app.cleanup().await;
}

#[tokio::test]
async fn a_gbk_csv_uploads_maps_runs_and_reports_over_the_api() {
    let app = spawn_app().await;
    let (manager, _) = app.tokens("manager1").await;
    let (sales1, _) = app.tokens("sales1").await;
    let csv = "姓名,手机,来源\n赵敏,13766620001,网络广告\n周芷若,123,朋友推荐\n";
    let gbk = encoding_rs::GBK.encode(csv).0.into_owned();
    let upload = |token: &str, body: Vec<u8>| {
        app.client
            .post(app.url("/api/v1/customer-imports?file_name=leads.csv"))
            .bearer_auth(token)
            .header("content-type", "text/csv")
            .body(body)
            .send()
    };
    let resp = upload(&sales1, gbk.clone()).await.expect("upload");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = upload(&manager, gbk).await.expect("upload");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let view: Value = resp.json().await.expect("json");
    assert_eq!(view["encoding"], "gbk");
    assert_eq!(view["total_rows"], 2);
    assert_eq!(
        view["mapping"],
        json!({"name": 0, "mobile": 1, "source_channel": 2})
    );
    let id = view["id"].as_i64().expect("id");

    let resp = upload(&manager, b"name,mobile\n".to_vec())
        .await
        .expect("upload");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(
        body["error"]["fields"][0],
        json!({"field": "file", "code": "empty"})
    );

    let start = format!("/api/v1/customer-imports/{id}/start");
    let resp = app
        .post_json(&manager, &start, json!({"mapping": {"name": 0}}))
        .await
        .expect("start");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "validation_failed");
    assert_eq!(
        body["error"]["fields"][0],
        json!({"field": "mobile", "code": "column_required"})
    );
    let resp = app
        .post_json(&manager, &start, json!({"mapping": view["mapping"]}))
        .await
        .expect("start");
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
    // The server's background runner does this; the test router has none.
    let db = &app.state.svc.db;
    assert!(
        anju_domain::customers::import::run(db, id, None, chrono::Utc::now)
            .await
            .expect("run")
    );
    let done = app
        .get_json(&manager, &format!("/api/v1/customer-imports/{id}"))
        .await;
    assert_eq!(done["status"], "done");
    assert_eq!(
        (done["created"].as_i64(), done["errors"].as_i64()),
        (Some(1), Some(1))
    );
    let report = app
        .get_json(&manager, &format!("/api/v1/customer-imports/{id}/report"))
        .await;
    assert_eq!(
        report["items"],
        json!([{"row_no": 2, "outcome": "error", "customer_id": null,
                "problems": [{"field": "mobile", "code": "invalid_mobile"}]}])
    );
    let mine = app.get_json(&sales1, "/api/v1/customer-imports").await;
    assert_eq!(error_code(&mine), "forbidden");
    app.cleanup().await;
}

#[tokio::test]
async fn exports_hold_only_what_the_caller_sees_and_the_browser_uploads_a_form() {
    let app = spawn_app().await;
    let (sales1, _) = app.tokens("sales1").await;
    let (sales2, _) = app.tokens("sales2").await;
    for (token, name, mobile) in [
        (&sales1, "=HYPERLINK(1)", "13755591001"),
        (&sales2, "别人的客户", "13755591002"),
    ] {
        let resp = app
            .post_json(
                token,
                "/api/v1/customers",
                json!({"name": name, "mobile": mobile}),
            )
            .await
            .expect("create");
        assert_eq!(resp.status(), StatusCode::CREATED);
    }
    let resp = app
        .client
        .get(app.url("/api/v1/customers/export"))
        .bearer_auth(&sales1)
        .send()
        .await
        .expect("export");
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    let bytes = resp.bytes().await.expect("body");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("13755591001"));
    assert!(
        text.contains("'=HYPERLINK(1)"),
        "formula neutralised: {text}"
    );
    assert!(
        !text.contains("13755591002"),
        "another salesperson's customer leaked"
    );

    // The browser: cookie session, multipart upload, then a redirect.
    let cookie = app.browser_login("manager1").await;
    let resp = app
        .client
        .get(app.url("/console/customers/export.csv?q=1375559"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("export");
    assert_eq!(resp.status(), StatusCode::OK);
    let boundary = "anjuboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\
         Content-Type: text/csv\r\n\r\nname,mobile\r\n张无忌,13755592001\r\n--{boundary}--\r\n"
    );
    let resp = app
        .client
        .post(app.url("/console/customers/import/upload"))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("upload");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let location = resp.headers()["location"].to_str().unwrap_or_default();
    assert!(
        location.starts_with("/console/customers/import/"),
        "{location}"
    );
    assert_eq!(
        app.page_status(location, Some(&cookie)).await,
        StatusCode::OK
    );
    app.cleanup().await;
}
