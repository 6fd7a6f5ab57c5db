use crate::club::{form, pooled};
use crate::support::{actor, seeded};
use anju_domain::auth::Actor;
use anju_domain::auth::session::{self, LoginInput};
use anju_domain::club::{coupons, membership, offers};
use anju_domain::entity::{coupon, offer};
use anju_domain::idempotency::IdempotencyKey;
use anju_domain::{DomainError, Services};
use anju_types::club::{CouponStatus, MerchantDraft, OfferDraft, Tier};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn coffee_offer(svc: &Services) -> offer::Model {
    offer::Entity::find()
        .filter(offer::Column::Title.eq("会员饮品 8 折"))
        .one(&svc.db)
        .await
        .expect("q")
        .expect("the demo coffee offer")
}

fn draft(merchant_id: i64, tier: &str, limit: i32, total: i32) -> OfferDraft {
    OfferDraft {
        merchant_id,
        title: "测试优惠".to_owned(),
        description: String::new(),
        discount: "9 折".to_owned(),
        min_tier: tier.to_owned(),
        valid_from: "2026-11-01".to_owned(),
        valid_until: "2026-12-31".to_owned(),
        per_member_limit: limit,
        total_quantity: total,
        active: true,
    }
}

#[tokio::test]
async fn a_coupon_is_claimed_then_redeemed_once_at_its_own_merchant() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let zhang = actor(&svc, "13800000001").await;
    let li = actor(&svc, "13800000002").await;
    let counter = actor(&svc, "merchant1").await;
    let club1 = actor(&svc, "club1").await;

    let list = offers::browse(&svc.db, &zhang, Some("餐饮"), now)
        .await
        .expect("offers");
    assert!(list.iter().all(|o| o.category == "餐饮"));
    let o = coffee_offer(&svc).await;
    let got = offers::claim(&svc.db, &zhang, o.id, None, now)
        .await
        .expect("claim");
    assert_eq!(got.status, CouponStatus::Valid);
    assert_eq!(got.code.len(), 14, "grouped ABCD-EFGH-JKLM");
    let mine = coupons::mine(&svc.db, &zhang, now).await.expect("mine");
    assert_eq!(mine[0].code, got.code);
    assert!(
        coupons::mine(&svc.db, &li, now)
            .await
            .expect("li")
            .is_empty()
    );
    // Li cannot fetch Zhang's coupon by its code.
    assert!(matches!(
        coupons::own_code(&svc.db, &li, &got.code).await,
        Err(DomainError::NotFound)
    ));

    // Another merchant's counter does not know the code.
    let other = offers::save_merchant(
        &svc.db,
        &club1,
        None,
        &MerchantDraft {
            name: "别家店".to_owned(),
            category: "餐饮".to_owned(),
            address: None,
            active: true,
        },
        now,
    )
    .await
    .expect("merchant");
    let other_login = anju_domain::users::create_user(
        &svc.db,
        anju_domain::users::NewUser {
            kind: anju_types::AccountKind::Merchant,
            login: "merchant9".to_owned(),
            display_name: "别家店".to_owned(),
            password: "Other@2026".to_owned(),
            roles: vec![anju_types::Role::Merchant],
            department_id: None,
            customer_id: None,
            merchant_id: Some(other.id),
        },
        now,
    )
    .await
    .expect("user");
    let other_counter = login(&svc, &other_login.login, "Other@2026").await;
    assert!(matches!(
        coupons::redeem(&svc.db, &other_counter, &got.code, None, now).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        coupons::redeem(&svc.db, &counter, "not-a-code", None, now).await,
        Err(DomainError::Validation(_))
    ));

    let seen = coupons::verify(&svc.db, &counter, &got.code.to_lowercase(), now)
        .await
        .expect("verify");
    assert_eq!(seen.member_name, "张*");
    assert_eq!(seen.status, CouponStatus::Valid);
    let k = IdempotencyKey::parse("counter-1").expect("key");
    let used = coupons::redeem(&svc.db, &counter, &got.code, Some(&k), now)
        .await
        .expect("redeem");
    assert_eq!(used.status, CouponStatus::Used);
    let replay = coupons::redeem(&svc.db, &counter, &got.code, Some(&k), now)
        .await
        .expect("replayed");
    assert_eq!(used, replay);
    assert!(matches!(
        coupons::redeem(&svc.db, &counter, &got.code, None, now).await,
        Err(DomainError::Conflict("coupon_used"))
    ));
    let mine = coupons::mine(&svc.db, &zhang, now).await.expect("mine");
    assert_eq!(mine[0].status, CouponStatus::Used);
    let history = coupons::history(&svc.db, &counter, now)
        .await
        .expect("history");
    assert_eq!((history.today, history.total), (1, 1));
    assert_eq!(history.items.len(), 1);
    assert_eq!(history.items[0].code, got.code);
    assert_eq!(history.items[0].offer_title, "会员饮品 8 折");
    assert_eq!(history.items[0].member_name, "张*");
    assert_eq!(history.items[0].status, CouponStatus::Used);
    let theirs = coupons::history(&svc.db, &other_counter, now)
        .await
        .expect("other");
    assert_eq!(theirs.total, 0, "only its own redemptions");
    // Members and staff have no counter.
    assert!(matches!(
        coupons::verify(&svc.db, &club1, &got.code, now).await,
        Err(DomainError::Forbidden)
    ));
    tdb.cleanup().await;
}

