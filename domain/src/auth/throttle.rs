//! Login throttling, after OWASP's guidance on blocking brute force: a
//! guesser is stopped without locking out the account's owner or everyone
//! behind one address. Kept in the database so every app instance sees the
//! same counts. Within a window (15 minutes):
//!
//! - **A device that signed in to the account before** (it holds the device
//!   token a successful login hands out, `jwt::JwtKeys::device_token`) has
//!   its own allowance, `max_failures_per_device`: an attacker elsewhere
//!   cannot use it up, so the owner signs in from their own phone or
//!   computer even while the account is under attack.
//! - **Any other client** gets `max_failures_per_account` failures for the
//!   account in all, then the account refuses unknown devices (429) until the
//!   window ends.
//! - **An address** is refused to unknown devices once failures for
//!   `max_accounts_per_ip` *different* accounts came from it: a script
//!   trying one password on many accounts. Many people on one office wifi,
//!   each mistyping their own password, count once each.
//!
//! Unknown logins count as accounts of their own, never against a real one.
//! Attempts (not only failures) are counted against the account or device
//! before the password is checked, so parallel guesses take turns; a
//! success forgives them. IPv6 addresses count by their /64.

use crate::{DomainError, entity::login_throttle as lt};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

#[derive(Clone, Debug)]
pub struct ThrottlePolicy {
    /// Attempts for one account from devices that never signed in to it.
    pub max_failures_per_account: i32,
    /// Attempts from one device that signed in to the account before.
    pub max_failures_per_device: i32,
    /// Different accounts failing from one address.
    pub max_accounts_per_ip: i32,
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            max_failures_per_account: 5,
            max_failures_per_device: 10,
            max_accounts_per_ip: 50,
            window: Duration::minutes(15),
        }
    }
}

pub fn account_key(login: &str) -> String {
    format!("acct:{login}")
}

pub fn device_key(device: &str) -> String {
    format!("dev:{device}")
}

/// One (address, account) pair: its first failure in a window counts once
/// against the address.
pub fn pair_key(ip: &str, login: &str) -> String {
    format!("pair:{ip}|{login}")
}

/// An IPv6 address is counted by its /64: one household or office gets a
/// whole /64, and an attacker would otherwise have 2^64 fresh addresses.
pub fn ip_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("ip:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        _ => format!("ip:{ip}"),
    }
}

/// Refuses with `Throttled` when the key has used up its failures in the
/// current window.
pub async fn check(
    db: &impl ConnectionTrait,
    key: &str,
    limit: i32,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    if let Some(row) = lt::Entity::find_by_id(key.to_owned()).one(db).await? {
        let window_end = row.window_started_at + window;
        if row.failures >= limit && now < window_end {
            let retry_after_secs = std::cmp::max((window_end - now).num_seconds(), 1);
            return Err(DomainError::Throttled { retry_after_secs });
        }
    }
    Ok(())
}

/// Counts one failure, starting a new window when the old one has ended;
/// says whether this was the first failure of a window.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let window_still_open = lt::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .is_some_and(|row| now < row.window_started_at + window);
    if window_still_open {
        lt::Entity::update_many()
            .col_expr(lt::Column::Failures, Expr::col(lt::Column::Failures).add(1))
            .filter(lt::Column::Key.eq(key))
            .exec(db)
            .await?;
    } else {
        let fresh = lt::ActiveModel {
            key: Set(key.to_owned()),
            failures: Set(1),
            window_started_at: Set(now),
        };
        lt::Entity::insert(fresh)
            .on_conflict(
                OnConflict::column(lt::Column::Key)
                    .update_columns([lt::Column::Failures, lt::Column::WindowStartedAt])
                    .to_owned(),
            )
            .exec(db)
            .await?;
    }
    Ok(!window_still_open)
}

/// A cap on how often one key may act: at most `limit` times per `window`.
#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    pub limit: i64,
    pub window: Duration,
}

/// Coupon claims per member: far above what a person does, low enough to
/// stop a script emptying a merchant's offers.
pub const COUPON_CLAIMS_PER_MEMBER: RateLimit = RateLimit {
    limit: 30,
    window: Duration::minutes(10),
};

/// Counts one action for `key` and refuses with `Throttled` (429) once more
/// than `rate.limit` fall in the current window (which starts at the first
/// action after the last one ended). One statement, so concurrent requests
/// on every instance each count exactly once.
pub async fn take(
    db: &impl ConnectionTrait,
    key: &str,
    rate: RateLimit,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let expired = now - rate.window;
    let sql = "INSERT INTO login_throttle (key, failures, window_started_at) VALUES (?, 1, ?) \
         ON CONFLICT (key) DO UPDATE SET \
         failures = CASE WHEN login_throttle.window_started_at <= ? THEN 1 \
                    ELSE login_throttle.failures + 1 END, \
         window_started_at = CASE WHEN login_throttle.window_started_at <= ? \
                    THEN excluded.window_started_at ELSE login_throttle.window_started_at END \
         RETURNING failures, window_started_at";
    let row = db
        .query_one_raw(crate::db::statement(
            db.get_database_backend(),
            sql,
            vec![key.into(), now.into(), expired.into(), expired.into()],
        ))
        .await?
        .ok_or_else(|| DomainError::Internal("rate limit upsert returned no row".into()))?;
    let taken: i32 = row.try_get("", "failures")?;
    let started: DateTime<Utc> = row.try_get("", "window_started_at")?;
    if i64::from(taken) > rate.limit {
        let retry_after_secs = std::cmp::max((started + rate.window - now).num_seconds(), 1);
        return Err(DomainError::Throttled { retry_after_secs });
    }
    Ok(())
}

/// Rows whose window started this long ago can no longer refuse anything:
/// every window (logins, coupon claims, enrolment) is far shorter.
const FORGET_AFTER: Duration = Duration::days(1);

/// Deletes counters no window can still use, so one row per IP address or
/// account ever seen does not pile up (the club job runs this).
pub async fn purge_stale(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    Ok(lt::Entity::delete_many()
        .filter(lt::Column::WindowStartedAt.lt(now - FORGET_AFTER))
        .exec(db)
        .await?
        .rows_affected)
}

/// A successful login forgives the account's earlier failures (not the IP's).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DomainError> {
    lt::Entity::delete_by_id(key.to_owned()).exec(db).await?;
    Ok(())
}
