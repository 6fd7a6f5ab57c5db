use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn marketing_sends_a_survey_and_a_member_answers_it_once() {
    let app = spawn_app().await;
    let (mkt, _) = app.tokens("mkt1").await;
    let (zhang, _) = app.tokens("13800000001").await;
    let (li, _) = app.tokens("13800000002").await;
    app.post_json(&mkt, "/api/v1/segments/recompute", json!({}))
        .await
        .expect("recompute");

    let resp = app
        .post_json(&zhang, "/api/v1/surveys", json!({"title": "x"}))
        .await
        .expect("member");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = app
        .post_json(
            &mkt,
            "/api/v1/surveys",
            json!({"title": "业主满意度调查", "intro": "三分钟"}),
        )
        .await
        .expect("create");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let id = resp.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let resp = app
        .post_json(
            &mkt,
            &format!("/api/v1/surveys/{id}/questions"),
            json!({"prompt": "最满意", "kind": "single", "options": "物业", "required": true}),
        )
        .await
        .expect("bad question");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let survey: Value = app
        .post_json(
            &mkt,
            &format!("/api/v1/surveys/{id}/questions"),
            json!({"prompt": "总体满意度", "kind": "scale", "required": true, "measure": "satisfaction"}),
        )
        .await
        .expect("question")
        .json()
        .await
        .expect("json");
    let question = survey["questions"][0]["id"].as_i64().expect("question id");
    let everyone =
        json!({"segments": ["top", "high", "middle", "low", "potential", "watching", "inactive"]});
    let sent: Value = app
        .post_json(&mkt, &format!("/api/v1/surveys/{id}/send"), everyone)
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert!(sent["invited"].as_i64().expect("invited") >= 2, "{sent}");

    let mine = app.get_json(&zhang, "/api/v1/me/surveys").await;
    let invitation = mine[0]["invitation_id"].as_i64().expect("invitation");
    assert_eq!(mine[0]["title"], "业主满意度调查");
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/me/surveys/{invitation}")))
        .bearer_auth(&li)
        .send()
        .await
        .expect("other");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND, "another member's");
    let path = format!("/api/v1/me/surveys/{invitation}/answers");
    let resp = app
        .post_json(
            &zhang,
            &path,
            json!([{"question_id": question, "value": "9"}]),
        )
        .await
        .expect("bad answer");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = |key: &'static str| {
        app.client
            .post(app.url(&path))
            .bearer_auth(&zhang)
            .header("Idempotency-Key", key)
            .json(&json!([{"question_id": question, "value": "5"}]))
            .send()
    };
    let first = answer("a-1").await.expect("answer");
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.expect("json");
    assert!(first["answered_at"].is_string());
    let retry: Value = answer("a-1")
        .await
        .expect("retry")
        .json()
        .await
        .expect("json");
    assert_eq!(retry, first);
    let again = answer("a-2").await.expect("again");
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(&again.json().await.expect("json")), "conflict");

    let results = app
        .get_json(&mkt, &format!("/api/v1/surveys/{id}/results"))
        .await;
    assert_eq!(results["survey"]["responses"], 1);
    assert_eq!(results["questions"][0]["counts"], json!([0, 0, 0, 0, 1]));
    assert_eq!(results["rates"]["satisfaction_bp"], 10_000);
    app.cleanup().await;
}
