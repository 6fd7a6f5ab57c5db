//! The knowledge base and notifications over HTTP: open reads, agent-only
//! writes with field errors, and each user's notifications their own.

use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn anyone_searches_the_knowledge_base_and_only_agents_write_it() {
    let app = spawn_app().await;
    let (member, _) = app.tokens("13800000001").await;
    let (agent, _) = app.tokens("service1").await;

    // A visitor, without a token.
    let resp = app
        .client
        .get(app.url("/api/v1/kb/articles?q=%E6%BC%8F%E6%B0%B4"))
        .send()
        .await
        .expect("search");
    assert_eq!(resp.status(), StatusCode::OK);
    let hits: Value = resp.json().await.expect("json");
    assert_eq!(hits[0]["title"], "卫生间或厨房漏水怎么办");
    let first = hits[0]["id"].as_i64().expect("id");
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/kb/articles/{first}")))
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = app
        .client
        .get(app.url("/api/v1/kb/suggestions?category=inquiry.fees&text="))
        .send()
        .await
        .expect("suggest");
    let suggested: Value = resp.json().await.expect("json");
    assert_eq!(suggested[0]["title"], "物业费如何缴纳");
    // A bad token is refused rather than read as a visitor.
    let resp = app
        .client
        .get(app.url("/api/v1/kb/articles"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .expect("bad token");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    let article = json!({"section": "faq", "title": "车位如何租赁", "body": "到物业前台登记。",
                         "keywords": "车位、停车", "published": false});
    let resp = app
        .post_json(&member, "/api/v1/kb/articles", article.clone())
        .await
        .expect("member");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = app
        .post_json(&agent, "/api/v1/kb/articles", json!({"section": "faq"}))
        .await
        .expect("bad");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_code(&body), "validation_failed");
    let resp = app
        .post_json(&agent, "/api/v1/kb/articles", article)
        .await
        .expect("create");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let created: Value = resp.json().await.expect("json");
    let id = created["id"].as_i64().expect("id");
    // A draft: 404 to a member, visible to the agent.
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/kb/articles/{id}")))
        .bearer_auth(&member)
        .send()
        .await
        .expect("draft");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let seen = app
        .get_json(&agent, &format!("/api/v1/kb/articles/{id}"))
        .await;
    assert_eq!(seen["published"], false);
    let resp = app
        .client
        .put(app.url(&format!("/api/v1/kb/articles/{id}")))
        .bearer_auth(&agent)
        .json(
            &json!({"section": "faq", "title": "车位如何租赁", "body": "到物业前台登记。",
                      "keywords": "车位", "published": true}),
        )
        .send()
        .await
        .expect("publish");
    assert_eq!(resp.status(), StatusCode::OK);
    let hits = app
        .get_json(&member, "/api/v1/kb/articles?q=%E8%BD%A6%E4%BD%8D")
        .await;
    assert_eq!(hits[0]["id"], id);
    app.cleanup().await;
}

#[tokio::test]
async fn members_read_their_notifications_and_nobody_elses() {
    let app = spawn_app().await;
    let (member, _) = app.tokens("13800000001").await;
    let (other, _) = app.tokens("13800000002").await;
    let (agent, _) = app.tokens("service1").await;
    let resp = app
        .post_json(
            &member,
            "/api/v1/me/tickets",
            json!({"kind": "inquiry", "category": "inquiry.fees", "title": "物业费能按季度交吗",
                   "description": "想改成按季度缴纳。"}),
        )
        .await
        .expect("open");
    let id = resp.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let resp = app
        .post_json(
            &agent,
            &format!("/api/v1/tickets/{id}/notes"),
            json!({"note": "可以，前台办理即可。", "public": true}),
        )
        .await
        .expect("reply");
    assert_eq!(resp.status(), StatusCode::OK);

    let page = app.get_json(&member, "/api/v1/me/notifications").await;
    assert_eq!(page["unread"], 1);
    assert_eq!(page["items"][0]["kind"], "ticket_step");
    assert_eq!(page["items"][0]["ticket_id"], id);
    let text = page["items"][0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("有新的回复"), "{text}");
    let nid = page["items"][0]["id"].as_i64().expect("id");

    let resp = app
        .post_json(
            &other,
            &format!("/api/v1/me/notifications/{nid}/read"),
            json!({}),
        )
        .await
        .expect("other");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let page = app.get_json(&other, "/api/v1/me/notifications").await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0));
    let resp = app
        .post_json(&member, "/api/v1/me/notifications/read", json!({}))
        .await
        .expect("all");
    assert_eq!(resp.json::<Value>().await.expect("json")["marked"], 1);
    let page = app.get_json(&member, "/api/v1/me/notifications").await;
    assert_eq!(page["unread"], 0);
    let resp = app
        .client
        .get(app.url("/api/v1/me/notifications"))
        .send()
        .await
        .expect("anonymous");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}

