//! Sessions: log in, rotate refresh tokens, log out, and turn an access token
//! into an [`Actor`].
//!
//! A login opens a session (a refresh-token family). Each refresh spends the
//! presented refresh token and issues a new one in the same family; presenting
//! a spent token again means it was stolen or replayed, so the whole family is
//! revoked. Refresh tokens are random and stored only as SHA-256 hashes.

use super::{Actor, password, throttle};
use crate::entity::{auth_session, refresh_token, user, user_role};
use crate::{DomainError, Services, db::begin_write, notifications, users};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic,
    QueryFilter, QuerySelect, QueryTrait, SelectA, SelectB, Set,
};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub struct LoginInput {
    /// A mobile number (members) or a user name (staff, merchants).
    pub identifier: String,
    pub password: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The device token this client was given by an earlier login, if any.
    pub device_token: Option<String>,
}

/// What a successful login or refresh hands back to the client.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    pub access_token: String,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
    pub actor: Actor,
    /// After a login (not a refresh): the token that marks this client as
    /// one of the account's devices for the login throttle.
    pub device_token: Option<String>,
}

pub const REVOKED_LOGOUT: &str = "logout";
pub const REVOKED_REUSE: &str = "refresh_reuse";
pub const REVOKED_DISABLED: &str = "user_disabled";

pub async fn login(svc: &Services, input: LoginInput) -> Result<IssuedTokens, DomainError> {
    let now = svc.clock.now();
    let policy = &svc.auth.throttle;
    // An identifier that cannot be a login still counts against the IP.
    let login = users::normalize_login(&input.identifier).unwrap_or_default();
    let account_key = throttle::account_key(&login);
    let ip = input.ip.as_deref().unwrap_or("unknown");
    // Every attempt is counted before the password is checked, in one
    // statement (`throttle::take`): a burst of parallel guesses cannot all
    // see a count below the limit. A success forgives the count.
    let rate = |limit: i32| throttle::RateLimit {
        limit: i64::from(limit),
        window: policy.window,
    };
    // A device that signed in to this account before, with attempts to
    // spare, is judged on its own (see `throttle`).
    let mut device_key = None;
    if let Some(id) = input
        .device_token
        .as_deref()
        .and_then(|t| svc.jwt.device_id(t, &login, now))
    {
        let key = throttle::device_key(&id);
        let limit = rate(policy.max_failures_per_device);
        if throttle::take(&svc.db, &key, limit, now).await.is_ok() {
            device_key = Some(key);
        }
    }
    if device_key.is_none() {
        let limit = policy.max_accounts_per_ip;
        throttle::check(&svc.db, &throttle::ip_key(ip), limit, policy.window, now).await?;
        if !login.is_empty() {
            let limit = rate(policy.max_failures_per_account);
            throttle::take(&svc.db, &account_key, limit, now).await?;
        }
    }

    let found = if login.is_empty() {
        None
    } else {
        user::Entity::find()
            .filter(user::Column::Login.eq(login.as_str()))
            .one(&svc.db)
            .await?
    };
    let stored_hash = found
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| password::decoy_hash().to_owned());
    let candidate = input.password.clone();
    let password_ok =
        tokio::task::spawn_blocking(move || password::verify(&candidate, &stored_hash))
            .await
            .map_err(|e| DomainError::Internal(format!("password check task: {e}")))?;

    let user = match found {
        Some(u) if password_ok && u.active => u,
        _ => {
            let tx = begin_write(&svc.db).await?;
            // A known device's failure was counted against that device
            // alone; an unknown one's also against its address, once for
            // each account it tried.
            if device_key.is_none() {
                let pair = throttle::pair_key(ip, &login);
                if throttle::record_failure(&tx, &pair, policy.window, now).await? {
                    let ip_key = throttle::ip_key(ip);
                    throttle::record_failure(&tx, &ip_key, policy.window, now).await?;
                }
            }
            tx.commit().await?;
            return Err(DomainError::InvalidCredentials);
        }
    };

    let tx = begin_write(&svc.db).await?;
    // The owner on a known device forgives that device's count only: the
    // account stays closed to unknown devices while it is under attack.
    throttle::clear(&tx, device_key.as_ref().unwrap_or(&account_key)).await?;
    let session_id = uuid::Uuid::new_v4().to_string();
    let refresh_expires_at = now + svc.auth.refresh_ttl;
    auth_session::ActiveModel {
        id: Set(session_id.clone()),
        user_id: Set(user.id),
        created_at: Set(now),
        expires_at: Set(refresh_expires_at),
        revoked_at: Set(None),
        revoke_reason: Set(None),
        user_agent: Set(input.user_agent.map(|ua| truncate(&ua, 255))),
        ip: Set(input.ip.map(|ip| truncate(&ip, 64))),
    }
    .insert(&tx)
    .await?;
    let refresh_token = store_new_refresh_token(&tx, &session_id, now, refresh_expires_at).await?;
    tx.commit().await?;

    let device_token = svc.jwt.device_token(&login, now);
    let mut issued = issue(
        svc,
        user,
        session_id,
        refresh_token,
        refresh_expires_at,
        now,
    )
    .await?;
    issued.device_token = Some(device_token);
    Ok(issued)
}

