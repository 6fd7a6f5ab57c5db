//! Nothing personal stays in a browser's cache: every answer is
//! `Cache-Control: no-store` unless it is one of the site's static files
//! (the bundles, styles, scripts and icons under the site root), which are
//! the same for everybody. A shared computer then keeps no member's points,
//! requests, coupons or photos once the tab is closed, and no proxy between
//! stores them. A new static file is `no-store` until it is listed here:
//! safe by default, only slower.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Paths served from the site root (`scripts/build.sh` puts them there).
pub fn is_static_file(path: &str) -> bool {
    path.starts_with("/pkg/") || matches!(path, "/favicon.svg" | "/charts.js" | "/echarts.min.js")
}

pub async fn no_store(req: Request, next: Next) -> Response {
    let cacheable = is_static_file(req.uri().path());
    let mut response = next.run(req).await;
    if !cacheable {
        // Personal data must never be stored, whatever a handler said.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_static_file;

    #[test]
    fn only_the_site_files_may_be_cached() {
        assert!(is_static_file("/pkg/anju.wasm"));
        assert!(is_static_file("/echarts.min.js"));
        for personal in [
            "/",
            "/points",
            "/api/v1/me",
            "/api/kb/suggest",
            "/tickets/1/photos/2",
        ] {
            assert!(!is_static_file(personal), "{personal}");
        }
    }
}
