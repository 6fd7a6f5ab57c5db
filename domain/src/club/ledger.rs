//! The points ledger (积分账户). Entries are append-only; every entry that
//! adds points opens a lot holding its unspent remainder and its expiry, and
//! every entry that takes points consumes lots oldest-expiring first. Three
//! figures always agree, in every committed state:
//!
//!   members.points_balance = Σ entries.points = Σ lots.remaining ≥ 0
//!
//! Each movement runs in one write transaction that first locks the
//! member's row (an UPDATE: a row lock on PostgreSQL; SQLite's write lock is
//! taken by `BEGIN IMMEDIATE`), so movements of one member are serialised on
//! every engine and every instance, and reads after the lock see the last
//! committed state.

use super::rules::{self, TierThresholds};
use crate::DomainError;
use crate::entity::{member, points_entry, points_lot};
use crate::settings;
use anju_types::club::{LedgerKind, PointsEntriesPage, PointsEntryView, PointsReason, Tier};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// One movement of points, described by its cause.
#[derive(Debug, Clone)]
pub struct Movement {
    pub kind: LedgerKind,
    pub reason: PointsReason,
    /// The amount moved, always positive; the kind says which way.
    pub points: i64,
    pub source: Option<String>,
    pub note: Option<String>,
    /// Makes the cause count once per member.
    pub dedupe_key: Option<String>,
    pub reverses_entry_id: Option<i64>,
    pub actor_user_id: Option<i64>,
}

impl Movement {
    pub fn new(kind: LedgerKind, reason: PointsReason, points: i64) -> Movement {
        Movement {
            kind,
            reason,
            points,
            source: None,
            note: None,
            dedupe_key: None,
            reverses_entry_id: None,
            actor_user_id: None,
        }
    }

    pub fn source(mut self, source: impl Into<String>) -> Movement {
        self.source = Some(source.into());
        self
    }

    pub fn dedupe(mut self, key: impl Into<String>) -> Movement {
        self.dedupe_key = Some(key.into());
        self
    }
}

