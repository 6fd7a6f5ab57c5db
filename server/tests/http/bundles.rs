//! Which browser bundle each page loads (`app/src/bundle.rs`), and the
//! portal's islands pages working as plain HTML: their forms post to a
//! server function, which sends the browser back to the page.

use crate::helpers::spawn_app;
use anju_domain::entity::{referral, reward, ticket, user};
use anju_types::notification::NotificationKind;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// The bundle the page's `modulepreload` link names.
fn bundle_of(html: &str) -> Option<&str> {
    let at = html.find("rel=\"modulepreload\"")?;
    let link = &html[html[..at].rfind('<')?..];
    let start = link.find("/pkg/")? + "/pkg/".len();
    let end = start + link[start..].find(".js")?;
    Some(&link[start..end])
}

/// The page's HTML without the comments rendering puts between text nodes.
fn without_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<!") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = if tail.starts_with("<!--") {
            tail.find("-->").map(|e| e + 3)
        } else if tail.starts_with("<!>") {
            Some(3)
        } else {
            // <!DOCTYPE html>
            tail.find('>').map(|e| e + 1)
        };
        match end {
            Some(end) => rest = &tail[end..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Islands mode's loader hydrates `<leptos-island>` elements; the whole-app
/// loader calls the bundle's `hydrate` alone.
fn loads_islands(html: &str) -> bool {
    html.contains("leptos-island")
}

#[tokio::test]
async fn each_page_loads_its_bundle() {
    let app = spawn_app().await;
    let member = app.browser_login("13800000001").await;
    let staff = app.browser_login("service1").await;
    let cases: [(&str, Option<&str>, &str); 16] = [
        ("/login", None, "anju_portal"),
        ("/join", None, "anju_portal"),
        ("/help", None, "anju_portal"),
        ("/", Some(&member), "anju_portal"),
        ("/homes", Some(&member), "anju_portal"),
        ("/profile", Some(&member), "anju_portal"),
        ("/notifications", Some(&staff), "anju_portal"),
        ("/points", Some(&member), "anju_portal"),
        ("/offers", Some(&member), "anju_portal"),
        ("/events", Some(&member), "anju_portal"),
        ("/referrals", Some(&member), "anju_portal"),
        ("/tickets", Some(&member), "anju_portal"),
        ("/surveys", Some(&member), "anju_portal"),
        ("/no-such-page", None, "anju_portal"),
        ("/console", Some(&staff), "anju"),
        ("/console/service", Some(&staff), "anju"),
    ];
    for (path, cookie, bundle) in cases {
        let (status, html) = app.page(path, cookie).await;
        let expected = if path == "/no-such-page" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "{path}");
        assert_eq!(bundle_of(&html), Some(bundle), "{path}");
        assert_eq!(loads_islands(&html), bundle == "anju_portal", "{path}");
    }
    // The portal's pages are whole without the browser: the member home has
    // its greeting and tiles in the HTML; the requests page its form, an
    // island (with its props, the member's homes, for the browser).
    let (_, home) = app.page("/", Some(&member)).await;
    let home = without_comments(&home);
    assert!(home.contains("您好，张伟"), "{home}");
    assert!(home.contains("积分余额"), "{home}");
    let (_, tickets) = app.page("/tickets", Some(&member)).await;
    assert!(
        tickets.contains("<leptos-island data-component=\"NewTicketForm_"),
        "{tickets}"
    );
    assert!(
        tickets.contains("action=\"/api/tickets/open_mine\""),
        "{tickets}"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_form_on_an_islands_page_posts_without_javascript() {
    let app = spawn_app().await;
    let cookie = app.browser_login("13800000001").await;
    let db = &app.state.svc.db;
    let member = user::Entity::find()
        .filter(user::Column::Login.eq("13800000001"))
        .one(db)
        .await
        .expect("query")
        .expect("demo member");
    let now = app.state.svc.clock.now();
    anju_domain::notifications::notify(
        db,
        [member.id],
        NotificationKind::TicketStep,
        None,
        "已受理",
        now,
    )
    .await
    .expect("notify");

    let actor = anju_domain::users::actor_for(db, member.clone(), String::new())
        .await
        .expect("actor");
    let unread = anju_domain::notifications::unread(db, &actor)
        .await
        .expect("unread");
    assert!(unread >= 1);

    // The page's form names the server function it posts to, and the
    // header's bell shows the count read with the sign-in.
    let (_, html) = app.page("/notifications", Some(&cookie)).await;
    let action = "/api/notifications/read_all";
    assert!(html.contains(&format!("action=\"{action}\"")), "{html}");
    let bell = format!("aria-label=\"条未读\" class=\"count\">{unread}</span>");
    assert!(html.contains(&bell), "{html}");

    // A browser without JavaScript posts the form and follows the redirect
    // back to the page it came from.
    let back = app.url("/notifications");
    let resp = app
        .client
        .post(app.url(action))
        .header("cookie", &cookie)
        .header("accept", "text/html,application/xhtml+xml")
        .header("sec-fetch-site", "same-origin")
        .header("referer", &back)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .expect("post");
    assert!(resp.status().is_redirection(), "{}", resp.status());
    // (Leptos rebuilds the address, leaving an empty query.)
    assert_eq!(location(&resp).trim_end_matches('?'), back);
    assert_eq!(
        anju_domain::notifications::unread(db, &actor)
            .await
            .expect("unread"),
        0
    );
    let (_, html) = app.page("/notifications", Some(&cookie)).await;
    assert!(html.contains("class=\"bell\""), "{html}");
    assert!(!html.contains("class=\"count\""), "{html}");
    app.cleanup().await;
}

/// Posts a form as a browser without JavaScript would, from `page`.
async fn plain_post(
    app: &crate::helpers::TestApp,
    cookie: &str,
    action: &str,
    page: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(app.url(action))
        .header("cookie", cookie)
        .header("accept", "text/html,application/xhtml+xml")
        .header("sec-fetch-site", "same-origin")
        .header("referer", app.url(page))
        .form(form)
        .send()
        .await
        .expect("post")
}

/// After a plain form post: where the browser is sent back to (on the
/// site), and that page as the member then sees it.
async fn follow(
    app: &crate::helpers::TestApp,
    resp: reqwest::Response,
    cookie: &str,
) -> (String, String) {
    assert!(resp.status().is_redirection(), "{}", resp.status());
    let back = location(&resp);
    let back = back.strip_prefix(&app.base).unwrap_or(&back).to_owned();
    let (status, html) = app.page(&back, Some(cookie)).await;
    assert_eq!(status, StatusCode::OK, "{back}");
    (back, without_comments(&html))
}

fn location(resp: &reqwest::Response) -> String {
    resp.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_reward_redeemed_without_javascript_is_named_on_the_page_it_returns_to() {
    let app = spawn_app().await;
    let cookie = app.browser_login("13800000001").await;
    let db = &app.state.svc.db;
    let reward_id = |name: &'static str| async move {
        reward::Entity::find()
            .filter(reward::Column::Name.eq(name))
            .one(db)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("demo reward {name}"))
            .id
            .to_string()
    };
    let coffee = reward_id("星河咖啡 饮品券").await;
    let sold_out = reward_id("空调深度清洗").await;
    let action = "/api/club/redeem";
    let (_, html) = app.page("/points?before=99999999", Some(&cookie)).await;
    assert!(html.contains(&format!("action=\"{action}\"")), "{html}");

    // Redeemed: back to the same page (its query kept) naming the redemption.
    let resp = plain_post(
        &app,
        &cookie,
        action,
        "/points?before=99999999",
        &[("reward_id", &coffee)],
    )
    .await;
    let (back, html) = follow(&app, resp, &cookie).await;
    let redemption = back
        .strip_prefix("/points?before=99999999&done=redeemed&ref=")
        .unwrap_or_else(|| panic!("{back}"));
    assert!(redemption.parse::<i64>().is_ok(), "{back}");
    assert!(html.contains("星河咖啡 饮品券: 兑换成功"), "{html}");
    assert!(html.contains("剩余积分 1,970"), "{html}");

    // A crafted address naming a redemption the member does not have says nothing.
    let (_, html) = app
        .page("/points?done=redeemed&ref=999999", Some(&cookie))
        .await;
    assert!(!html.contains("兑换成功"), "{html}");

    // Refused: back with the error, which the page shows; nothing changed.
    let resp = plain_post(
        &app,
        &cookie,
        action,
        "/points",
        &[("reward_id", &sold_out)],
    )
    .await;
    let (back, html) = follow(&app, resp, &cookie).await;
    assert!(back.contains("__err="), "{back}");
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(html.contains("1,970"), "{html}");
    app.cleanup().await;
}

#[tokio::test]
async fn a_form_island_shows_a_refusal_of_a_post_without_javascript_beside_its_field() {
    let app = spawn_app().await;
    let cookie = app.browser_login("13800000001").await;
    let db = &app.state.svc.db;
    let counts = || async {
        (
            referral::Entity::find().count(db).await.expect("count"),
            ticket::Entity::find().count(db).await.expect("count"),
        )
    };
    let before = counts().await;

    // Referral with a bad mobile: back to the page, which shows why beside
    // the field, in the island (the form is its own, so the browser's
    // bundle reads the same refusal from the address).
    let resp = plain_post(
        &app,
        &cookie,
        "/api/club/refer",
        "/referrals",
        &[
            ("name", "赵六"),
            ("mobile", "1380000"),
            ("project_id", ""),
            ("note", ""),
        ],
    )
    .await;
    let (back, html) = follow(&app, resp, &cookie).await;
    assert!(back.contains("__path=%2Fapi%2Fclub%2Frefer"), "{back}");
    let island = &html[html
        .find("data-component=\"ReferForm")
        .expect("the form island")..];
    assert!(
        island.contains("class=\"field-error\">请输入 11 位大陆手机号</p>"),
        "{island}"
    );
    // The projects to choose from are the island's children.
    assert!(island.contains("<leptos-children"), "{island}");

    // A request without a title: the same, on the request form.
    let resp = plain_post(
        &app,
        &cookie,
        "/api/tickets/open_mine",
        "/tickets",
        &[
            ("category", "repair.leaks"),
            ("title", " "),
            ("description", "水槽渗水"),
        ],
    )
    .await;
    let (back, html) = follow(&app, resp, &cookie).await;
    assert!(back.contains("__err="), "{back}");
    let island = &html[html
        .find("data-component=\"NewTicketForm")
        .expect("the form island")..];
    assert!(island.contains("class=\"field-error\">"), "{island}");

    // Another form's refusal is not this one's.
    let (_, html) = app
        .page(&back.replace("/tickets?", "/referrals?"), Some(&cookie))
        .await;
    assert!(!without_comments(&html).contains("field-error"), "{html}");

    assert_eq!(counts().await, before, "nothing was saved");
    app.cleanup().await;
}

/// What the portal's islands read from their server functions is plain
/// text (`app/src/plain_text.rs`), errors included: a line per item, tab
/// between parts, codes only.
#[tokio::test]
async fn the_islands_server_functions_answer_in_plain_text() {
    let app = spawn_app().await;
    let cookie = app.browser_login("13800000001").await;
    let call = |path: &'static str, form: Vec<(&'static str, &'static str)>| {
        app.client
            .post(app.url(path))
            .header("cookie", &cookie)
            .header("accept", "text/plain")
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
    };

    let resp = call(
        "/api/kb/suggest",
        vec![("category", "repair.leaks"), ("text", "")],
    )
    .await
    .expect("suggest");
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/plain"),
        "{:?}",
        resp.headers()
    );
    let body = resp.text().await.expect("body");
    let links: Vec<(i64, &str)> = body
        .lines()
        .map(|l| {
            let (id, title) = l.split_once('\t').unwrap_or_else(|| panic!("{body}"));
            (id.parse().unwrap_or_else(|_| panic!("{body}")), title)
        })
        .collect();
    assert!(
        links.iter().any(|(_, t)| *t == "卫生间或厨房漏水怎么办"),
        "{body}"
    );

    let resp = call(
        "/api/club/refer",
        vec![("name", "赵六"), ("mobile", "1380000"), ("note", "")],
    )
    .await
    .expect("refer");
    // A refusal answers with its code's status, not Leptos's 500.
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        resp.text().await.expect("body"),
        "validation_failed\n\n\nmobile\tinvalid_mobile\n"
    );

    // So do the console's server functions: a member is refused a staff
    // search (403), a visitor without a session is asked to sign in (401).
    let resp = call("/api/customers/search", vec![("q", "王")])
        .await
        .expect("search");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert_eq!(resp.text().await.expect("body"), "forbidden\n\n\n");
    let resp = app
        .client
        .post(app.url("/api/customers/search"))
        .header("accept", "text/plain")
        .form(&[("q", "王")])
        .send()
        .await
        .expect("search");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(resp.text().await.expect("body"), "unauthenticated\n\n\n");
    app.cleanup().await;
}