pub const TINY_PNG: [u8; 70] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xFC, 0xCF, 0xC0, 0x50,
    0x0F, 0x00, 0x04, 0x85, 0x01, 0x80, 0x84, 0xA9, 0x8C, 0x21, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[tokio::test]
async fn photos_and_reclassification_over_the_api() {
    let app = spawn_app().await;
    let (member, _) = app.tokens("13800000001").await;
    let (other, _) = app.tokens("13800000002").await;
    let (agent, _) = app.tokens("service1").await;
    let resp = app
        .post_json(
            &member,
            "/api/v1/me/tickets",
            json!({"kind": "repair", "category": "repair.walls_floors", "title": "地板起拱",
                   "description": "客厅木地板起拱约 2 厘米。"}),
        )
        .await
        .expect("open");
    let id = resp.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let upload = |token: &str, path: String, body: Vec<u8>| {
        app.client
            .post(app.url(&path))
            .bearer_auth(token)
            .header("content-type", "image/png")
            .body(body)
            .send()
    };
    // Claimed PNG, really text: 422, nothing stored.
    let resp = upload(
        &member,
        format!("/api/v1/me/tickets/{id}/photos"),
        b"hello".to_vec(),
    )
    .await
    .expect("fake");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"]["fields"][0]["code"], "not_an_image");
    let resp = upload(
        &other,
        format!("/api/v1/me/tickets/{id}/photos"),
        TINY_PNG.to_vec(),
    )
    .await
    .expect("other");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let resp = upload(
        &member,
        format!("/api/v1/me/tickets/{id}/photos"),
        TINY_PNG.to_vec(),
    )
    .await
    .expect("png");
    assert_eq!(resp.status(), StatusCode::CREATED);
    let photo = resp.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/tickets/{id}/photos/{photo}")))
        .bearer_auth(&agent)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert_eq!(resp.bytes().await.expect("bytes").as_ref(), &TINY_PNG[..]);
    let resp = app
        .client
        .get(app.url(&format!("/api/v1/me/tickets/{id}/photos/{photo}")))
        .bearer_auth(&other)
        .send()
        .await
        .expect("other get");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let seen = app
        .get_json(&member, &format!("/api/v1/me/tickets/{id}"))
        .await;
    assert_eq!(seen["photos"][0]["id"], photo);

    // Raised to urgent by the agent: due within 8 hours of receipt.
    let classify = |token: &str, body: Value| {
        app.client
            .put(app.url(&format!("/api/v1/tickets/{id}/classification")))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let resp = classify(
        &member,
        json!({"category": "repair.leaks", "priority": "urgent"}),
    )
    .await
    .expect("member");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = classify(
        &agent,
        json!({"category": "repair.leaks", "priority": "soon"}),
    )
    .await
    .expect("bad");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let resp = classify(
        &agent,
        json!({"category": "repair.leaks", "priority": "urgent"}),
    )
    .await
    .expect("urgent");
    assert_eq!(resp.status(), StatusCode::OK);
    let view: Value = resp.json().await.expect("json");
    assert_eq!(view["priority"], "urgent");
    assert_eq!(view["category"], "repair.leaks");
    app.cleanup().await;
}

#[tokio::test]
async fn the_inbox_pages_through_every_open_ticket_once() {
    let app = spawn_app().await;
    let (agent, _) = app.tokens("service1").await;
    let mut seen = std::collections::BTreeSet::new();
    let mut pages = 0;
    let mut path = "/api/v1/tickets".to_owned();
    loop {
        let page = app.get_json(&agent, &path).await;
        pages += 1;
        for t in page["items"].as_array().into_iter().flatten() {
            assert!(
                ["received", "dispatched", "in_progress"]
                    .contains(&t["status"].as_str().unwrap_or("")),
                "{t}"
            );
            assert!(
                seen.insert(t["id"].as_i64().expect("id")),
                "seen twice: {t}"
            );
        }
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/tickets?cursor={c}"),
            None => break,
        }
    }
    assert!(
        pages > 1,
        "the demo desk has more than one page of open tickets"
    );
    // Each status on its own adds up to the same tickets.
    let mut by_status = 0;
    for s in ["received", "dispatched", "in_progress"] {
        let mut path = format!("/api/v1/tickets?status={s}");
        loop {
            let page = app.get_json(&agent, &path).await;
            by_status += page["items"].as_array().map(Vec::len).unwrap_or(0);
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("/api/v1/tickets?status={s}&cursor={c}"),
                None => break,
            }
        }
    }
    assert_eq!(by_status, seen.len());
    let resp = app
        .client
        .get(app.url("/api/v1/tickets?cursor=yesterday"))
        .bearer_auth(&agent)
        .send()
        .await
        .expect("bad cursor");
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.cleanup().await;
}
