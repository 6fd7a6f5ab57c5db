//! Who is calling. The REST API takes `Authorization: Bearer <access token>`
//! only (no cookies, so no CSRF surface). Browser pages and server functions
//! use HttpOnly SameSite=Lax cookies; an expired access cookie is renewed
//! transparently from the refresh cookie.

use crate::error::ApiError;
use crate::state::AppState;
use anju_app::RequestSession;
use anju_domain::DomainError;
use anju_domain::auth::session::PageSignIn;
use anju_domain::auth::{Actor, IssuedTokens, session};
use anju_domain::notifications;
use anju_types::{ErrorCode, Lang};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;

pub const ACCESS_COOKIE: &str = "anju_at";
pub const REFRESH_COOKIE: &str = "anju_rt";
pub const LANG_COOKIE: &str = "anju_lang";
/// The device token of the login throttle (`throttle` in the domain): sent
/// only to the login form, kept across logouts.
pub const DEVICE_COOKIE: &str = "anju_device";

/// The actor of an API request, from its bearer token.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token =
            bearer_token(&parts.headers).ok_or(ApiError::new(ErrorCode::Unauthenticated))?;
        session::authenticate(&state.svc, token)
            .await
            .map(ApiActor)
            .map_err(ApiError::from)
    }
}

/// The actor when a bearer token is sent (a bad one is still 401), else
/// `None`: for reads open to visitors that show staff more.
pub struct MaybeApiActor(pub Option<Actor>);

impl FromRequestParts<AppState> for MaybeApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if bearer_token(&parts.headers).is_none() {
            return Ok(MaybeApiActor(None));
        }
        let ApiActor(actor) = ApiActor::from_request_parts(parts, state).await?;
        Ok(MaybeApiActor(Some(actor)))
    }
}

pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Middleware for browser routes: resolves the cookie session into a
/// [`RequestSession`] extension and renews or clears cookies as needed.
pub async fn browser_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    if path.starts_with("/pkg/")
        || path.starts_with("/api/v1/")
        || path == "/healthz"
        || path == "/metrics"
    {
        return next.run(req).await;
    }
    let access = cookie(req.headers(), ACCESS_COOKIE);
    let refresh = cookie(req.headers(), REFRESH_COOKIE);
    let lang_cookie = cookie(req.headers(), LANG_COOKIE).map(|c| Lang::from_code(&c));

    let mut signed_in = None;
    if let Some(token) = &access {
        signed_in = session::authenticate_page(&state.svc, token).await.ok();
    }
    let mut set_cookies = Vec::new();
    if signed_in.is_none() {
        if let Some(token) = &refresh {
            match session::refresh(&state.svc, token).await {
                Ok(issued) => {
                    set_cookies = session_cookies(&issued, state.cookie_secure);
                    // Renewals are rare: the count may cost its own query.
                    let unread = notifications::unread(&state.svc.db, &issued.actor).await;
                    signed_in = Some(PageSignIn {
                        actor: issued.actor,
                        unread_notifications: unread.unwrap_or(0),
                    });
                }
                Err(DomainError::TokenInvalid) => {
                    set_cookies = clear_session_cookies(state.cookie_secure)
                }
                Err(e) => tracing::warn!(error = %e, "session refresh failed"),
            }
        } else if access.is_some() {
            set_cookies = clear_session_cookies(state.cookie_secure);
        }
    }
    let lang = lang_cookie
        .or(signed_in.as_ref().map(|s| s.actor.lang))
        .unwrap_or_default();
    let unread_notifications = signed_in.as_ref().map_or(0, |s| s.unread_notifications);
    req.extensions_mut().insert(RequestSession {
        actor: signed_in.map(|s| s.actor),
        lang,
        unread_notifications,
    });
    let mut response = next.run(req).await;
    for c in set_cookies {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

fn build_cookie(
    name: &str,
    value: &str,
    max_age_secs: i64,
    secure: bool,
    http_only: bool,
) -> Option<HeaderValue> {
    let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).ok()
}

pub fn session_cookies(issued: &IssuedTokens, secure: bool) -> Vec<HeaderValue> {
    let now = chrono::Utc::now();
    let access_age = (issued.access_expires_at - now).num_seconds().max(1);
    let refresh_age = (issued.refresh_expires_at - now).num_seconds().max(1);
    let device = issued.device_token.as_deref().and_then(|token| {
        let age = anju_domain::auth::jwt::DEVICE_TOKEN_TTL.num_seconds();
        let c = format!(
            "{DEVICE_COOKIE}={token}; Path=/auth/login; Max-Age={age}; SameSite=Lax; HttpOnly"
        );
        HeaderValue::from_str(&if secure { c + "; Secure" } else { c }).ok()
    });
    [
        build_cookie(
            ACCESS_COOKIE,
            &issued.access_token,
            access_age,
            secure,
            true,
        ),
        build_cookie(
            REFRESH_COOKIE,
            &issued.refresh_token,
            refresh_age,
            secure,
            true,
        ),
        device,
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn clear_session_cookies(secure: bool) -> Vec<HeaderValue> {
    [
        build_cookie(ACCESS_COOKIE, "", 0, secure, true),
        build_cookie(REFRESH_COOKIE, "", 0, secure, true),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The language cookie is not a secret; a year, readable by scripts.
pub fn lang_cookie(lang: Lang, secure: bool) -> Option<HeaderValue> {
    build_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600, secure, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bearer_tokens_and_cookies() {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc.def"),
        );
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; anju_at=tok; anju_lang=en"),
        );
        assert_eq!(bearer_token(&h), Some("abc.def"));
        assert_eq!(cookie(&h, ACCESS_COOKIE).as_deref(), Some("tok"));
        assert_eq!(cookie(&h, LANG_COOKIE).as_deref(), Some("en"));
        assert_eq!(cookie(&h, REFRESH_COOKIE), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&h), None);
    }

    #[test]
    fn session_cookies_are_http_only_and_lax() {
        let c = build_cookie(ACCESS_COOKIE, "t", 60, true, true).expect("cookie");
        let s = c.to_str().expect("ascii");
        assert!(s.contains("HttpOnly") && s.contains("SameSite=Lax") && s.contains("Secure"));
    }
}
