//! User accounts: creating them, loading an actor, and the admin's
//! enable/disable with immediate session revocation.

use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor, password, session};
use crate::entity::{user, user_role};
use crate::{DomainError, db::begin_write};
use anju_types::{AccountKind, Lang, MobilePhone, Permission, Role};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

/// The key a person logs in with: a member's normalised mobile number, or a
/// staff/merchant user name (2–32 of `a-z 0-9 _ . -`, case-insensitive).
pub fn normalize_login(input: &str) -> Option<String> {
    if let Ok(phone) = MobilePhone::parse(input) {
        return Some(phone.to_string());
    }
    let name = input.trim().to_lowercase();
    let valid = (2..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
    valid.then_some(name)
}

pub struct NewUser {
    pub kind: AccountKind,
    pub login: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
    pub department_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub merchant_id: Option<i64>,
}

/// Creates a user with its roles. Members must log in with a mobile number.
pub async fn create_user(
    db: &impl ConnectionTrait,
    mut new: NewUser,
    now: DateTime<Utc>,
) -> Result<user::Model, DomainError> {
    let login = normalize_login(&new.login).ok_or(DomainError::field("login", "invalid_login"))?;
    if new.kind == AccountKind::Member && MobilePhone::parse(&login).is_err() {
        return Err(DomainError::field("login", "invalid_mobile"));
    }
    if new.display_name.trim().is_empty() {
        return Err(DomainError::field("display_name", "required"));
    }
    password::check_strength(&new.password)?;
    if new.roles.is_empty() {
        return Err(DomainError::field("roles", "required"));
    }
    let exists = user::Entity::find()
        .filter(user::Column::Login.eq(login.as_str()))
        .one(db)
        .await?
        .is_some();
    if exists {
        return Err(DomainError::Conflict("login_taken"));
    }
    let pw = std::mem::take(&mut new.password);
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(|e| DomainError::Internal(format!("hash task: {e}")))??;
    insert_user(db, new, login, hash, now).await
}

/// Inserts an already validated user with a precomputed password hash.
pub(crate) async fn insert_user(
    db: &impl ConnectionTrait,
    new: NewUser,
    login: String,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<user::Model, DomainError> {
    let created = user::ActiveModel {
        kind: Set(new.kind.as_str().to_owned()),
        login: Set(login),
        display_name: Set(new.display_name.trim().to_owned()),
        password_hash: Set(password_hash),
        active: Set(true),
        lang: Set(Lang::Zh.code().to_owned()),
        department_id: Set(new.department_id),
        customer_id: Set(new.customer_id),
        merchant_id: Set(new.merchant_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut roles = new.roles;
    roles.sort();
    roles.dedup();
    for role in roles {
        user_role::ActiveModel {
            user_id: Set(created.id),
            role: Set(role.as_str().to_owned()),
        }
        .insert(db)
        .await?;
    }
    Ok(created)
}

fn parse_roles(rows: &[user_role::Model]) -> Vec<Role> {
    let mut roles: Vec<Role> = rows.iter().filter_map(|r| Role::parse(&r.role)).collect();
    roles.sort();
    roles
}

/// Builds the actor for a loaded user; the roles come from the database now.
pub async fn actor_for(
    db: &impl ConnectionTrait,
    user: user::Model,
    session_id: String,
) -> Result<Actor, DomainError> {
    let roles = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user.id))
        .all(db)
        .await?;
    actor_from(user, &roles, session_id)
}

/// The actor for a user whose role rows the caller loaded with it.
pub fn actor_from(
    user: user::Model,
    roles: &[user_role::Model],
    session_id: String,
) -> Result<Actor, DomainError> {
    let kind = AccountKind::parse(&user.kind)
        .ok_or_else(|| DomainError::Internal(format!("unknown account kind {}", user.kind)))?;
    Ok(Actor {
        user_id: user.id,
        session_id,
        kind,
        login: user.login,
        display_name: user.display_name,
        roles: parse_roles(roles),
        lang: Lang::from_code(&user.lang),
        customer_id: user.customer_id,
        merchant_id: user.merchant_id,
        department_id: user.department_id,
    })
}

/// A user as the admin's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserSummary {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub kind: AccountKind,
    pub roles: Vec<Role>,
    pub active: bool,
}

/// Staff and merchant accounts, by id, keyset-paginated (`after` = last id seen).
pub async fn list_users(
    db: &DatabaseConnection,
    actor: &Actor,
    after: Option<i64>,
    limit: u64,
) -> Result<Vec<UserSummary>, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    let mut query = user::Entity::find()
        .order_by_asc(user::Column::Id)
        .limit(limit.clamp(1, 200));
    if let Some(after) = after {
        query = query.filter(user::Column::Id.gt(after));
    }
    let rows = query.all(db).await?;
    // One query for every listed user's roles, not one per user.
    let mut roles: std::collections::HashMap<i64, Vec<Role>> = std::collections::HashMap::new();
    for r in user_role::Entity::find()
        .filter(user_role::Column::UserId.is_in(rows.iter().map(|u| u.id)))
        .all(db)
        .await?
    {
        if let Some(role) = Role::parse(&r.role) {
            roles.entry(r.user_id).or_default().push(role);
        }
    }
    Ok(rows
        .into_iter()
        .map(|u| {
            let mut user_roles = roles.remove(&u.id).unwrap_or_default();
            user_roles.sort();
            UserSummary {
                id: u.id,
                kind: AccountKind::parse(&u.kind).unwrap_or(AccountKind::Staff),
                login: u.login,
                display_name: u.display_name,
                roles: user_roles,
                active: u.active,
            }
        })
        .collect())
}

/// Enables or disables an account. Disabling ends all its sessions at once.
pub async fn set_active(
    db: &DatabaseConnection,
    actor: &Actor,
    user_id: i64,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    if user_id == actor.user_id && !active {
        return Err(DomainError::Conflict("cannot_disable_self"));
    }
    let tx = begin_write(db).await?;
    let found = user::Entity::find_by_id(user_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if found.active != active {
        let before = found.active;
        let mut model: user::ActiveModel = found.into();
        model.active = Set(active);
        model.updated_at = Set(now);
        model.update(&tx).await?;
        if !active {
            session::revoke_all_sessions(&tx, user_id, session::REVOKED_DISABLED, now).await?;
        }
        audit::record(
            &tx,
            now,
            AuditEntry {
                actor_user_id: Some(actor.user_id),
                action: if active {
                    "user.enable"
                } else {
                    "user.disable"
                },
                entity: "user",
                entity_id: user_id.to_string(),
                before: Some(serde_json::json!({ "active": before })),
                after: Some(serde_json::json!({ "active": active })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Saves the UI language a user chose.
pub async fn set_lang(
    db: &DatabaseConnection,
    user_id: i64,
    lang: Lang,
) -> Result<(), DomainError> {
    user::Entity::update_many()
        .col_expr(
            user::Column::Lang,
            sea_orm::sea_query::Expr::value(lang.code()),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_normalise_phones_and_names() {
        assert_eq!(
            normalize_login("+86 138 0000 0001").as_deref(),
            Some("13800000001")
        );
        assert_eq!(normalize_login(" Sales1 ").as_deref(), Some("sales1"));
        assert_eq!(normalize_login("a"), None);
        assert_eq!(normalize_login("bad name"), None);
        assert_eq!(normalize_login("名字"), None);
    }
}
