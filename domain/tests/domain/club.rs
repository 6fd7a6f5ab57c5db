use crate::support::{actor, new_customer, seeded, t0};
use anju_domain::auth::Actor;
use anju_domain::auth::session::{self, LoginInput};
use anju_domain::club::ledger::{self, Movement};
use anju_domain::club::{membership, purchases, rewards, rules};
use anju_domain::entity::{member, reward, user};
use anju_domain::idempotency::IdempotencyKey;
use anju_domain::{DomainError, Services, inventory, settings};
use anju_types::club::{
    Adjustment, Enrolment, LedgerKind, PointsReason, RedemptionStatus, RewardDraft, Tier,
};
use anju_types::{UnitAction, UnitStatus};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

pub fn form(mobile: &str) -> Enrolment {
    Enrolment {
        name: "周杰".to_owned(),
        mobile: mobile.to_owned(),
        password: "Join@2026".to_owned(),
        gender: Some("male".to_owned()),
        birth_year: Some(1990),
        employer: Some("安居科技".to_owned()),
        education: Some("bachelor".to_owned()),
        consent_marketing: true,
    }
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

async fn member_of(svc: &Services, who: &Actor) -> member::Model {
    membership::own(&svc.db, who).await.expect("member")
}

async fn assert_ledger_agrees(svc: &Services, member_id: i64) -> i64 {
    let (kept, entries, lots) = ledger::audit_balance(&svc.db, member_id)
        .await
        .expect("audit");
    assert_eq!(kept, entries, "balance = Σ entries");
    assert_eq!(kept, lots, "balance = Σ unspent lots");
    assert!(kept >= 0);
    kept
}

fn key(k: &str) -> IdempotencyKey {
    IdempotencyKey::parse(k).expect("key")
}

#[tokio::test]
async fn a_visitor_enrols_and_lands_with_welcome_points() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let joined = membership::enrol(&svc.db, &form("13900001111"), None, now)
        .await
        .expect("enrol");
    assert_eq!(joined.tier, Tier::Basic);
    assert_eq!(joined.points_balance, 200);
    assert!(joined.member_no.starts_with("AJ"));

    let me = login(&svc, "13900001111", "Join@2026").await;
    let summary = membership::points_summary(&svc.db, &me, now)
        .await
        .expect("summary");
    assert_eq!(summary.balance, 200);
    assert_eq!(summary.member_no, joined.member_no);
    assert_eq!(summary.next_tier, Some(Tier::Silver));
    assert_eq!(summary.points_to_next_tier, Some(1_800));
    // The summary reads the thresholds with the membership: a change shows
    // at once.
    let club1 = actor(&svc, "club1").await;
    rules::set(&svc.db, &club1, rules::SILVER_FROM.key, 2_500, now)
        .await
        .expect("raise 银卡");
    let raised = membership::points_summary(&svc.db, &me, now)
        .await
        .expect("summary");
    assert_eq!(raised.points_to_next_tier, Some(2_300));
    let page = membership::own_entries(&svc.db, &me, None, 20)
        .await
        .expect("entries");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].reason, PointsReason::Enrolment);
    assert_eq!(
        page.items[0].expires_at,
        Some(now + Duration::days(730)),
        "points last the configured period"
    );

    // Joining twice is refused.
    assert!(matches!(
        membership::enrol(&svc.db, &form("13900001111"), None, now).await,
        Err(DomainError::Conflict("mobile_registered"))
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn an_existing_customer_is_linked_not_duplicated() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let customer_id = new_customer(&svc, &sales1, "13900002222").await;
    let mut f = form("139 0000 2222");
    f.consent_marketing = false;
    membership::enrol(&svc.db, &f, None, svc.clock.now())
        .await
        .expect("enrol");
    let me = login(&svc, "13900002222", "Join@2026").await;
    assert_eq!(me.customer_id, Some(customer_id), "the same customer");
    let c = anju_domain::customers::get(&svc.db, &sales1, customer_id)
        .await
        .expect("customer");
    assert!(c.kinds.member);
    assert!(!c.consent_marketing, "the member's own consent wins");
    assert_eq!(
        c.assigned_sales.map(|s| s.id),
        Some(sales1.user_id),
        "the salesperson keeps the customer"
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn bad_enrolments_name_their_fields_and_change_nothing() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let members_before = member::Entity::find().count(&svc.db).await.expect("n");
    let mut minor = form("13900003333");
    minor.birth_year = Some(2015);
    let mut bad = Enrolment {
        name: String::new(),
        mobile: "12345".to_owned(),
        password: "short".to_owned(),
        education: Some("kindergarten".to_owned()),
        ..form("13900003333")
    };
    bad.birth_year = None;
    for (f, expected) in [
        (minor, vec!["birth_year"]),
        (
            bad,
            vec!["name", "mobile", "birth_year", "education", "password"],
        ),
    ] {
        match membership::enrol(&svc.db, &f, None, now).await {
            Err(DomainError::Validation(fields)) => {
                let mut got: Vec<&str> = fields.iter().map(|e| e.field).collect();
                got.sort();
                let mut expected = expected;
                expected.sort();
                assert_eq!(got, expected);
            }
            other => panic!("expected validation, got {other:?}"),
        }
    }
    assert_eq!(
        member::Entity::find().count(&svc.db).await.expect("n"),
        members_before
    );
    assert!(
        user::Entity::find()
            .filter(user::Column::Login.eq("13900003333"))
            .one(&svc.db)
            .await
            .expect("q")
            .is_none()
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn an_enrolment_retried_with_its_key_is_replayed_once() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let k = key("enrol-7f3a");
    let first = membership::enrol(&svc.db, &form("13900004444"), Some(&k), now)
        .await
        .expect("enrol");
    let again = membership::enrol(&svc.db, &form("13900004444"), Some(&k), now)
        .await
        .expect("replayed");
    assert_eq!(first, again);
    let mut other = form("13900004444");
    other.employer = Some("别的公司".to_owned());
    assert!(matches!(
        membership::enrol(&svc.db, &other, Some(&k), now).await,
        Err(DomainError::Validation(f)) if f[0].code == "reused_with_different_request"
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn redemption_takes_the_oldest_points_and_expiry_runs_once() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    membership::enrol(&svc.db, &form("13900005555"), None, now)
        .await
        .expect("enrol");
    let me = login(&svc, "13900005555", "Join@2026").await;
    let m = member_of(&svc, &me).await;
    // A second lot, 100 days younger than the welcome points.
    let later = now + Duration::days(100);
    let tx = anju_domain::db::begin_write(&svc.db).await.expect("tx");
    ledger::lock_member(&tx, m.id, later).await.expect("lock");
    ledger::credit(
        &tx,
        m.id,
        Movement::new(LedgerKind::Earn, PointsReason::Event, 500),
        later,
    )
    .await
    .expect("earn");
    // 150 of 200 welcome points are spent first.
    ledger::debit(
        &tx,
        m.id,
        Movement::new(LedgerKind::Redeem, PointsReason::Reward, 150),
        later,
    )
    .await
    .expect("spend");
    tx.commit().await.expect("commit");
    assert_eq!(assert_ledger_agrees(&svc, m.id).await, 550);
    let soon = membership::points_summary(&svc.db, &me, now + Duration::days(700))
        .await
        .expect("summary");
    assert_eq!(
        soon.expiring_soon, 50,
        "only the welcome lot's rest lapses first"
    );

    // Past the welcome points' expiry: 50 lapse, twice run = once.
    let lapse = now + Duration::days(731);
    assert!(ledger::expire_due(&svc.db, lapse).await.expect("job") >= 1);
    assert_eq!(ledger::expire_due(&svc.db, lapse).await.expect("job"), 0);
    assert_eq!(assert_ledger_agrees(&svc, m.id).await, 500);
    let page = membership::own_entries(&svc.db, &me, None, 10)
        .await
        .expect("entries");
    assert_eq!(page.items[0].kind, LedgerKind::Expire);
    assert_eq!(page.items[0].points, -50);
    tdb.cleanup().await;
}

#[tokio::test]
async fn lapsed_points_cannot_be_spent_before_the_job_runs() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    membership::enrol(&svc.db, &form("13900006666"), None, now)
        .await
        .expect("enrol");
    let m = member_of(&svc, &login(&svc, "13900006666", "Join@2026").await).await;
    let tx = anju_domain::db::begin_write(&svc.db).await.expect("tx");
    let lapse = now + Duration::days(800);
    ledger::lock_member(&tx, m.id, lapse).await.expect("lock");
    let spent = ledger::debit(
        &tx,
        m.id,
        Movement::new(LedgerKind::Redeem, PointsReason::Reward, 100),
        lapse,
    )
    .await;
    assert!(matches!(
        spent,
        Err(DomainError::Conflict("insufficient_points"))
    ));
    drop(tx);
    assert_eq!(assert_ledger_agrees(&svc, m.id).await, 200);
    tdb.cleanup().await;
}

#[tokio::test]
async fn adjustments_need_a_reason_never_overdraw_and_are_idempotent() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let sales1 = actor(&svc, "sales1").await;
    let member = member_of(&svc, &actor(&svc, "13800000002").await).await;
    let before = assert_ledger_agrees(&svc, member.id).await;

    let add = Adjustment {
        points: 500,
        reason: "补发活动积分".to_owned(),
    };
    assert!(matches!(
        membership::adjust(&svc.db, &sales1, member.id, &add, None, now).await,
        Err(DomainError::Forbidden)
    ));
    for bad in [
        Adjustment {
            points: 10,
            reason: "  ".to_owned(),
        },
        Adjustment {
            points: 0,
            reason: "零".to_owned(),
        },
    ] {
        assert!(matches!(
            membership::adjust(&svc.db, &club1, member.id, &bad, None, now).await,
            Err(DomainError::Validation(_))
        ));
    }
    let overdraw = Adjustment {
        points: -(before + 1),
        reason: "扣回".to_owned(),
    };
    assert!(matches!(
        membership::adjust(&svc.db, &club1, member.id, &overdraw, None, now).await,
        Err(DomainError::Conflict("insufficient_points"))
    ));
    assert_eq!(assert_ledger_agrees(&svc, member.id).await, before);

    let k = key("adj-1");
    let first = membership::adjust(&svc.db, &club1, member.id, &add, Some(&k), now)
        .await
        .expect("adjust");
    let again = membership::adjust(&svc.db, &club1, member.id, &add, Some(&k), now)
        .await
        .expect("replay");
    assert_eq!(first, again);
    assert_eq!(assert_ledger_agrees(&svc, member.id).await, before + 500);
    assert_eq!(first.note.as_deref(), Some("补发活动积分"));
    // After a week the key is forgotten: the purge job removes it (and only
    // old keys), so the same key then starts a new adjustment.
    let purge = anju_domain::idempotency::purge_expired;
    assert_eq!(
        purge(&svc.db, now + Duration::days(6))
            .await
            .expect("purge"),
        0
    );
    assert_eq!(
        purge(&svc.db, now + Duration::days(8))
            .await
            .expect("purge"),
        1
    );
    membership::adjust(
        &svc.db,
        &club1,
        member.id,
        &add,
        Some(&k),
        now + Duration::days(8),
    )
    .await
    .expect("a new adjustment");
    assert_eq!(assert_ledger_agrees(&svc, member.id).await, before + 1_000);
    let audited = anju_domain::entity::audit_log::Entity::find()
        .filter(anju_domain::entity::audit_log::Column::Action.eq("member.points_adjust"))
        .count(&svc.db)
        .await
        .expect("n");
    assert_eq!(audited, 2);
    tdb.cleanup().await;
}

#[tokio::test]
async fn rewards_take_stock_and_points_together_and_cancelling_returns_both() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let me = actor(&svc, "13800000001").await;
    let m = member_of(&svc, &me).await;
    let one_left = rewards::create(
        &svc.db,
        &club1,
        &RewardDraft {
            name: "限量马克杯".to_owned(),
            description: "客户会定制".to_owned(),
            points_cost: 100,
            stock: 1,
            active: true,
        },
        now,
    )
    .await
    .expect("reward");
    let before = m.points_balance;
    let got = rewards::redeem(&svc.db, &me, one_left.id, None, now)
        .await
        .expect("redeem");
    assert_eq!(got.balance_after, before - 100);
    assert!(matches!(
        rewards::redeem(&svc.db, &me, one_left.id, None, now).await,
        Err(DomainError::Conflict("out_of_stock"))
    ));
    assert_eq!(assert_ledger_agrees(&svc, m.id).await, before - 100);

    // Too expensive: stock stays.
    let dear = rewards::create(
        &svc.db,
        &club1,
        &RewardDraft {
            name: "豪华家电".to_owned(),
            points_cost: 10_000_000,
            stock: 3,
            active: true,
            ..Default::default()
        },
        now,
    )
    .await
    .expect("reward");
    assert!(matches!(
        rewards::redeem(&svc.db, &me, dear.id, None, now).await,
        Err(DomainError::Conflict("insufficient_points"))
    ));
    let stock = |id| {
        let db = svc.db.clone();
        async move {
            reward::Entity::find_by_id(id)
                .one(&db)
                .await
                .expect("q")
                .expect("r")
                .stock
        }
    };
    assert_eq!(stock(dear.id).await, 3);

    rewards::settle(&svc.db, &club1, got.id, RedemptionStatus::Cancelled, now)
        .await
        .expect("cancel");
    assert_eq!(stock(one_left.id).await, 1);
    assert_eq!(assert_ledger_agrees(&svc, m.id).await, before);
    assert!(matches!(
        rewards::settle(&svc.db, &club1, got.id, RedemptionStatus::Fulfilled, now).await,
        Err(DomainError::Conflict("redemption_settled"))
    ));
    let mine = rewards::own_redemptions(&svc.db, &me).await.expect("mine");
    assert_eq!(mine[0].status, RedemptionStatus::Cancelled);
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_members_contract_earns_purchase_points_once() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let me = actor(&svc, "13800000002").await;
    let m = member_of(&svc, &me).await;
    let before = m.points_balance;
    let u = anju_domain::entity::unit::Entity::find()
        .filter(anju_domain::entity::unit::Column::Status.eq(UnitStatus::Available.as_str()))
        .one(&svc.db)
        .await
        .expect("q")
        .expect("unit");
    // The sales manager sells to unassigned customers such as the member.
    let manager = actor(&svc, "manager1").await;
    inventory::act(
        &svc.db,
        &manager,
        u.id,
        UnitAction::Reserve,
        Some(m.customer_id),
        now,
    )
    .await
    .expect("reserve");
    inventory::act(&svc.db, &manager, u.id, UnitAction::Contract, None, now)
        .await
        .expect("contract");
    assert!(purchases::consume(&svc.db, now).await.expect("consume") >= 1);
    assert_eq!(purchases::consume(&svc.db, now).await.expect("again"), 0);
    let per_10k = settings::get_int(&svc.db, rules::PURCHASE_POINTS_PER_10K)
        .await
        .expect("rule");
    let expected = u.list_price_fen / 1_000_000 * per_10k;
    assert_eq!(assert_ledger_agrees(&svc, m.id).await, before + expected);
    let after = member_of(&svc, &me).await;
    assert_eq!(
        after.tier, "silver",
        "{expected} purchase points reach 银卡"
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_demo_members_have_a_ledger_with_history() {
    let (tdb, svc) = seeded().await;
    let zhang = actor(&svc, "13800000001").await;
    let s = membership::points_summary(&svc.db, &zhang, t0())
        .await
        .expect("summary");
    // 200 + 3,000 + 50 − 1,000 + 20; the redemption ate the welcome points
    // and 800 of the purchase points, whose 2,200 left lapse within 90 days.
    assert_eq!(s.balance, 2_270);
    assert_eq!(s.tier, Tier::Silver);
    assert_eq!(s.expiring_soon, 2_200);
    assert_ledger_agrees(&svc, member_of(&svc, &zhang).await.id).await;
    tdb.cleanup().await;
}

/// Concurrency: many redemptions at once against one balance, on a real
/// pool (a SQLite file, or PostgreSQL): no overdraft, no lost update, stock
/// never below zero.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_redemptions_never_overdraw() {
    let (tdb, svc, _dir) = pooled().await;
    let now = svc.clock.now();
    membership::enrol(&svc.db, &form("13900007777"), None, now)
        .await
        .expect("enrol");
    let me = login(&svc, "13900007777", "Join@2026").await;
    let m = member_of(&svc, &me).await;
    let club1 = actor(&svc, "club1").await;
    // 200 welcome + 9,800 = 10,000 points: enough for 100 redemptions of 100.
    membership::adjust(
        &svc.db,
        &club1,
        m.id,
        &Adjustment {
            points: 9_800,
            reason: "压力测试".to_owned(),
        },
        None,
        now,
    )
    .await
    .expect("top up");
    let cup = rewards::create(
        &svc.db,
        &club1,
        &RewardDraft {
            name: "杯子".to_owned(),
            points_cost: 100,
            stock: 150,
            active: true,
            ..Default::default()
        },
        now,
    )
    .await
    .expect("reward");
    let tasks = (0..200).map(|i| {
        let svc = svc.clone();
        let me = me.clone();
        async move {
            // Every 4th request is a client retry of the one before it.
            let k = key(&format!("r-{}", i - (i % 4 == 3) as i32));
            rewards::redeem(&svc.db, &me, cup.id, Some(&k), now).await
        }
    });
    let results = futures::future::join_all(tasks).await;
    let mut ids: Vec<i64> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|v| v.id))
        .collect();
    for r in &results {
        if let Err(e) = r {
            assert!(
                matches!(e, DomainError::Conflict("insufficient_points")),
                "{e:?}"
            );
        }
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        100,
        "exactly the balance's worth, retries replayed"
    );
    assert_eq!(assert_ledger_agrees(&svc, m.id).await, 0);
    let left = reward::Entity::find_by_id(cup.id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("r")
        .stock;
    assert_eq!(left, 50);
    tdb.cleanup().await;
}

/// A seeded database reached through a pool of connections: a SQLite file
/// (in-memory SQLite has one connection) or PostgreSQL.
pub async fn pooled() -> (anju_domain::testing::TestDb, Services, Option<TempDir>) {
    let (tdb, svc) = seeded().await;
    if tdb.is_postgres() {
        return (tdb, svc, None);
    }
    tdb.cleanup().await;
    let dir = TempDir::new();
    let url = format!("sqlite://{}/club.db?mode=rwc", dir.0.display());
    let db = anju_domain::db::connect(&url).await.expect("open");
    anju_domain::db::migrate(&db).await.expect("migrate");
    let reports = anju_domain::db::connect_reports(&url, &db)
        .await
        .expect("reports pool");
    let svc = Services { db, reports, ..svc };
    anju_domain::demo::seed(&svc.db, t0()).await.expect("seed");
    let tdb = anju_domain::testing::TestDb::wrap(svc.db.clone());
    (tdb, svc, Some(dir))
}

pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!("anju-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&p).expect("tmp");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}
