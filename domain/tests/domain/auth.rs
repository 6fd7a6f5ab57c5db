use crate::support::{counting, seeded, taken};
use anju_domain::auth::session::{self, LoginInput};
use anju_domain::entity::user_role;
use anju_domain::{DomainError, Services, demo, notifications, users};
use anju_types::{AccountKind, NotificationKind, Permission, Role};
use chrono::Duration;
use sea_orm::{ActiveModelTrait, Set};

fn input(identifier: &str, password: &str) -> LoginInput {
    LoginInput {
        identifier: identifier.to_owned(),
        password: password.to_owned(),
        ip: Some("203.0.113.9".to_owned()),
        user_agent: Some("test".to_owned()),
        device_token: None,
    }
}

#[tokio::test]
async fn members_log_in_by_mobile_in_any_common_form() {
    let (tdb, svc) = seeded().await;
    for form in ["13800000001", "+86 138 0000 0001", "138-0000-0001"] {
        let issued = session::login(&svc, input(form, demo::DEMO_PASSWORD))
            .await
            .expect("member login");
        assert_eq!(issued.actor.kind, AccountKind::Member);
        assert_eq!(issued.actor.roles, vec![Role::Member]);
        assert_eq!(issued.actor.display_name, "张伟");
        assert!(issued.actor.customer_id.is_some());
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn staff_log_in_by_name_case_insensitively() {
    let (tdb, svc) = seeded().await;
    let issued = session::login(&svc, input("Sales1", demo::DEMO_PASSWORD))
        .await
        .expect("staff login");
    assert_eq!(issued.actor.roles, vec![Role::Sales]);
    let perms = issued.actor.session_user().permissions;
    assert!(perms.contains(&Permission::ViewCustomers));
    assert!(!perms.contains(&Permission::ManageUsers));
    tdb.cleanup().await;
}

#[tokio::test]
async fn wrong_password_and_unknown_login_look_the_same() {
    let (tdb, svc) = seeded().await;
    let wrong = session::login(&svc, input("sales1", "Wrong@2026")).await;
    let unknown = session::login(&svc, input("nobody", "Wrong@2026")).await;
    assert!(matches!(wrong, Err(DomainError::InvalidCredentials)));
    assert!(matches!(unknown, Err(DomainError::InvalidCredentials)));
    tdb.cleanup().await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account_to_unknown_devices_until_the_window_ends() {
    let (tdb, svc) = seeded().await;
    // The owner signed in on their phone last week: it holds a device token.
    let phone = session::login(&svc, input("service1", demo::DEMO_PASSWORD))
        .await
        .expect("owner")
        .device_token;
    assert!(phone.is_some());
    let limit = svc.auth.throttle.max_failures_per_account;
    for i in 0..limit {
        // A guesser, from ever new addresses.
        let mut guess = input("service1", "Wrong@2026");
        guess.ip = Some(format!("198.51.100.{i}"));
        let r = session::login(&svc, guess).await;
        assert!(matches!(r, Err(DomainError::InvalidCredentials)));
    }
    // Locked to devices that never signed in: even the right password.
    let locked = session::login(&svc, input("service1", demo::DEMO_PASSWORD)).await;
    let Err(DomainError::Throttled { retry_after_secs }) = locked else {
        panic!("expected throttled, got {locked:?}");
    };
    assert!(retry_after_secs > 0 && retry_after_secs <= 15 * 60);
    // A device token of another account is no pass for this one.
    let other = session::login(&svc, input("sales1", demo::DEMO_PASSWORD))
        .await
        .expect("other accounts are not affected");
    let mut borrowed = input("service1", demo::DEMO_PASSWORD);
    borrowed.device_token = other.device_token;
    let r = session::login(&svc, borrowed).await;
    assert!(matches!(r, Err(DomainError::Throttled { .. })), "{r:?}");
    // The owner's own phone still signs in, from the same address too…
    let mut own = input("service1", demo::DEMO_PASSWORD);
    own.device_token = phone.clone();
    session::login(&svc, own).await.expect("the owner's device");
    // …which leaves the account closed to unknown devices.
    let r = session::login(&svc, input("service1", demo::DEMO_PASSWORD)).await;
    assert!(matches!(r, Err(DomainError::Throttled { .. })), "{r:?}");
    svc.clock
        .advance(svc.auth.throttle.window + Duration::seconds(1));
    session::login(&svc, input("service1", demo::DEMO_PASSWORD))
        .await
        .expect("recovers after the window");
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_known_device_that_keeps_failing_loses_its_pass() {
    let (tdb, svc) = seeded().await;
    let stolen = session::login(&svc, input("eng1", demo::DEMO_PASSWORD))
        .await
        .expect("owner")
        .device_token;
    let per_device = svc.auth.throttle.max_failures_per_device;
    for _ in 0..per_device {
        let mut guess = input("eng1", "Wrong@2026");
        guess.device_token = stolen.clone();
        let r = session::login(&svc, guess).await;
        assert!(matches!(r, Err(DomainError::InvalidCredentials)));
    }
    // Its failures did not lock the account for anybody else…
    session::login(&svc, input("eng1", demo::DEMO_PASSWORD))
        .await
        .expect("unknown devices still have their allowance");
    // …and past its own allowance it is an unknown device again, which
    // the account's allowance then limits.
    for _ in 0..svc.auth.throttle.max_failures_per_account {
        let mut guess = input("eng1", "Wrong@2026");
        guess.device_token = stolen.clone();
        let r = session::login(&svc, guess).await;
        assert!(matches!(r, Err(DomainError::InvalidCredentials)), "{r:?}");
    }
    let mut guess = input("eng1", demo::DEMO_PASSWORD);
    guess.device_token = stolen;
    let r = session::login(&svc, guess).await;
    assert!(matches!(r, Err(DomainError::Throttled { .. })), "{r:?}");
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_burst_of_parallel_guesses_gets_no_more_than_the_allowance() {
    let (tdb, svc) = seeded().await;
    let limit = svc.auth.throttle.max_failures_per_account;
    let guesses = (0..20).map(|i| {
        let mut guess = input("club1", "Wrong@2026");
        guess.ip = Some(format!("198.51.100.{i}"));
        session::login(&svc, guess)
    });
    let answers = futures::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|r| matches!(r, Err(DomainError::InvalidCredentials)))
        .count();
    let refused = answers
        .iter()
        .filter(|r| matches!(r, Err(DomainError::Throttled { .. })))
        .count();
    assert_eq!((checked, refused), (limit as usize, 20 - limit as usize));
    tdb.cleanup().await;
}

#[tokio::test]
async fn an_address_trying_many_accounts_is_refused_but_one_person_is_not() {
    let (tdb, mut svc) = seeded().await;
    svc.auth.throttle.max_accounts_per_ip = 3;
    // One colleague on the office wifi mistyping their own password often.
    for _ in 0..4 {
        let r = session::login(&svc, input("mkt1", "Wrong@2026")).await;
        assert!(matches!(r, Err(DomainError::InvalidCredentials)));
    }
    session::login(&svc, input("club1", demo::DEMO_PASSWORD))
        .await
        .expect("one account's failures count once against the address");
    // A script trying accounts one after another, known or not.
    for name in ["a1", "a2"] {
        let r = session::login(&svc, input(name, "Wrong@2026")).await;
        assert!(matches!(r, Err(DomainError::InvalidCredentials)));
    }
    let r = session::login(&svc, input("sales1", demo::DEMO_PASSWORD)).await;
    assert!(matches!(r, Err(DomainError::Throttled { .. })), "{r:?}");
    let mut elsewhere = input("sales1", demo::DEMO_PASSWORD);
    elsewhere.ip = Some("198.51.100.7".to_owned());
    let known = session::login(&svc, elsewhere).await.expect("another ip");
    // A device that signed in before passes the address's limit too.
    let mut back_in_the_office = input("sales1", demo::DEMO_PASSWORD);
    back_in_the_office.device_token = known.device_token;
    session::login(&svc, back_in_the_office)
        .await
        .expect("a known device");
    tdb.cleanup().await;
}

#[tokio::test]
async fn counters_no_window_can_use_are_purged_and_live_ones_kept() {
    use anju_domain::auth::throttle;
    use anju_domain::entity::login_throttle;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let (tdb, svc) = seeded().await;
    let counters = || login_throttle::Entity::find().count(&svc.db);
    let r = session::login(&svc, input("service1", "Wrong@2026")).await;
    assert!(matches!(r, Err(DomainError::InvalidCredentials)));
    let old = counters().await.expect("count");
    assert!(old >= 3, "the account's, the pair's and the IP's counters");

    // Within a day nothing goes: a lock may still be running.
    svc.clock.advance(Duration::hours(23));
    let mut other = input("sales1", "Wrong@2026");
    other.ip = Some("198.51.100.7".to_owned());
    let r = session::login(&svc, other).await;
    assert!(matches!(r, Err(DomainError::InvalidCredentials)));
    let now = svc.clock.now();
    assert_eq!(throttle::purge_stale(&svc.db, now).await.expect("purge"), 0);
    let all = counters().await.expect("count");

    // A day after the first failure its counters go, the newer ones stay.
    svc.clock.advance(Duration::hours(2));
    let now = svc.clock.now();
    assert_eq!(
        throttle::purge_stale(&svc.db, now).await.expect("purge"),
        old
    );
    assert_eq!(counters().await.expect("count"), all - old);
    tdb.cleanup().await;
}

#[tokio::test]
async fn access_tokens_authenticate_until_they_expire() {
    let (tdb, svc) = seeded().await;
    let issued = session::login(&svc, input("admin", demo::DEMO_PASSWORD))
        .await
        .expect("login");
    let actor = session::authenticate(&svc, &issued.access_token)
        .await
        .expect("fresh token");
    assert_eq!(actor, issued.actor);
    assert!(issued.access_expires_at - svc.clock.now() <= Duration::minutes(15));
    svc.clock.advance(Duration::minutes(16));
    let r = session::authenticate(&svc, &issued.access_token).await;
    assert!(matches!(r, Err(DomainError::TokenInvalid)));
    tdb.cleanup().await;
}

/// A page's sign-in reads the unread count in the same statement as the
/// actor: the same actor as the API's sign-in (every role, from the join's
/// rows), only this user's unread notifications, and nothing once logged out.
#[tokio::test]
async fn a_page_sign_in_counts_only_the_users_unread_notifications() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let admin = session::login(&svc, input("admin", demo::DEMO_PASSWORD))
        .await
        .expect("login");
    // A second role, so the join yields two rows for one user.
    user_role::ActiveModel {
        user_id: Set(admin.actor.user_id),
        role: Set(Role::Marketing.as_str().to_owned()),
    }
    .insert(&svc.db)
    .await
    .expect("second role");
    let member = session::login(&svc, input("13800000001", demo::DEMO_PASSWORD))
        .await
        .expect("login");
    let page = |token: String| {
        let svc = svc.clone();
        async move { session::authenticate_page(&svc, &token).await }
    };
    // One statement for the actor, their roles and the count.
    let (db, statements) = counting(&svc.db);
    let counted = Services { db, ..svc.clone() };
    session::authenticate_page(&counted, &admin.access_token)
        .await
        .expect("admin page");
    assert_eq!(taken(&statements), 1);
    let admin_page = page(admin.access_token.clone()).await.expect("admin page");
    assert_eq!(admin_page.actor.roles, vec![Role::Marketing, Role::Admin]);
    assert_eq!(
        admin_page.actor,
        session::authenticate(&svc, &admin.access_token)
            .await
            .expect("api sign-in")
    );
    let member_before = page(member.access_token.clone())
        .await
        .expect("member page")
        .unread_notifications;
    assert_eq!(
        member_before,
        notifications::unread(&svc.db, &member.actor)
            .await
            .expect("unread")
    );

    for detail in ["已受理", "已派单"] {
        notifications::notify(
            &svc.db,
            [member.actor.user_id],
            NotificationKind::TicketStep,
            None,
            detail,
            now,
        )
        .await
        .expect("notify");
    }
    let member_after = page(member.access_token.clone()).await.expect("page");
    assert_eq!(member_after.unread_notifications, member_before + 2);
    assert_eq!(member_after.actor, member.actor);
    assert_eq!(
        page(admin.access_token.clone())
            .await
            .expect("admin page")
            .unread_notifications,
        admin_page.unread_notifications,
        "another user's notifications do not count"
    );
    notifications::mark_read(&svc.db, &member.actor, None, now)
        .await
        .expect("read all");
    assert_eq!(
        page(member.access_token.clone())
            .await
            .expect("page")
            .unread_notifications,
        0
    );

    session::logout_session(&svc, &member.actor.session_id)
        .await
        .expect("logout");
    assert!(matches!(
        page(member.access_token.clone()).await,
        Err(DomainError::TokenInvalid)
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_family() {
    let (tdb, svc) = seeded().await;
    let first = session::login(&svc, input("club1", demo::DEMO_PASSWORD))
        .await
        .expect("login");
    let second = session::refresh(&svc, &first.refresh_token)
        .await
        .expect("rotate");
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(second.actor.session_id, first.actor.session_id);
    session::authenticate(&svc, &second.access_token)
        .await
        .expect("new access token works");

    // Replaying the spent token: refused, and the family is revoked.
    let replay = session::refresh(&svc, &first.refresh_token).await;
    assert!(matches!(replay, Err(DomainError::TokenInvalid)));
    let after = session::refresh(&svc, &second.refresh_token).await;
    assert!(
        matches!(after, Err(DomainError::TokenInvalid)),
        "family must be revoked"
    );
    let access = session::authenticate(&svc, &second.access_token).await;
    assert!(matches!(access, Err(DomainError::TokenInvalid)));

    // A new login is unaffected.
    session::login(&svc, input("club1", demo::DEMO_PASSWORD))
        .await
        .expect("fresh login");
    tdb.cleanup().await;
}

#[tokio::test]
async fn concurrent_refreshes_of_one_token_let_at_most_one_win() {
    let (tdb, svc) = seeded().await;
    let first = session::login(&svc, input("mkt1", demo::DEMO_PASSWORD))
        .await
        .expect("login");
    let (a, b) = tokio::join!(
        session::refresh(&svc, &first.refresh_token),
        session::refresh(&svc, &first.refresh_token)
    );
    assert!(a.is_ok() as u8 + b.is_ok() as u8 <= 1, "a={a:?} b={b:?}");
    tdb.cleanup().await;
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let (tdb, svc) = seeded().await;
    let issued = session::login(&svc, input("13800000002", demo::DEMO_PASSWORD))
        .await
        .expect("login");
    session::logout_by_refresh_token(&svc, &issued.refresh_token)
        .await
        .expect("logout");
    assert!(
        session::authenticate(&svc, &issued.access_token)
            .await
            .is_err()
    );
    assert!(session::refresh(&svc, &issued.refresh_token).await.is_err());
    tdb.cleanup().await;
}

#[tokio::test]
async fn disabling_a_user_ends_its_sessions_and_blocks_login() {
    let (tdb, svc) = seeded().await;
    let admin = session::login(&svc, input("admin", demo::DEMO_PASSWORD))
        .await
        .expect("admin");
    let sales = session::login(&svc, input("sales1", demo::DEMO_PASSWORD))
        .await
        .expect("sales");
    // Only ManageUsers may do it.
    let refused = users::set_active(
        &svc.db,
        &sales.actor,
        admin.actor.user_id,
        false,
        svc.clock.now(),
    )
    .await;
    assert!(matches!(refused, Err(DomainError::Forbidden)));

    users::set_active(
        &svc.db,
        &admin.actor,
        sales.actor.user_id,
        false,
        svc.clock.now(),
    )
    .await
    .expect("disable");
    assert!(
        session::authenticate(&svc, &sales.access_token)
            .await
            .is_err()
    );
    assert!(session::refresh(&svc, &sales.refresh_token).await.is_err());
    let again = session::login(&svc, input("sales1", demo::DEMO_PASSWORD)).await;
    assert!(matches!(again, Err(DomainError::InvalidCredentials)));

    users::set_active(
        &svc.db,
        &admin.actor,
        sales.actor.user_id,
        true,
        svc.clock.now(),
    )
    .await
    .expect("enable");
    session::login(&svc, input("sales1", demo::DEMO_PASSWORD))
        .await
        .expect("enabled again");
    let listed = users::list_users(&svc.db, &admin.actor, None, 50)
        .await
        .expect("list");
    assert_eq!(listed.len(), demo::DEMO_LOGINS.len());
    tdb.cleanup().await;
}