/// Spends a refresh token and issues a fresh pair in the same session.
pub async fn refresh(svc: &Services, presented: &str) -> Result<IssuedTokens, DomainError> {
    let now = svc.clock.now();
    let hash = hash_token(presented);
    let tx = begin_write(&svc.db).await?;
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(&tx)
        .await?
    else {
        return Err(DomainError::TokenInvalid);
    };
    let session = auth_session::Entity::find_by_id(token.session_id.clone())
        .one(&tx)
        .await?
        .ok_or(DomainError::TokenInvalid)?;
    if session.revoked_at.is_some() || session.expires_at <= now || token.expires_at <= now {
        return Err(DomainError::TokenInvalid);
    }
    // Spend the token; only one concurrent refresh can win this update.
    let spent = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(&tx)
        .await?;
    if token.used_at.is_some() || spent.rows_affected != 1 {
        revoke_session(&tx, &session.id, REVOKED_REUSE, now).await?;
        tx.commit().await?;
        tracing::warn!(session = %session.id, "refresh token reused: session revoked");
        return Err(DomainError::TokenInvalid);
    }
    let user = user::Entity::find_by_id(session.user_id)
        .one(&tx)
        .await?
        .filter(|u| u.active)
        .ok_or(DomainError::TokenInvalid)?;
    let refresh_token = store_new_refresh_token(&tx, &session.id, now, session.expires_at).await?;
    tx.commit().await?;

    issue(
        svc,
        user,
        session.id,
        refresh_token,
        session.expires_at,
        now,
    )
    .await
}

/// Ends the session a refresh token belongs to. Unknown tokens are ignored:
/// logging out is always allowed to succeed.
pub async fn logout_by_refresh_token(svc: &Services, presented: &str) -> Result<(), DomainError> {
    let hash = hash_token(presented);
    if let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(&svc.db)
        .await?
    {
        let tx = begin_write(&svc.db).await?;
        revoke_session(&tx, &token.session_id, REVOKED_LOGOUT, svc.clock.now()).await?;
        tx.commit().await?;
    }
    Ok(())
}

