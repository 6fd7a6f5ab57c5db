//! Settings an administrator may change at run time (e.g. the discount a
//! salesperson may give without approval). Stored as key → text, read with
//! a typed default, so a missing row means "the default".

use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::entity::setting;
use crate::{DomainError, db::begin_write};
use anju_types::Permission;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Set};

/// One integer setting: its key, default and allowed range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntSetting {
    pub key: &'static str,
    pub default: i64,
    pub min: i64,
    pub max: i64,
}

/// The largest discount, in basis points of the list price (300 = 3%), a
/// salesperson may give without a sales manager's approval.
pub const DISCOUNT_APPROVAL_BP: IntSetting = IntSetting {
    key: "sales.discount_approval_bp",
    default: 300,
    min: 0,
    max: 10_000,
};

/// The contact-frequency guard: at most this many outbound contacts …
pub const CONTACT_MAX_OUTBOUND: IntSetting = IntSetting {
    key: "customers.contact_max_outbound",
    default: 2,
    min: 1,
    max: 50,
};

/// … within this many days.
pub const CONTACT_WINDOW_DAYS: IntSetting = IntSetting {
    key: "customers.contact_window_days",
    default: 7,
    min: 1,
    max: 90,
};

/// 未跟进预警: a prospect nobody contacted for this many days, with nothing
/// planned, shows in the salesperson's work queue.
pub const STALE_AFTER_DAYS: IntSetting = IntSetting {
    key: "customers.stale_after_days",
    default: 14,
    min: 1,
    max: 365,
};

/// How long a hold (预留) keeps a unit for a customer.
pub const HOLD_MINUTES: IntSetting = IntSetting {
    key: "units.hold_minutes",
    default: 30,
    min: 5,
    max: 7 * 24 * 60,
};

pub const ALL: [IntSetting; 5] = [
    DISCOUNT_APPROVAL_BP,
    CONTACT_MAX_OUTBOUND,
    CONTACT_WINDOW_DAYS,
    STALE_AFTER_DAYS,
    HOLD_MINUTES,
];

/// Every setting with its current value (admin only).
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<anju_types::settings::SettingView>, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    let values = get_ints(db, ALL).await?;
    Ok(ALL
        .into_iter()
        .zip(values)
        .map(|(s, value)| anju_types::settings::SettingView {
            key: s.key.to_owned(),
            value,
            default: s.default,
            min: s.min,
            max: s.max,
        })
        .collect())
}

pub async fn get_int(db: &impl ConnectionTrait, s: IntSetting) -> Result<i64, DbErr> {
    let row = setting::Entity::find_by_id(s.key.to_owned())
        .one(db)
        .await?;
    Ok(s.value_or_default(row.as_ref().map(|r| r.value.as_str())))
}

impl IntSetting {
    /// The stored text as this setting's value; the default when it is
    /// missing or out of range.
    pub fn value_or_default(self, stored: Option<&str>) -> i64 {
        stored
            .and_then(|v| v.parse().ok())
            .filter(|v| (self.min..=self.max).contains(v))
            .unwrap_or(self.default)
    }

    /// `(SELECT value FROM settings WHERE key = …)`, for reading a setting
    /// in the same query as the data it applies to.
    pub fn stored_value_expr(self) -> sea_orm::sea_query::Expr {
        use sea_orm::ColumnTrait;
        sea_orm::sea_query::Expr::SubQuery(
            None,
            Box::new(
                sea_orm::sea_query::Query::select()
                    .column(setting::Column::Value)
                    .from(setting::Entity)
                    .and_where(setting::Column::Key.eq(self.key))
                    .to_owned()
                    .into(),
            ),
        )
    }
}

/// Several settings in one query, in the order asked.
pub async fn get_ints<const N: usize>(
    db: &impl ConnectionTrait,
    wanted: [IntSetting; N],
) -> Result<[i64; N], DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let rows = setting::Entity::find()
        .filter(setting::Column::Key.is_in(wanted.iter().map(|s| s.key)))
        .all(db)
        .await?;
    Ok(wanted.map(|s| {
        s.value_or_default(
            rows.iter()
                .find(|row| row.key == s.key)
                .map(|row| row.value.as_str()),
        )
    }))
}

/// Changes a setting (admin only), audited.
pub async fn set_int(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    value: i64,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    let s = ALL
        .into_iter()
        .find(|s| s.key == key)
        .ok_or(DomainError::NotFound)?;
    write_int(db, actor, s, value, now).await
}

/// Stores one setting and audits the change; the caller has checked that
/// the actor may change it.
pub(crate) async fn write_int(
    db: &DatabaseConnection,
    actor: &Actor,
    s: IntSetting,
    value: i64,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    if !(s.min..=s.max).contains(&value) {
        return Err(DomainError::field("value", "out_of_range"));
    }
    let tx = begin_write(db).await?;
    let before = get_int(&tx, s).await?;
    setting::Entity::insert(setting::ActiveModel {
        key: Set(s.key.to_owned()),
        value: Set(value.to_string()),
        updated_by: Set(Some(actor.user_id)),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .update_columns([
                setting::Column::Value,
                setting::Column::UpdatedBy,
                setting::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(&tx)
    .await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "setting.update",
            entity: "setting",
            entity_id: s.key.to_owned(),
            before: Some(serde_json::json!({ "value": before })),
            after: Some(serde_json::json!({ "value": value })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_unreadable_or_out_of_range_value_reads_as_the_default() {
        assert_eq!(HOLD_MINUTES.value_or_default(Some("45")), 45);
        assert_eq!(HOLD_MINUTES.value_or_default(None), 30);
        assert_eq!(HOLD_MINUTES.value_or_default(Some("soon")), 30);
        assert_eq!(HOLD_MINUTES.value_or_default(Some("1")), 30, "below min");
        assert_eq!(HOLD_MINUTES.value_or_default(Some("5")), 5, "min itself");
    }
}