/// Takes the member's row lock for this transaction; `NotFound` if there
/// is no such member.
pub async fn lock_member(
    tx: &impl ConnectionTrait,
    member_id: i64,
    now: DateTime<Utc>,
) -> Result<member::Model, DomainError> {
    let locked = member::Entity::update_many()
        .col_expr(member::Column::UpdatedAt, Expr::value(now))
        .filter(member::Column::Id.eq(member_id))
        .exec(tx)
        .await?;
    if locked.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    member::Entity::find_by_id(member_id)
        .one(tx)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The entry this cause already produced for the member, if any.
pub async fn find_by_dedupe(
    tx: &impl ConnectionTrait,
    member_id: i64,
    dedupe_key: &str,
) -> Result<Option<points_entry::Model>, DomainError> {
    Ok(points_entry::Entity::find()
        .filter(points_entry::Column::MemberId.eq(member_id))
        .filter(points_entry::Column::DedupeKey.eq(dedupe_key))
        .one(tx)
        .await?)
}

fn entry_row(
    member_id: i64,
    m: &Movement,
    signed: i64,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> points_entry::ActiveModel {
    points_entry::ActiveModel {
        member_id: Set(member_id),
        kind: Set(m.kind.as_str().to_owned()),
        points: Set(signed),
        reason: Set(m.reason.as_str().to_owned()),
        source: Set(m.source.clone()),
        note: Set(m.note.clone()),
        dedupe_key: Set(m.dedupe_key.clone()),
        reverses_entry_id: Set(m.reverses_entry_id),
        actor_user_id: Set(m.actor_user_id),
        expires_at: Set(expires_at),
        created_at: Set(now),
        ..Default::default()
    }
}

/// Adds points as a new lot that lapses after the configured period.
/// Earned points also count toward the tier. The caller holds the lock.
pub async fn credit(
    tx: &impl ConnectionTrait,
    member_id: i64,
    m: Movement,
    now: DateTime<Utc>,
) -> Result<points_entry::Model, DomainError> {
    if m.points <= 0 {
        return Err(DomainError::field("points", "must_be_positive"));
    }
    let days = settings::get_int(tx, rules::EXPIRY_DAYS).await?;
    let expires_at = now + Duration::days(days);
    let entry = entry_row(member_id, &m, m.points, Some(expires_at), now)
        .insert(tx)
        .await?;
    points_lot::ActiveModel {
        member_id: Set(member_id),
        entry_id: Set(entry.id),
        remaining: Set(m.points),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    let earned = if m.kind == LedgerKind::Earn {
        m.points
    } else {
        0
    };
    change_balance(tx, member_id, m.points, earned).await?;
    Ok(entry)
}

/// Takes points from the oldest-expiring lots first; `insufficient_points`
/// (409) if the balance would go below zero. Lapsed lots are expired first,
/// so they can never be spent. The caller holds the lock.
pub async fn debit(
    tx: &impl ConnectionTrait,
    member_id: i64,
    m: Movement,
    now: DateTime<Utc>,
) -> Result<points_entry::Model, DomainError> {
    if m.points <= 0 {
        return Err(DomainError::field("points", "must_be_positive"));
    }
    expire_member(tx, member_id, now).await?;
    let taken = member::Entity::update_many()
        .col_expr(
            member::Column::PointsBalance,
            Expr::col(member::Column::PointsBalance).sub(m.points),
        )
        .filter(member::Column::Id.eq(member_id))
        .filter(member::Column::PointsBalance.gte(m.points))
        .exec(tx)
        .await?;
    if taken.rows_affected == 0 {
        return Err(DomainError::Conflict("insufficient_points"));
    }
    let entry = entry_row(member_id, &m, -m.points, None, now)
        .insert(tx)
        .await?;
    consume_lots(tx, member_id, m.points).await?;
    Ok(entry)
}

/// Spends `points` from the member's lots, oldest expiry first.
async fn consume_lots(
    tx: &impl ConnectionTrait,
    member_id: i64,
    mut points: i64,
) -> Result<(), DomainError> {
    while points > 0 {
        let lots = points_lot::Entity::find()
            .filter(points_lot::Column::MemberId.eq(member_id))
            .order_by_asc(points_lot::Column::ExpiresAt)
            .order_by_asc(points_lot::Column::Id)
            .limit(64)
            .all(tx)
            .await?;
        if lots.is_empty() {
            // The balance said there was enough: the lots disagree.
            return Err(DomainError::Internal(format!(
                "member {member_id}: lots short of the balance by {points}"
            )));
        }
        for lot in lots {
            if points == 0 {
                break;
            }
            let take = std::cmp::min(points, lot.remaining);
            if take == lot.remaining {
                points_lot::Entity::delete_by_id(lot.id).exec(tx).await?;
            } else {
                points_lot::Entity::update_many()
                    .col_expr(
                        points_lot::Column::Remaining,
                        Expr::col(points_lot::Column::Remaining).sub(take),
                    )
                    .filter(points_lot::Column::Id.eq(lot.id))
                    .exec(tx)
                    .await?;
            }
            points -= take;
        }
    }
    Ok(())
}

/// Balance and points ever earned move together; the tier follows.
async fn change_balance(
    tx: &impl ConnectionTrait,
    member_id: i64,
    delta: i64,
    earned_delta: i64,
) -> Result<(), DomainError> {
    member::Entity::update_many()
        .col_expr(
            member::Column::PointsBalance,
            Expr::col(member::Column::PointsBalance).add(delta),
        )
        .col_expr(
            member::Column::PointsEarned,
            Expr::col(member::Column::PointsEarned).add(earned_delta),
        )
        .filter(member::Column::Id.eq(member_id))
        .exec(tx)
        .await?;
    if earned_delta != 0 {
        let row = member::Entity::find_by_id(member_id)
            .one(tx)
            .await?
            .ok_or(DomainError::NotFound)?;
        let tier = TierThresholds::load(tx).await?.tier_for(row.points_earned);
        if tier.as_str() != row.tier {
            member::Entity::update_many()
                .col_expr(member::Column::Tier, Expr::value(tier.as_str()))
                .filter(member::Column::Id.eq(member_id))
                .exec(tx)
                .await?;
        }
    }
    Ok(())
}

/// Expires the member's lapsed lots (one `expire` entry each). The caller
/// holds the lock; a lot already expired by another instance is gone.
pub async fn expire_member(
    tx: &impl ConnectionTrait,
    member_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let due = points_lot::Entity::find()
        .filter(points_lot::Column::MemberId.eq(member_id))
        .filter(points_lot::Column::ExpiresAt.lte(now))
        .all(tx)
        .await?;
    let mut n = 0;
    for lot in due {
        let m = Movement::new(LedgerKind::Expire, PointsReason::Expiry, lot.remaining)
            .dedupe(format!("expire:lot:{}", lot.id));
        entry_row(member_id, &m, -lot.remaining, None, now)
            .insert(tx)
            .await?;
        points_lot::Entity::delete_by_id(lot.id).exec(tx).await?;
        change_balance(tx, member_id, -lot.remaining, 0).await?;
        n += 1;
    }
    Ok(n)
}

/// The expiry job: every lapsed lot becomes an `expire` entry, oldest
/// first. Safe to run twice and on several instances at once: each member
/// is handled under its lock and re-reads its lots, and a lot's expiry has
/// a dedupe key. Returns the number of lots expired.
pub async fn expire_due(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DomainError> {
    let mut total = 0;
    loop {
        let members: Vec<i64> = points_lot::Entity::find()
            .select_only()
            .column(points_lot::Column::MemberId)
            .filter(points_lot::Column::ExpiresAt.lte(now))
            .order_by_asc(points_lot::Column::ExpiresAt)
            .limit(200)
            .into_tuple()
            .all(db)
            .await?;
        if members.is_empty() {
            return Ok(total);
        }
        let mut batch = 0;
        for member_id in dedup(members) {
            let tx = crate::db::begin_write(db).await?;
            lock_member(&tx, member_id, now).await?;
            batch += expire_member(&tx, member_id, now).await?;
            tx.commit().await?;
        }
        total += batch;
        if batch == 0 {
            // Another instance took them between our read and our lock.
            return Ok(total);
        }
    }
}

fn dedup(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Undoes an entry once. An adding entry loses what is left of its lot
/// (spent points stay spent, so the balance never goes negative); a taking
/// entry gives its points back as a fresh lot. Expiries are final.
pub async fn reverse(
    tx: &impl ConnectionTrait,
    member_id: i64,
    entry_id: i64,
    actor_user_id: Option<i64>,
    note: Option<String>,
    now: DateTime<Utc>,
) -> Result<points_entry::Model, DomainError> {
    let original = points_entry::Entity::find_by_id(entry_id)
        .filter(points_entry::Column::MemberId.eq(member_id))
        .one(tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let kind = LedgerKind::parse(&original.kind);
    if matches!(kind, Some(LedgerKind::Expire | LedgerKind::Reverse) | None) {
        return Err(DomainError::Conflict("not_reversible"));
    }
    let dedupe = format!("reverse:{entry_id}");
    if find_by_dedupe(tx, member_id, &dedupe).await?.is_some() {
        return Err(DomainError::Conflict("already_reversed"));
    }
    let reason = PointsReason::parse(&original.reason).unwrap_or(PointsReason::Manual);
    let mut m = Movement::new(LedgerKind::Reverse, reason, original.points.abs()).dedupe(dedupe);
    m.source = original.source.clone();
    m.note = note;
    m.reverses_entry_id = Some(entry_id);
    m.actor_user_id = actor_user_id;
    if original.points < 0 {
        return credit(tx, member_id, m, now).await;
    }
    let lot = points_lot::Entity::find()
        .filter(points_lot::Column::EntryId.eq(entry_id))
        .one(tx)
        .await?
        .ok_or(DomainError::Conflict("nothing_to_reverse"))?;
    m.points = lot.remaining;
    let entry = entry_row(member_id, &m, -lot.remaining, None, now)
        .insert(tx)
        .await?;
    points_lot::Entity::delete_by_id(lot.id).exec(tx).await?;
    let earned = if kind == Some(LedgerKind::Earn) {
        -lot.remaining
    } else {
        0
    };
    change_balance(tx, member_id, -lot.remaining, earned).await?;
    Ok(entry)
}

/// `(SELECT SUM(remaining) …)`: the points of the member row in the outer
/// query that lapse before `until` (NULL when none do).
pub(crate) fn expiring_expr(until: DateTime<Utc>) -> Expr {
    Expr::SubQuery(
        None,
        Box::new(
            sea_orm::sea_query::Query::select()
                .expr(Expr::cust("CAST(SUM(remaining) AS BIGINT)"))
                .from(points_lot::Entity)
                .and_where(
                    Expr::col((points_lot::Entity, points_lot::Column::MemberId))
                        .equals((member::Entity, member::Column::Id)),
                )
                .and_where(points_lot::Column::ExpiresAt.lt(until))
                .to_owned()
                .into(),
        ),
    )
}

/// A page of the member's ledger, newest first.
pub async fn entries(
    db: &impl ConnectionTrait,
    member_id: i64,
    cursor: Option<i64>,
    limit: u64,
) -> Result<PointsEntriesPage, DomainError> {
    let limit = limit.clamp(1, 100);
    let mut q = points_entry::Entity::find()
        .filter(points_entry::Column::MemberId.eq(member_id))
        .order_by_desc(points_entry::Column::Id)
        .limit(limit + 1);
    if let Some(c) = cursor {
        q = q.filter(points_entry::Column::Id.lt(c));
    }
    let mut rows = q.all(db).await?;
    let next_cursor = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(PointsEntriesPage {
        items: rows.into_iter().map(entry_view).collect(),
        next_cursor,
    })
}

pub fn entry_view(e: points_entry::Model) -> PointsEntryView {
    PointsEntryView {
        id: e.id,
        kind: LedgerKind::parse(&e.kind).unwrap_or(LedgerKind::Adjust),
        reason: PointsReason::parse(&e.reason).unwrap_or(PointsReason::Manual),
        points: e.points,
        source: e.source,
        note: e.note,
        expires_at: e.expires_at,
        created_at: e.created_at,
    }
}

/// The three figures that must agree: (kept balance, Σ entries, Σ lots).
pub async fn audit_balance(
    db: &impl ConnectionTrait,
    member_id: i64,
) -> Result<(i64, i64, i64), DomainError> {
    let kept = member::Entity::find_by_id(member_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?
        .points_balance;
    let entries: Option<i64> = points_entry::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(SUM(points) AS BIGINT)"), "s")
        .filter(points_entry::Column::MemberId.eq(member_id))
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    let lots: Option<i64> = points_lot::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(SUM(remaining) AS BIGINT)"), "s")
        .filter(points_lot::Column::MemberId.eq(member_id))
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    Ok((kept, entries.unwrap_or(0), lots.unwrap_or(0)))
}

/// How many members' books do not balance: a kept balance that differs
/// from Σ entries or from Σ unspent lots, or is negative. 0 in every
/// committed state; the crash and scale tests check it over every member.
pub async fn members_out_of_balance(db: &impl ConnectionTrait) -> Result<i64, DomainError> {
    let sql = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM members m WHERE \
         m.points_balance <> COALESCE((SELECT SUM(points) FROM points_entries e WHERE e.member_id = m.id), 0) \
         OR m.points_balance <> COALESCE((SELECT SUM(remaining) FROM points_lots l WHERE l.member_id = m.id), 0) \
         OR m.points_balance < 0";
    Ok(crate::db::number(db, sql).await?)
}

/// A member's tier as stored.
pub fn tier_of(m: &member::Model) -> Tier {
    Tier::parse(&m.tier).unwrap_or(Tier::Basic)
}