pub async fn logout_session(svc: &Services, session_id: &str) -> Result<(), DomainError> {
    let tx = begin_write(&svc.db).await?;
    revoke_session(&tx, session_id, REVOKED_LOGOUT, svc.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Turns a bearer access token into the current actor. The token must verify
/// and its session must still be open and its user active, so logout and
/// disabling a user take effect at once, not when the token expires.
pub async fn authenticate(svc: &Services, access_token: &str) -> Result<Actor, DomainError> {
    Ok(signed_in(svc, access_token, false).await?.actor)
}

/// A browser page's sign-in: the actor as [`authenticate`] finds it and how
/// many of the user's notifications are unread (the header's bell on every
/// page), read in the same statement so a page pays one round trip for both.
pub async fn authenticate_page(
    svc: &Services,
    access_token: &str,
) -> Result<PageSignIn, DomainError> {
    signed_in(svc, access_token, true).await
}

/// Who a page is for, and their unread notification count.
#[derive(Debug, Clone)]
pub struct PageSignIn {
    pub actor: Actor,
    pub unread_notifications: u64,
}

async fn signed_in(
    svc: &Services,
    access_token: &str,
    count_unread: bool,
) -> Result<PageSignIn, DomainError> {
    let now = svc.clock.now();
    let claims = svc.jwt.verify(access_token, now)?;
    let user_id: i64 = claims.sub.parse().map_err(|_| DomainError::TokenInvalid)?;
    // One round trip for "the user is active, this session of theirs is
    // open, and these are their roles": every request pays for it.
    let open_session = Query::select()
        .column(auth_session::Column::UserId)
        .from(auth_session::Entity)
        .and_where(auth_session::Column::Id.eq(claims.sid.as_str()))
        .and_where(auth_session::Column::RevokedAt.is_null())
        .and_where(auth_session::Column::ExpiresAt.gt(now))
        .to_owned();
    // The roles come in the same query (a left join: one row per role).
    let mut select = user::Entity::find_by_id(user_id)
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Id.in_subquery(open_session))
        .find_with_related(user_role::Entity);
    if count_unread {
        select = select.expr_as(
            notifications::unread_count(Expr::col((user::Entity, user::Column::Id))),
            UNREAD,
        );
    }
    let rows = svc.db.query_all(&select.into_query()).await?;
    let first = rows.first().ok_or(DomainError::TokenInvalid)?;
    let user = user::Model::from_query_result(first, SelectA.as_str())?;
    let mut roles = Vec::with_capacity(rows.len());
    for row in &rows {
        roles.extend(user_role::Model::from_query_result_optional(
            row,
            SelectB.as_str(),
        )?);
    }
    let unread_notifications = if count_unread {
        u64::try_from(first.try_get::<i64>("", UNREAD)?).unwrap_or(0)
    } else {
        0
    };
    Ok(PageSignIn {
        actor: users::actor_from(user, &roles, claims.sid)?,
        unread_notifications,
    })
}

const UNREAD: &str = "unread_notifications";

pub async fn revoke_session(
    db: &impl ConnectionTrait,
    session_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    auth_session::Entity::update_many()
        .col_expr(auth_session::Column::RevokedAt, Expr::value(now))
        .col_expr(auth_session::Column::RevokeReason, Expr::value(reason))
        .filter(auth_session::Column::Id.eq(session_id))
        .filter(auth_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every open session of a user (disabled account, password change).
pub async fn revoke_all_sessions(
    db: &impl ConnectionTrait,
    user_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let res = auth_session::Entity::update_many()
        .col_expr(auth_session::Column::RevokedAt, Expr::value(now))
        .col_expr(auth_session::Column::RevokeReason, Expr::value(reason))
        .filter(auth_session::Column::UserId.eq(user_id))
        .filter(auth_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

async fn store_new_refresh_token(
    db: &impl ConnectionTrait,
    session_id: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<String, DomainError> {
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let token = URL_SAFE_NO_PAD.encode(raw);
    refresh_token::ActiveModel {
        session_id: Set(session_id.to_owned()),
        token_hash: Set(hash_token(&token)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Builds the actor and signs its access token for an open session.
async fn issue(
    svc: &Services,
    user: user::Model,
    session_id: String,
    refresh_token: String,
    refresh_expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<IssuedTokens, DomainError> {
    let actor = users::actor_for(&svc.db, user, session_id).await?;
    let (access_token, access_expires_at) =
        svc.jwt
            .issue(actor.user_id, &actor.session_id, now, svc.auth.access_ttl)?;
    Ok(IssuedTokens {
        access_token,
        access_expires_at,
        refresh_token,
        refresh_expires_at,
        actor,
        device_token: None,
    })
}

fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}
