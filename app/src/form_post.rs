//! Forms on the portal's HTML pages (`bundle::Bundle::Portal`) post
//! straight to a server function, with or without JavaScript. Leptos sends
//! a plain form post back to the page it came from (the `Referer`), with
//! the error in the query string (`__err`, which the page's `ServerAction`
//! reads) when there is one. On success, [`back_with`] names what was done
//! — `?done=<what>&ref=<record>` — so the page can say so; the page shows
//! the message only for a record of the member's own that it finds, so a
//! crafted link cannot make it say anything else.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Query parameters [`back_with`] adds.
pub const DONE: &str = "done";
pub const REF: &str = "ref";

/// Query parameters of earlier outcomes, dropped from the way back.
const OUTCOME_PARAMS: [&str; 4] = [DONE, REF, "__path", "__err"];

/// The page to go back to: the `Referer`'s path and query (never another
/// origin: only the path is kept), without earlier outcomes, plus this one.
pub fn back_url(referer: &str, what: &str, reference: &str) -> String {
    let after_scheme = referer.split_once("://").map_or(referer, |(_, rest)| rest);
    let path_and_query = after_scheme.find('/').map_or("/", |at| &after_scheme[at..]);
    // `//evil.example`, `/\t/evil.example` … would leave the site.
    let path_and_query = anju_types::redirect::local_path(path_and_query).unwrap_or("/");
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let path = path.split('#').next().unwrap_or("/");
    let mut kept: Vec<&str> = query
        .split('#')
        .next()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !OUTCOME_PARAMS.contains(&key)
        })
        .collect();
    let done = format!("{DONE}={}", crate::components::header::encode(what));
    let reference = format!("{REF}={}", crate::components::header::encode(reference));
    kept.push(&done);
    kept.push(&reference);
    format!("{path}?{}", kept.join("&"))
}

/// In a server function that succeeded: send the browser back to the page
/// with what was done. A plain form post gets a redirect; a call from a
/// page's script gets leptos's redirect header, which the islands bundle
/// follows with a page load (`bundle::hydrate_islands`).
#[cfg(feature = "ssr")]
pub fn back_with(what: &str, reference: impl std::fmt::Display) {
    use axum::http::{header, request::Parts};
    let referer = with_context::<Parts, _>(|parts| {
        parts
            .headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
    .flatten();
    if let Some(referer) = referer {
        leptos_axum::redirect(&back_url(&referer, what, &reference.to_string()));
    }
}

/// A refusal of the last post of `F` sent without JavaScript: leptos sends
/// the browser back with it in the address (`__path`, `__err`). Read the
/// same on the server and in an island, so both render the same form.
pub fn refused<F: leptos::server_fn::ServerFn>() -> Option<crate::error::AppError> {
    use leptos::server_fn::error::ServerFnUrlError;
    let (path, err) = refusal_in_address()?;
    (path == F::PATH).then(|| ServerFnUrlError::<crate::error::AppError>::decode_err(&err))
}

/// `(__path, __err)` of the page's address: the router has them on the server.
#[cfg(not(feature = "hydrate"))]
fn refusal_in_address() -> Option<(String, String)> {
    let e = use_context::<ServerActionError>()?;
    Some((e.path().to_owned(), e.err().to_owned()))
}

/// `(__path, __err)` of the page's address: islands have no router.
#[cfg(feature = "hydrate")]
fn refusal_in_address() -> Option<(String, String)> {
    let search = window().location().search().ok()?;
    let param = |name: &str| {
        search
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| leptos::web_sys::js_sys::decode_uri_component(v).ok())
            .and_then(|v| v.as_string())
    };
    Some((param("__path")?, param("__err")?))
}

/// In an island: the value of the page's `<select id=…>`. Islands take no
/// props (see `plain_text`), so their choices come as server-rendered
/// children, found by id.
#[cfg(feature = "hydrate")]
pub fn select_value(id: &str) -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    let select = document().get_element_by_id(id)?;
    let select = select
        .dyn_into::<leptos::web_sys::HtmlSelectElement>()
        .ok()?;
    Some(select.value())
}

/// On a page: the refusal of its last post of `F`, as one alert line (the
/// same whether the post came from the page's script or from a plain form).
pub fn refusal<F>(
    action: ServerAction<F>,
    lang: anju_types::Lang,
) -> impl Fn() -> Option<AnyView> + Copy + Send + Sync + 'static
where
    F: leptos::server_fn::ServerFn<Error = crate::error::AppError> + Send + Sync + Clone + 'static,
    F::Output: Clone + Send + Sync + 'static,
{
    move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| crate::components::alert::alert(e.describe(lang)))
    }
}

/// On the page: what the last form post did, if it says so (`done`, `ref`).
pub fn done() -> Option<(String, String)> {
    let query = use_query_map();
    let query = query.read_untracked();
    Some((query.get(DONE)?, query.get(REF)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_is_the_same_page_with_only_this_outcome() {
        assert_eq!(
            back_url("http://localhost:3000/points", "redeemed", "7"),
            "/points?done=redeemed&ref=7"
        );
        assert_eq!(
            back_url(
                "https://anju.example/offers?category=%E9%A4%90%E9%A5%AE&done=claimed&ref=X&__path=a&__err=b",
                "claimed",
                "ABCD-EFGH-JKLM"
            ),
            "/offers?category=%E9%A4%90%E9%A5%AE&done=claimed&ref=ABCD-EFGH-JKLM"
        );
        assert_eq!(back_url("http://h", "x", "1"), "/?done=x&ref=1");
        assert_eq!(
            back_url("http://h//evil.example/x", "x", "1"),
            "/?done=x&ref=1"
        );
        assert_eq!(
            back_url("http://h/a#frag", "x", "1 2"),
            "/a?done=x&ref=1%202"
        );
    }
}
