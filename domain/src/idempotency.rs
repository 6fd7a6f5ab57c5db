//! `Idempotency-Key`: a client may send a key with any mutating call. The
//! first result is stored with a fingerprint of the request, in the same
//! transaction as the change; a retry with the same key gets that result
//! back and changes nothing, and the same key with a different request is
//! refused (422), never silently applied.

use crate::DomainError;
use crate::entity::idempotency_key;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

/// The user id anonymous calls (enrolment) are keyed under.
pub const ANONYMOUS: i64 = 0;

/// A client's key: 1–128 visible ASCII characters (a UUID is typical).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Result<IdempotencyKey, DomainError> {
        let ok = (1..=128).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_graphic());
        if ok {
            Ok(IdempotencyKey(raw.to_owned()))
        } else {
            Err(DomainError::field("idempotency_key", "invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl IdempotencyKey {
    /// A fresh key, for a form to carry so that submitting it twice acts
    /// once.
    pub fn generate() -> IdempotencyKey {
        IdempotencyKey(uuid::Uuid::new_v4().to_string())
    }
}

/// A request's identity: the operation and every parameter that shapes
/// its result.
pub fn fingerprint(operation: &str, params: &impl Serialize) -> String {
    let body = serde_json::to_string(params).unwrap_or_default();
    let digest = Sha256::digest(format!("{operation}\n{body}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored result of an earlier call with this key, if any. Call it
/// inside the write transaction, after taking the lock the operation
/// serialises on, so a concurrent first call has either committed or not
/// started.
pub async fn replay<T: DeserializeOwned>(
    db: &impl ConnectionTrait,
    user_id: i64,
    key: Option<&IdempotencyKey>,
    fingerprint: &str,
) -> Result<Option<T>, DomainError> {
    let Some(key) = key else { return Ok(None) };
    let Some(row) = idempotency_key::Entity::find()
        .filter(idempotency_key::Column::UserId.eq(user_id))
        .filter(idempotency_key::Column::Key.eq(key.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.request_hash != fingerprint {
        return Err(DomainError::field(
            "idempotency_key",
            "reused_with_different_request",
        ));
    }
    serde_json::from_str(&row.response)
        .map(Some)
        .map_err(|e| DomainError::Internal(format!("stored idempotent response: {e}")))
}

/// Stores the result under the key, in the operation's transaction.
pub async fn remember<T: Serialize>(
    db: &impl ConnectionTrait,
    user_id: i64,
    key: Option<&IdempotencyKey>,
    fingerprint: &str,
    result: &T,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let Some(key) = key else { return Ok(()) };
    let response = serde_json::to_string(result)
        .map_err(|e| DomainError::Internal(format!("idempotent response: {e}")))?;
    idempotency_key::ActiveModel {
        user_id: Set(user_id),
        key: Set(key.as_str().to_owned()),
        request_hash: Set(fingerprint.to_owned()),
        response: Set(response),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// How long a key replays its first result. Clients retry within seconds
/// or minutes; a week covers an app that was offline for days.
pub const KEEP_FOR_DAYS: i64 = 7;

/// Forgets keys older than [`KEEP_FOR_DAYS`] (a job runs it; harmless on
/// several instances at once). Returns how many were removed.
pub async fn purge_expired(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let cutoff = now - chrono::Duration::days(KEEP_FOR_DAYS);
    Ok(idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}

/// A unique-index race lost to a concurrent twin (the caller retries once
/// and then finds the twin's stored result).
pub fn is_unique_violation(err: &DomainError) -> bool {
    matches!(err, DomainError::Db(e) if is_unique_db(e))
}

fn is_unique_db(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(IdempotencyKey::parse("3f2a-11ef-9c").is_ok());
        assert!(IdempotencyKey::parse("").is_err());
        assert!(IdempotencyKey::parse("has space").is_err());
        assert!(IdempotencyKey::parse(&"k".repeat(129)).is_err());
    }

    #[test]
    fn fingerprints_differ_by_operation_and_parameters() {
        let a = fingerprint("redeem", &(1, 2));
        assert_eq!(a, fingerprint("redeem", &(1, 2)));
        assert_ne!(a, fingerprint("redeem", &(1, 3)));
        assert_ne!(a, fingerprint("claim", &(1, 2)));
        assert_eq!(a.len(), 64);
    }
}
