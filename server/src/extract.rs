//! Path and query extractors that answer bad input in the API's error
//! shape: 400 `bad_request` with `details.location` and `details.parameter`
//! naming what did not parse (axum's own answer is plain text). They keep
//! axum's names so utoipa still documents the parameters from the
//! handlers' signatures.

use crate::error::{ApiError, bad_input};
use anju_types::ErrorCode;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// Path parameters (`/tickets/{id}`); `/tickets/abc` is 400 naming `id`.
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                let key = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. }
                    | ErrorKind::InvalidUtf8InPathParam { key }
                    | ErrorKind::DeserializeError { key, .. } => Some(key.clone()),
                    // A lone parameter's error does not name it: the route does.
                    _ => only_parameter(parts, state).await,
                };
                Err(bad_input("path", key))
            }
            // The route and the handler disagree: a bug, not bad input.
            Err(rejection) => {
                tracing::error!(%rejection, "path parameters missing");
                Err(ApiError::new(ErrorCode::Internal))
            }
        }
    }
}

async fn only_parameter<S: Send + Sync>(parts: &mut Parts, state: &S) -> Option<String> {
    let raw = RawPathParams::from_request_parts(parts, state).await.ok()?;
    let mut names = raw.iter().map(|(name, _)| name.to_owned());
    match (names.next(), names.next()) {
        (Some(name), None) => Some(name),
        _ => None,
    }
}

/// The query string (`?limit=50`); `?limit=ten` is 400 naming `limit`.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|err| {
                let name = err.path().to_string();
                bad_input("query", (name != ".").then_some(name))
            })
    }
}

/// A page size from the query: `default` when absent, and 400 naming
/// `limit` outside 1–`max` (the range its parameter documents).
pub fn page_size(limit: Option<u32>, default: u64, max: u64) -> Result<u64, ApiError> {
    match limit.map(u64::from) {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(bad_input("query", Some("limit".to_owned()))),
    }
}

/// The highest 0-based page number a query may ask for.
pub const MAX_PAGE: u32 = 1_000_000;

/// A 0-based page number from the query; past `MAX_PAGE` is 400 naming `page`.
pub fn page_number(page: Option<u32>) -> Result<u64, ApiError> {
    match page {
        Some(p) if p > MAX_PAGE => Err(bad_input("query", Some("page".to_owned()))),
        p => Ok(u64::from(p.unwrap_or(0))),
    }
}
