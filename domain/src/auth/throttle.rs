//! Login throttling: too many failed logins for one account, or from one IP
//! address, within a window lock further attempts (HTTP 429) until the window
//! ends. Kept in the database so every app instance sees the same counts.

use crate::{DomainError, entity::login_throttle as lt};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

#[derive(Clone, Debug)]
pub struct ThrottlePolicy {
    pub max_failures_per_account: i32,
    pub max_failures_per_ip: i32,
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            max_failures_per_account: 5,
            max_failures_per_ip: 30,
            window: Duration::minutes(15),
        }
    }
}

pub fn account_key(login: &str) -> String {
    format!("acct:{login}")
}

pub fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
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

/// Counts one failure, starting a new window when the old one has ended.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
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
    Ok(())
}

/// A successful login forgives the account's earlier failures (not the IP's).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DomainError> {
    lt::Entity::delete_by_id(key.to_owned()).exec(db).await?;
    Ok(())
}
