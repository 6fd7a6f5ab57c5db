//! Cross-site request forgery defence, for the whole router in one place.
//!
//! A browser attaches anju's session cookies to any request it sends here,
//! whichever page made it; so every state-changing request that carries
//! them, and every browser form route (login, enrolment, server functions),
//! must prove it comes from one of anju's own pages. Browsers say where a
//! request comes from in `Sec-Fetch-Site` (all current ones) and `Origin`
//! (sent with every cross-origin request and with every POST):
//!
//! - `Sec-Fetch-Site: same-origin` (or `none`, typed by the user) passes;
//!   `same-site` (another port or subdomain of this host) and `cross-site`
//!   are refused.
//! - Without it, `Origin` must name this host; `null` (sandboxed frames,
//!   `data:` pages) is refused.
//! - With neither, a request that carries a session cookie is refused (no
//!   browser sends such a request from a page), and one without cookies —
//!   a script or a test signing in — passes: it has no ambient authority.
//!
//! The REST API (`/api/v1/…`) is not checked: it authenticates by bearer
//! token only (the session middleware does not even read cookies there),
//! which no foreign page can attach, and its login answers tokens in the
//! body, not cookies. A browser's cookies on such a request give it no
//! authority, and clients that keep a cookie jar (scripts, test runners)
//! send no `Origin`.

use crate::error::ApiError;
use crate::session::{ACCESS_COOKIE, REFRESH_COOKIE, cookie};
use anju_types::ErrorCode;
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The stable reason in a refusal's `details.reason`.
pub const REFUSAL_REASON: &str = "cross_site_request";

pub async fn guard(req: Request, next: Next) -> Response {
    if needs_proof(req.method(), req.uri().path()) && !proves_same_origin(req.headers()) {
        tracing::warn!(
            path = %req.uri().path(),
            origin = ?req.headers().get(header::ORIGIN),
            fetch_site = ?req.headers().get("sec-fetch-site"),
            "cross-site request refused"
        );
        let mut refusal = ApiError::new(ErrorCode::Forbidden);
        refusal.details = Some(serde_json::json!({ "reason": REFUSAL_REASON }));
        return refusal.into_response();
    }
    next.run(req).await
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn has_session_cookie(headers: &HeaderMap) -> bool {
    cookie(headers, ACCESS_COOKIE).is_some() || cookie(headers, REFRESH_COOKIE).is_some()
}

fn needs_proof(method: &Method, path: &str) -> bool {
    changes_state(method) && !path.starts_with("/api/v1/")
}

fn proves_same_origin(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match text(header::ORIGIN.as_str()) {
        Some(origin) => origin_is_this_host(origin, text(header::HOST.as_str())),
        None => !has_session_cookie(headers),
    }
}

/// `http://127.0.0.1:3000` against `Host: 127.0.0.1:3000`: the scheme may
/// differ behind a TLS-terminating proxy, the host and port may not.
fn origin_is_this_host(origin: &str, host: Option<&str>) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false; // `null`, or nothing a browser sends
    };
    matches!(scheme, "http" | "https")
        && host.is_some_and(|h| h.eq_ignore_ascii_case(authority.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:3000"));
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    const SIGNED_IN: (&str, &str) = ("cookie", "anju_at=tok; anju_lang=zh");

    #[test]
    fn a_signed_in_post_must_name_this_origin() {
        let ok = |pairs: &[(&'static str, &'static str)]| proves_same_origin(&headers(pairs));
        assert!(ok(&[SIGNED_IN, ("sec-fetch-site", "same-origin")]));
        assert!(ok(&[SIGNED_IN, ("origin", "http://127.0.0.1:3000")]));
        assert!(ok(&[SIGNED_IN, ("origin", "https://127.0.0.1:3000")]));
        assert!(!ok(&[SIGNED_IN, ("sec-fetch-site", "same-site")]));
        assert!(!ok(&[SIGNED_IN, ("sec-fetch-site", "cross-site")]));
        // Sec-Fetch-Site decides when present, whatever Origin says.
        assert!(!ok(&[
            SIGNED_IN,
            ("sec-fetch-site", "same-site"),
            ("origin", "http://127.0.0.1:3000")
        ]));
        assert!(!ok(&[SIGNED_IN, ("origin", "http://127.0.0.1:3001")]));
        assert!(!ok(&[SIGNED_IN, ("origin", "null")]));
        assert!(!ok(&[
            SIGNED_IN,
            ("origin", "http://127.0.0.1:3000.evil.example")
        ]));
        assert!(!ok(&[SIGNED_IN]));
        // No cookie, no ambient authority: a script may sign in.
        assert!(ok(&[]));
        assert!(!ok(&[("origin", "https://evil.example")]));
    }

    #[test]
    fn bearer_api_calls_and_reads_are_not_checked() {
        let post = Method::POST;
        assert!(!needs_proof(&post, "/api/v1/me/tickets"));
        assert!(needs_proof(&post, "/api/webhooks/create"));
        assert!(needs_proof(&post, "/auth/login"));
        assert!(needs_proof(&Method::DELETE, "/console/anything"));
        assert!(!needs_proof(&Method::GET, "/console"));
    }
}
