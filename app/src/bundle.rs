//! Two browser bundles. Members hydrate the portal's bundle, which holds
//! only the portal's pages (and sign-in, the help centre, enrolment); staff
//! and merchants hydrate the whole app. The server renders every page
//! either way; a path decides which bundle the page loads, and a link from
//! a portal page into the console loads that page from the server (with
//! the staff bundle) instead of routing in the browser.

use leptos::prelude::*;

/// Paths whose pages are left out of the portal bundle.
pub const STAFF_PREFIXES: [&str; 2] = ["/console", "/merchant"];

/// Whether the page at `path` needs the staff bundle.
pub fn is_staff_path(path: &str) -> bool {
    STAFF_PREFIXES.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The bundle's file name (without extension) for the page at `path`:
/// `<output>` for the staff bundle, `<output>_portal` for the portal's.
pub fn output_name(output: &str, path: &str) -> String {
    if is_staff_path(path) {
        output.to_owned()
    } else {
        format!("{output}_portal")
    }
}

/// In the portal bundle, the console's and the counter's routes: the
/// browser loads the address from the server instead, which renders the
/// page and sends the staff bundle with it. (Links known to cross over say
/// `rel="external"` and never get here.)
#[component]
pub fn LoadFromServer() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let path = location.pathname.get_untracked();
        let query = location.search.get_untracked();
        let href = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let _ = window().location().set_href(&href);
    });
    view! { <p class="loading" role="status">{crate::i18n::LOADING.zh}</p> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_and_the_counter_get_the_staff_bundle_and_the_rest_the_portals() {
        for path in [
            "/console",
            "/console/customers/7",
            "/merchant",
            "/merchant/",
        ] {
            assert_eq!(output_name("anju", path), "anju", "{path}");
        }
        for path in [
            "/",
            "/points",
            "/login",
            "/consoles",
            "/merchants",
            "/help/3",
        ] {
            assert_eq!(output_name("anju", path), "anju_portal", "{path}");
        }
    }
}
