//! The signed-in user and UI language, loaded once per page from the server
//! and shared through context.

use crate::error::AppError;
use anju_types::SessionInfo;
use leptos::prelude::*;

/// Put into each request's extensions by the server's session middleware.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct RequestSession {
    pub actor: Option<anju_domain::auth::Actor>,
    pub lang: anju_types::Lang,
    /// Read with the sign-in, for the header's bell.
    pub unread_notifications: u64,
}

#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    let session = current_request_session();
    Ok(SessionInfo {
        user: session.actor.as_ref().map(|a| a.session_user()),
        lang: session.lang,
        unread_notifications: session.unread_notifications,
    })
}

/// The request's session as the middleware resolved it; anonymous if absent.
/// Read in place from the request's `Parts`: `leptos_axum::extract` would
/// clone all of them (headers, extensions) on every call.
#[cfg(feature = "ssr")]
pub fn current_request_session() -> RequestSession {
    with_context::<axum::http::request::Parts, _>(|parts| {
        parts.extensions.get::<RequestSession>().cloned()
    })
    .flatten()
    .unwrap_or_default()
}

pub type SessionResource = Resource<Result<SessionInfo, AppError>>;

pub fn provide_session() {
    let resource: SessionResource = Resource::new_blocking(|| (), |_| get_session());
    provide_context(resource);
}

pub fn use_session() -> Option<SessionResource> {
    use_context::<SessionResource>()
}

/// The signed-in user and the domain services, for server functions that
/// need someone signed in (the domain then checks the permission).
#[cfg(feature = "ssr")]
pub async fn signed_in() -> Result<(anju_domain::auth::Actor, anju_domain::Services), AppError> {
    use anju_types::ErrorCode;
    let session = current_request_session();
    let actor = session
        .actor
        .ok_or(AppError::new(ErrorCode::Unauthenticated))?;
    let services =
        use_context::<anju_domain::Services>().ok_or(AppError::new(ErrorCode::Internal))?;
    Ok((actor, services))
}
