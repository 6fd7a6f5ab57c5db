//! The audit trail: who did what to which record, with before and after.

use crate::DomainError;
use crate::auth::{self, Actor};
use crate::entity::{audit_log, user};
use anju_types::Permission;
use anju_types::audit::{AuditEntryView, AuditPage};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use std::collections::HashMap;

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

/// Records a form's save: `<noun>.create` when `created`, else
/// `<noun>.update`, with what was submitted as the after-image.
#[allow(clippy::too_many_arguments)]
pub async fn record_save(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    actor_user_id: i64,
    created: bool,
    (create, update): (&str, &str),
    entity: &str,
    entity_id: i64,
    submitted: &impl Serialize,
) -> Result<(), DbErr> {
    record(
        db,
        at,
        AuditEntry {
            actor_user_id: Some(actor_user_id),
            action: if created { create } else { update },
            entity,
            entity_id: entity_id.to_string(),
            before: None,
            after: snapshot(submitted),
        },
    )
    .await
}

pub fn snapshot(value: &impl Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

/// What the administrator narrows the log to.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// The kind of record (`customer`, `setting` …), exactly.
    pub entity: Option<String>,
    /// The acting user's login.
    pub user: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<i64>,
    pub limit: u64,
}

/// The audit log, newest first, for those who may read it.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &AuditFilter,
) -> Result<AuditPage, DomainError> {
    auth::require(actor, Permission::ViewAudit)?;
    let limit = filter.limit.clamp(1, 100);
    let mut q = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(limit + 1);
    if let Some(entity) = filter
        .entity
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        q = q.filter(audit_log::Column::Entity.eq(entity));
    }
    if let Some(login) = filter
        .user
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        let login = crate::users::normalize_login(login).unwrap_or_default();
        let Some(found) = user::Entity::find()
            .filter(user::Column::Login.eq(login))
            .one(db)
            .await?
        else {
            return Ok(AuditPage {
                items: Vec::new(),
                next_cursor: None,
            });
        };
        q = q.filter(audit_log::Column::ActorUserId.eq(found.id));
    }
    if let Some(c) = filter.cursor {
        q = q.filter(audit_log::Column::Id.lt(c));
    }
    let mut rows = q.all(db).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    // The actors of this page in one query.
    let names: HashMap<i64, (String, String)> = user::Entity::find()
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::Login,
            user::Column::DisplayName,
        ])
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.actor_user_id)))
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, login, name)| (id, (login, name)))
        .collect();
    let next_cursor = more.then(|| rows.last().map(|r| r.id)).flatten();
    Ok(AuditPage {
        items: rows
            .into_iter()
            .map(|r| {
                let who = r.actor_user_id.and_then(|id| names.get(&id));
                AuditEntryView {
                    id: r.id,
                    at: r.at,
                    actor_login: who.map(|(login, _)| login.clone()),
                    actor_name: who.map(|(_, name)| name.clone()),
                    action: r.action,
                    entity: r.entity,
                    entity_id: r.entity_id,
                    before: r.before.as_deref().map(masked),
                    after: r.after.as_deref().map(masked),
                }
            })
            .collect(),
        next_cursor,
    })
}

/// The kinds of record the log holds, for the filter.
pub async fn entities(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<String>, DomainError> {
    auth::require(actor, Permission::ViewAudit)?;
    Ok(audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Entity)
        .distinct()
        .order_by_asc(audit_log::Column::Entity)
        .into_tuple::<String>()
        .all(db)
        .await?)
}

/// A recorded JSON snapshot with every `id_number` masked: the log is kept
/// whole, the viewer shows no more than the customer pages would.
fn masked(json: &str) -> String {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    match v {
                        serde_json::Value::String(s) if k == "id_number" => {
                            *s = anju_types::mask_id_number(s);
                        }
                        _ => walk(v),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(mut v) => {
            walk(&mut v);
            v.to_string()
        }
        Err(_) => json.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_are_masked_wherever_they_sit() {
        let shown = masked(
            r#"{"name":"张三","id_number":"11010519491231002X","old":[{"id_number":"110105194912310021"}]}"#,
        );
        assert!(!shown.contains("19491231"), "{shown}");
        assert!(shown.contains("张三"));
        assert_eq!(masked("not json"), "not json");
    }
}