async fn login(svc: &Services, login: &str, password: &str) -> Actor {
    session::login(
        svc,
        LoginInput {
            identifier: login.to_owned(),
            password: password.to_owned(),
            ip: None,
            user_agent: None,
            device_token: None,
        },
    )
    .await
    .expect("login")
    .actor
}

#[tokio::test]
async fn claims_respect_tier_limit_quantity_and_validity() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let li = actor(&svc, "13800000002").await; // 普卡
    let zhang = actor(&svc, "13800000001").await; // 银卡
    let coffee = coffee_offer(&svc).await;

    let gold = offers::save_offer(
        &svc.db,
        &club1,
        None,
        &draft(coffee.merchant_id, "gold", 1, 5),
        now,
    )
    .await
    .expect("offer");
    assert_eq!(gold.min_tier, Tier::Gold);
    let seen = offers::browse(&svc.db, &li, None, now)
        .await
        .expect("browse");
    assert!(
        !seen
            .iter()
            .find(|o| o.id == gold.id)
            .expect("listed")
            .eligible
    );
    match offers::claim(&svc.db, &li, gold.id, None, now).await {
        Err(DomainError::Validation(f)) => assert_eq!(f[0].code, "tier_too_low"),
        other => panic!("{other:?}"),
    }

    let one_each = offers::save_offer(
        &svc.db,
        &club1,
        None,
        &draft(coffee.merchant_id, "basic", 1, 1),
        now,
    )
    .await
    .expect("offer");
    offers::claim(&svc.db, &li, one_each.id, None, now)
        .await
        .expect("first");
    assert!(matches!(
        offers::claim(&svc.db, &li, one_each.id, None, now).await,
        Err(DomainError::Conflict("limit_reached"))
    ));
    assert!(matches!(
        offers::claim(&svc.db, &zhang, one_each.id, None, now).await,
        Err(DomainError::Conflict("sold_out"))
    ));

    // Bad drafts name their fields; a total below what was claimed is refused.
    let mut bad = draft(coffee.merchant_id, "platinum", 0, 0);
    bad.title = String::new();
    bad.valid_until = "2026-10-01".to_owned();
    match offers::save_offer(&svc.db, &club1, None, &bad, now).await {
        Err(DomainError::Validation(f)) => {
            let mut fields: Vec<&str> = f.iter().map(|e| e.field).collect();
            fields.sort();
            assert_eq!(
                fields,
                [
                    "min_tier",
                    "per_member_limit",
                    "title",
                    "total_quantity",
                    "valid_until"
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    let mut shrink = draft(coffee.merchant_id, "basic", 1, 1);
    shrink.total_quantity = 0;
    assert!(matches!(
        offers::save_offer(&svc.db, &club1, Some(one_each.id), &shrink, now).await,
        Err(DomainError::Validation(_))
    ));
    assert!(matches!(
        offers::save_offer(
            &svc.db,
            &li,
            None,
            &draft(coffee.merchant_id, "basic", 1, 1),
            now
        )
        .await,
        Err(DomainError::Forbidden)
    ));

    // A coupon lapses with its offer: refused at the counter, shown expired.
    let counter = actor(&svc, "merchant1").await;
    let c = offers::claim(&svc.db, &zhang, coffee.id, None, now)
        .await
        .expect("claim");
    let later = now + Duration::days(400);
    assert!(matches!(
        coupons::redeem(&svc.db, &counter, &c.code, None, later).await,
        Err(DomainError::Conflict("coupon_expired"))
    ));
    let mine = coupons::mine(&svc.db, &zhang, later).await.expect("mine");
    assert_eq!(mine[0].status, CouponStatus::Expired);
    assert!(
        offers::browse(&svc.db, &zhang, None, later)
            .await
            .expect("browse")
            .is_empty(),
        "nothing on offer after every validity"
    );
    tdb.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_and_redemptions_never_exceed_their_limits() {
    let (tdb, svc, _dir) = pooled().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let counter = actor(&svc, "merchant1").await;
    let coffee = coffee_offer(&svc).await;
    membership::enrol(&svc.db, &form("13900006060"), None, now)
        .await
        .expect("enrol");
    let me = login(&svc, "13900006060", "Join@2026").await;
    let ten = offers::save_offer(
        &svc.db,
        &club1,
        None,
        &draft(coffee.merchant_id, "basic", 100, 10),
        now,
    )
    .await
    .expect("offer");
    let claims = futures::future::join_all((0..60).map(|_| {
        let (svc, me) = (svc.clone(), me.clone());
        async move { offers::claim(&svc.db, &me, ten.id, None, now).await }
    }))
    .await;
    let won: Vec<_> = claims.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(won.len(), 10);
    // Past 30 attempts the member's rate limit answers, exactly so under
    // concurrency; the rest found the offer sold out.
    let throttled = claims
        .iter()
        .filter(|r| matches!(r, Err(DomainError::Throttled { .. })))
        .count();
    assert_eq!(throttled, 30);
    for r in &claims {
        if let Err(e) = r {
            assert!(
                matches!(
                    e,
                    DomainError::Conflict("sold_out") | DomainError::Throttled { .. }
                ),
                "{e:?}"
            );
        }
    }
    let code = won[0].code.clone();
    let redemptions = futures::future::join_all((0..40).map(|_| {
        let (svc, counter, code) = (svc.clone(), counter.clone(), code.clone());
        async move { coupons::redeem(&svc.db, &counter, &code, None, now).await }
    }))
    .await;
    assert_eq!(
        redemptions.iter().filter(|r| r.is_ok()).count(),
        1,
        "redeemed at most once"
    );
    let used = coupon::Entity::find()
        .filter(coupon::Column::Status.eq("used"))
        .count(&svc.db)
        .await
        .expect("n");
    assert_eq!(used, 1);
    tdb.cleanup().await;
}

/// A script cannot empty a merchant's offers (30 claims per member per 10
/// minutes, whatever their outcome) nor enrol a crowd from one address (a
/// club rule, per hour); other members and addresses are not affected.
#[tokio::test]
async fn claims_per_member_and_enrolments_per_address_are_rate_limited() {
    use anju_domain::club::rules;
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let zhang = actor(&svc, "13800000001").await;
    let li = actor(&svc, "13800000002").await;
    let o = coffee_offer(&svc).await;
    for _ in 0..30 {
        let attempt = offers::claim(&svc.db, &zhang, o.id, None, now).await;
        assert!(!matches!(attempt, Err(DomainError::Throttled { .. })));
    }
    match offers::claim(&svc.db, &zhang, o.id, None, now).await {
        Err(DomainError::Throttled { retry_after_secs }) => {
            assert!((1..=600).contains(&retry_after_secs))
        }
        other => panic!("{other:?}"),
    }
    offers::claim(&svc.db, &li, o.id, None, now)
        .await
        .expect("another member claims");
    // A new window ten minutes on.
    assert!(!matches!(
        offers::claim(&svc.db, &zhang, o.id, None, now + Duration::minutes(10)).await,
        Err(DomainError::Throttled { .. })
    ));

    let club = actor(&svc, "club1").await;
    rules::set(
        &svc.db,
        &club,
        rules::ENROLMENTS_PER_ADDRESS_PER_HOUR.key,
        2,
        now,
    )
    .await
    .expect("rule");
    let enrol = |mobile: &'static str, address: &'static str, at| {
        let db = svc.db.clone();
        async move { membership::enrol_from(&db, &form(mobile), None, address, at).await }
    };
    enrol("13900007001", "203.0.113.7", now).await.expect("1st");
    enrol("13900007002", "203.0.113.7", now).await.expect("2nd");
    assert!(matches!(
        enrol("13900007003", "203.0.113.7", now).await,
        Err(DomainError::Throttled { .. })
    ));
    // Refused means nothing written.
    assert!(matches!(
        session::login(
            &svc,
            LoginInput {
                identifier: "13900007003".to_owned(),
                password: form("13900007003").password,
                ip: None,
                user_agent: None,
                device_token: None,
            }
        )
        .await,
        Err(DomainError::InvalidCredentials)
    ));
    enrol("13900007003", "198.51.100.9", now)
        .await
        .expect("another address");
    enrol("13900007004", "203.0.113.7", now + Duration::hours(1))
        .await
        .expect("an hour later");
    tdb.cleanup().await;
}
