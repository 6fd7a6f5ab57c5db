//! Three browser bundles. The server renders every page either way; the
//! page's path decides which bundle it loads.
//!
//! - **Portal** (`<output>_portal`, features `hydrate,islands`): the member
//!   pages that work as plain server-rendered HTML — links are ordinary
//!   page loads and forms post to their server functions, which redirect
//!   back — hydrate only their `#[island]`s. Nothing else of the app is in
//!   this bundle, which is how it stays within issue 7's 300 kB budget.
//! - **Portal, whole** (`<output>_portal_full`, `hydrate`): the member pages
//!   not yet moved to islands, hydrated with the portal's router.
//! - **Staff** (`<output>`, `hydrate,staff`): the staff console and the
//!   merchant counter, hydrated as a whole app.
//!
//! Islands pages have no client router: every link is a page load, so it
//! arrives with its own bundle. The whole-app bundles route in the browser
//! (the portal's whole bundle still holds every portal page) and load the
//! other's paths — console and counter, or portal — from the server.

use leptos::prelude::*;

/// Paths whose pages are left out of the portal bundles.
pub const STAFF_PREFIXES: [&str; 2] = ["/console", "/merchant"];

/// Member and visitor pages served as HTML with islands: each path, and
/// with `/*` everything below it.
pub const ISLAND_PAGES: [&str; 13] = [
    "/",
    "/login",
    "/join",
    "/help",
    "/help/*",
    "/homes",
    "/homes/*",
    "/profile",
    "/notifications",
    "/points",
    "/offers",
    "/events",
    "/surveys",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// Islands only: the portal's HTML pages.
    Portal,
    /// The portal's pages hydrated as a whole, with their router.
    PortalFull,
    /// The whole app: console and counter.
    Staff,
}

fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn island_page(path: &str) -> bool {
    ISLAND_PAGES
        .iter()
        .any(|page| match page.strip_suffix("/*") {
            Some(parent) => path
                .strip_prefix(parent)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|rest| !rest.is_empty()),
            None => path == *page,
        })
}

impl Bundle {
    /// The bundle the page at `path` loads.
    pub fn for_path(path: &str) -> Self {
        if STAFF_PREFIXES.iter().any(|p| under(path, p)) {
            Bundle::Staff
        } else if island_page(path) {
            Bundle::Portal
        } else {
            Bundle::PortalFull
        }
    }

    /// The bundle's file name (without extension), from the app's output name.
    pub fn output_name(self, output: &str) -> String {
        match self {
            Bundle::Staff => output.to_owned(),
            Bundle::Portal => format!("{output}_portal"),
            Bundle::PortalFull => format!("{output}_portal_full"),
        }
    }

    /// Whether the page hydrates only its islands (no client router).
    pub fn islands(self) -> bool {
        self == Bundle::Portal
    }
}

/// In the portal's whole bundle, the console's and the counter's routes:
/// the browser loads the address from the server instead, which renders
/// the page and sends the staff bundle with it. (Links known to cross over
/// say `rel="external"` and never get here.)
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

/// The islands bundle's start: hydrate the page's islands, then mark the
/// page hydrated as the whole-app bundles do (tests wait for the mark). The
/// loader hydrates islands right after this returns, as a chain of promise
/// callbacks, so a zero-delay timer runs once they are all done.
#[cfg(all(feature = "hydrate", feature = "islands"))]
pub fn hydrate_islands() {
    leptos::mount::hydrate_islands();
    set_timeout(
        || {
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_gets_its_bundle() {
        for path in [
            "/console",
            "/console/customers/7",
            "/merchant",
            "/merchant/",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Staff, "{path}");
            assert_eq!(Bundle::for_path(path).output_name("anju"), "anju", "{path}");
        }
        for path in [
            "/",
            "/login",
            "/join",
            "/help",
            "/help/3",
            "/homes",
            "/homes/12",
            "/profile",
            "/notifications",
            "/points",
            "/offers",
            "/events",
            "/surveys",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Portal, "{path}");
            assert_eq!(
                Bundle::for_path(path).output_name("anju"),
                "anju_portal",
                "{path}"
            );
            assert!(Bundle::for_path(path).islands(), "{path}");
        }
        for path in [
            "/tickets",
            "/tickets/5",
            "/surveys/4",
            "/referrals",
            "/homes/",
            "/profile/x",
            "/consoles",
            "/merchants",
            "/helpdesk",
            "/nowhere",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::PortalFull, "{path}");
            assert_eq!(
                Bundle::for_path(path).output_name("anju"),
                "anju_portal_full",
                "{path}"
            );
            assert!(!Bundle::for_path(path).islands(), "{path}");
        }
    }
}
