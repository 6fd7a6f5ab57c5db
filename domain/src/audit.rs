//! The audit trail: who did what to which record, with before and after.

use crate::entity::audit_log;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde::Serialize;

pub struct AuditEntry<'a> {
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Writes one audit row; call it inside the transaction of the change it
/// records so both commit or neither does.
pub async fn record(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    entry: AuditEntry<'_>,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(at),
        actor_user_id: Set(entry.actor_user_id),
        action: Set(entry.action.to_owned()),
        entity: Set(entry.entity.to_owned()),
        entity_id: Set(entry.entity_id),
        before: Set(entry.before.map(|v| v.to_string())),
        after: Set(entry.after.map(|v| v.to_string())),
        request_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

pub fn snapshot(value: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}
