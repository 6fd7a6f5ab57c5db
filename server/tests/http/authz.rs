use crate::helpers::spawn_app;
use anju_domain::auth::policy::role_grants;
use anju_types::{ConsoleArea, Permission, Role};
use reqwest::StatusCode;

/// Every demo login and the single role it holds.
pub const ACCOUNTS: [(&str, Role); 9] = [
    ("13800000001", Role::Member),
    ("merchant1", Role::Merchant),
    ("sales1", Role::Sales),
    ("manager1", Role::SalesManager),
    ("service1", Role::ServiceAgent),
    ("eng1", Role::ServiceHandler),
    ("club1", Role::ClubManager),
    ("mkt1", Role::Marketing),
    ("admin", Role::Admin),
];

fn expected(role: Role, permission: Permission) -> StatusCode {
    if role_grants(role, permission) {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    }
}

#[tokio::test]
async fn every_role_sees_exactly_its_console_areas() {
    let app = spawn_app().await;
    for (login, role) in ACCOUNTS {
        let cookie = app.browser_login(login).await;
        assert_eq!(
            app.page_status("/console", Some(&cookie)).await,
            expected(role, Permission::ViewConsole),
            "{login} /console"
        );
        for area in ConsoleArea::ALL {
            let path = format!("/console/{}", area.slug());
            assert_eq!(
                app.page_status(&path, Some(&cookie)).await,
                expected(role, area.permission()),
                "{login} {path}"
            );
        }
        assert_eq!(
            app.page_status("/merchant", Some(&cookie)).await,
            expected(role, Permission::RedeemCoupons),
            "{login} /merchant"
        );
        assert_eq!(
            app.page_status("/points", Some(&cookie)).await,
            expected(role, Permission::UsePortal),
            "{login} /points"
        );
    }
    app.cleanup().await;
}

#[tokio::test]
async fn visitors_are_sent_to_login_with_a_way_back() {
    let app = spawn_app().await;
    let resp = app
        .client
        .get(app.url("/console/customers"))
        .send()
        .await
        .expect("page");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        resp.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/login?next=/console/customers")
    );
    assert_eq!(app.page_status("/login", None).await, StatusCode::OK);
    assert_eq!(app.page_status("/", None).await, StatusCode::OK);
    assert_eq!(
        app.page_status("/no-such-page", None).await,
        StatusCode::NOT_FOUND
    );
    app.cleanup().await;
}

#[tokio::test]
async fn staff_endpoints_refuse_member_tokens_and_anonymous_calls() {
    let app = spawn_app().await;
    let (member, _) = app.tokens("13800000001").await;
    let (sales, _) = app.tokens("sales1").await;
    let (admin, _) = app.tokens("admin").await;
    for (token, want) in [
        (Some(member.as_str()), StatusCode::FORBIDDEN),
        (Some(sales.as_str()), StatusCode::FORBIDDEN),
        (Some(admin.as_str()), StatusCode::OK),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let mut req = app.client.get(app.url("/api/v1/users"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        assert_eq!(req.send().await.expect("users").status(), want);
    }
    let resp = app
        .client
        .post(app.url("/api/v1/users/1/disable"))
        .bearer_auth(&member)
        .send()
        .await
        .expect("disable");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // Cookies are not credentials for the API.
    let cookie = app.browser_login("admin").await;
    let resp = app
        .client
        .get(app.url("/api/v1/users"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("users");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}

#[tokio::test]
async fn the_form_login_redirects_by_account_kind_and_refuses_foreign_origins() {
    let app = spawn_app().await;
    for (login, home) in [
        ("13800000001", "/"),
        ("sales1", "/console"),
        ("merchant1", "/merchant"),
    ] {
        let resp = app
            .client
            .post(app.url("/auth/login"))
            .form(&[
                ("identifier", login),
                ("password", crate::helpers::PASSWORD),
            ])
            .send()
            .await
            .expect("login");
        assert_eq!(
            resp.headers().get("location").and_then(|v| v.to_str().ok()),
            Some(home)
        );
    }
    let resp = app
        .client
        .post(app.url("/auth/login"))
        .form(&[
            ("identifier", "sales1"),
            ("password", crate::helpers::PASSWORD),
            ("next", "https://evil.example/"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(
        resp.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/console")
    );
    let resp = app
        .client
        .post(app.url("/auth/login"))
        .header("origin", "https://evil.example")
        .form(&[
            ("identifier", "sales1"),
            ("password", crate::helpers::PASSWORD),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}
