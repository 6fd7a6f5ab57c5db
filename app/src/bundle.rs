//! Two browser bundles. The server renders every page; the page's path
//! decides which bundle it loads.
//!
//! - **Portal** (`<output>_portal`, features `hydrate,islands`): the member
//!   portal and the public pages (sign-in, enrolment, help). They are plain
//!   server-rendered HTML — links are page loads, forms post to their server
//!   functions, which send the browser back (`form_post`) — rendered in
//!   Leptos's islands mode, so the bundle hydrates only the `#[island]`
//!   components (the forms that keep what was typed, a request's live
//!   progress) and holds nothing else of the app. That is how it stays
//!   within issue 7's 300 kB budget (`scripts/wasm-size.sh`), with two
//!   rules for islands: no props (an island's props travel as JSON, and
//!   JSON decoding alone is a third of the bundle: read the language with
//!   `i18n::page_lang`, a refusal with `form_post::refused`, static parts
//!   as children), and server functions they call reply in plain text
//!   (`plain_text`). No `ActionForm`, `ServerAction` or async resources in
//!   them either: each costs about a third again.
//! - **Staff** (`<output>`, feature `hydrate`): the staff console and the
//!   merchant counter, hydrated as a whole app with its router.
//!
//! Portal pages have no client router, so every link from them arrives
//! with its own bundle. The staff bundle holds every page, so its router
//! may also show a portal page (a member-facing one a staff user may open,
//! such as their notifications).

/// Paths whose pages load the staff bundle.
pub const STAFF_PREFIXES: [&str; 2] = ["/console", "/merchant"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// Islands only: the portal's and the public pages.
    Portal,
    /// The whole app: console and counter.
    Staff,
}

impl Bundle {
    /// The bundle the page at `path` loads.
    pub fn for_path(path: &str) -> Self {
        let staff = STAFF_PREFIXES.iter().any(|p| {
            path.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        });
        if staff { Bundle::Staff } else { Bundle::Portal }
    }

    /// The bundle's file name (without extension), from the app's output name.
    pub fn output_name(self, output: &str) -> String {
        match self {
            Bundle::Staff => output.to_owned(),
            Bundle::Portal => format!("{output}_portal"),
        }
    }

    /// Whether the page hydrates only its islands (no client router).
    pub fn islands(self) -> bool {
        self == Bundle::Portal
    }
}

/// The portal bundle's start: hydrate the page's islands, then mark the
/// page hydrated as the staff bundle does (tests wait for the mark). The
/// loader hydrates islands right after this returns, as a chain of promise
/// callbacks, so a zero-delay timer runs once they are all done.
#[cfg(all(feature = "hydrate", feature = "islands"))]
pub fn hydrate_islands() {
    use leptos::prelude::{document, set_timeout, window};
    leptos::mount::hydrate_islands();
    // A server function that sends the browser on (`form_post::back_with`,
    // or to a new request) does so with a page load: there is no router.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|to: &str| {
        let _ = window().location().set_href(to);
    });
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
    fn the_console_and_the_counter_get_the_staff_bundle_and_the_rest_the_portals() {
        for path in [
            "/console",
            "/console/customers/7",
            "/merchant",
            "/merchant/",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Staff, "{path}");
            assert_eq!(Bundle::for_path(path).output_name("anju"), "anju", "{path}");
            assert!(!Bundle::for_path(path).islands(), "{path}");
        }
        for path in [
            "/",
            "/login",
            "/points",
            "/tickets/5",
            "/surveys/4",
            "/help/3",
            "/consoles",
            "/merchants",
            "/nowhere",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Portal, "{path}");
            assert_eq!(
                Bundle::for_path(path).output_name("anju"),
                "anju_portal",
                "{path}"
            );
            assert!(Bundle::for_path(path).islands(), "{path}");
        }
    }
}
