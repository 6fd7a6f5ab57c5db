//! Property tests of the points ledger against a model a reader can check
//! by eye: lots in order, spent oldest first, lapsing after the period.

use crate::support::t0;
use anju_domain::DomainError;
use anju_domain::club::ledger::{self, Movement};
use anju_domain::club::membership::insert_member;
use anju_domain::db::begin_write;
use anju_domain::entity::{customer, points_lot};
use anju_domain::testing::TestDb;
use anju_types::club::{LedgerKind, PointsReason};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

const EXPIRY_DAYS: i64 = 730;

#[derive(Debug, Clone)]
enum Op {
    Earn(i64),
    Spend(i64),
    Adjust(i64),
    Advance(i64),
    ExpireJob,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1i64..1_000).prop_map(Op::Earn),
        3 => (1i64..1_500).prop_map(Op::Spend),
        1 => (-800i64..800).prop_filter("non-zero", |n| *n != 0).prop_map(Op::Adjust),
        2 => (0i64..400).prop_map(Op::Advance),
        1 => Just(Op::ExpireJob),
    ]
}

/// The model: open lots (remaining, expires_at) in the order they were made.
#[derive(Default)]
struct Model {
    lots: Vec<(i64, DateTime<Utc>)>,
}

impl Model {
    fn balance(&self) -> i64 {
        self.lots.iter().map(|l| l.0).sum()
    }
    fn expire(&mut self, now: DateTime<Utc>) {
        self.lots.retain(|l| l.1 > now);
    }
    fn add(&mut self, n: i64, now: DateTime<Utc>) {
        self.lots.push((n, now + Duration::days(EXPIRY_DAYS)));
    }
    /// Lapsed lots are expired first; a refused spend (rolled back)
    /// changes nothing, not even that.
    fn spend(&mut self, mut n: i64, now: DateTime<Utc>) -> bool {
        let open: i64 = self.lots.iter().filter(|l| l.1 > now).map(|l| l.0).sum();
        if open < n {
            return false;
        }
        self.expire(now);
        for lot in &mut self.lots {
            let take = lot.0.min(n);
            lot.0 -= take;
            n -= take;
        }
        self.lots.retain(|l| l.0 > 0);
        true
    }
}

async fn new_member(db: &sea_orm::DatabaseConnection, n: u32) -> i64 {
    let mobile = format!("137{n:08}");
    let c = customer::ActiveModel {
        name: Set(format!("会员{n}")),
        mobile_last4: Set(mobile[7..].to_owned()),
        mobile: Set(mobile),
        name_initials: Set(String::new()),
        consent_marketing: Set(false),
        created_at: Set(t0()),
        updated_at: Set(t0()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("customer");
    insert_member(db, c.id, None, t0())
        .await
        .expect("member")
        .id
}

async fn run(db: &sea_orm::DatabaseConnection, member_id: i64, ops: &[Op]) {
    let mut model = Model::default();
    let mut now = t0();
    for op in ops {
        match op {
            Op::Advance(days) => now += Duration::days(*days),
            Op::ExpireJob => {
                ledger::expire_due(db, now).await.expect("expiry job");
                model.expire(now);
            }
            Op::Earn(n) | Op::Adjust(n) | Op::Spend(n) => {
                let spend = matches!(op, Op::Spend(_)) || *n < 0;
                let (kind, reason) = match op {
                    Op::Earn(_) => (LedgerKind::Earn, PointsReason::Event),
                    Op::Spend(_) => (LedgerKind::Redeem, PointsReason::Reward),
                    _ => (LedgerKind::Adjust, PointsReason::Manual),
                };
                let tx = begin_write(db).await.expect("tx");
                ledger::lock_member(&tx, member_id, now)
                    .await
                    .expect("lock");
                let m = Movement::new(kind, reason, n.abs());
                let result = if spend {
                    ledger::debit(&tx, member_id, m, now).await
                } else {
                    ledger::credit(&tx, member_id, m, now).await
                };
                let expected_ok = if spend {
                    model.spend(n.abs(), now)
                } else {
                    model.add(*n, now);
                    true
                };
                assert_eq!(
                    result.is_ok(),
                    expected_ok,
                    "{op:?} succeeded as the model says"
                );
                match result {
                    Ok(_) => tx.commit().await.expect("commit"),
                    Err(DomainError::Conflict("insufficient_points")) => drop(tx),
                    Err(e) => panic!("{op:?}: {e:?}"),
                }
            }
        }
        // The ledger agrees with itself and with the model, lot by lot.
        let (kept, entries, lots_sum) = ledger::audit_balance(db, member_id).await.expect("audit");
        assert_eq!(kept, entries, "balance = Σ entries after {op:?}");
        assert_eq!(kept, lots_sum, "balance = Σ lots after {op:?}");
        assert_eq!(kept, model.balance(), "balance as modelled after {op:?}");
        let lots: Vec<(i64, DateTime<Utc>)> = points_lot::Entity::find()
            .filter(points_lot::Column::MemberId.eq(member_id))
            .order_by_asc(points_lot::Column::Id)
            .all(db)
            .await
            .expect("lots")
            .into_iter()
            .map(|l| (l.remaining, l.expires_at))
            .collect();
        // Lapsed lots the job has not reached yet still count until then.
        let mut model_open = model.lots.clone();
        let lapsed_db: i64 = lots.iter().filter(|l| l.1 <= now).map(|l| l.0).sum();
        let lapsed_model: i64 = model_open.iter().filter(|l| l.1 <= now).map(|l| l.0).sum();
        assert_eq!(lapsed_db, lapsed_model, "after {op:?}");
        model_open.retain(|l| l.1 > now);
        let db_open: Vec<_> = lots.into_iter().filter(|l| l.1 > now).collect();
        assert_eq!(db_open, model_open, "open lots after {op:?}");
    }
}

#[test]
fn the_ledger_behaves_like_its_model() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let tdb = rt.block_on(TestDb::new());
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let n = std::sync::atomic::AtomicU32::new(0);
    runner
        .run(&proptest::collection::vec(op(), 1..40), |ops| {
            let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            rt.block_on(async {
                let member_id = new_member(&tdb.db, i).await;
                run(&tdb.db, member_id, &ops).await;
            });
            Ok(())
        })
        .expect("property");
    rt.block_on(tdb.cleanup());
}
