//! Every page is wrapped in [`Page`]: it waits for the session, enforces the
//! page's access rule (redirect to login, or 403), and draws the header.
//! The same rule runs during server rendering, so a refused page is refused
//! with its HTTP status before any content is sent.

use super::header::{Header, encode};
use crate::i18n;
use anju_types::{AccountKind, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Html;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account.
    SignedIn,
    /// Signed in with this permission.
    Requires(Permission),
}

enum Decision {
    Allow,
    Login,
    Forbidden,
}

fn decide(access: Access, info: &SessionInfo) -> Decision {
    match (access, &info.user) {
        (Access::Public, _) => Decision::Allow,
        (Access::Requires(_) | Access::SignedIn, None) => Decision::Login,
        (Access::SignedIn, Some(_)) => Decision::Allow,
        (Access::Requires(p), Some(user)) if user.has(p) => Decision::Allow,
        (Access::Requires(_), Some(_)) => Decision::Forbidden,
    }
}

#[component]
pub fn Page<F, V>(
    access: Access,
    content: F,
    #[prop(optional)] class: &'static str,
) -> impl IntoView
where
    F: Fn(SessionInfo) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = crate::session::use_session();
    let here = use_location().pathname.get_untracked();
    // A `Suspend` straight under the `Suspense`, not one made by a closure:
    // server rendering walks a `Suspense`'s children up to three times
    // (twice to find what they load, once to render), and a closure would
    // call `content` — and start every resource it makes — each time.
    let page = Suspend::new(async move {
        let info = match session {
            Some(s) => s.await.unwrap_or_default(),
            None => SessionInfo::default(),
        };
        let lang = info.lang;
        // For the page's islands (`i18n::page_lang`).
        provide_context(lang);
        let body = match decide(access, &info) {
            Decision::Allow => content(info.clone()).into_any(),
            Decision::Login => {
                let to = format!("/login?next={}", encode(&here));
                // <Redirect> sets Location during SSR; the status is ours to set.
                #[cfg(feature = "ssr")]
                if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
                    resp.set_status(axum::http::StatusCode::SEE_OTHER);
                }
                view! { <Redirect path=to /> }.into_any()
            }
            Decision::Forbidden => {
                #[cfg(feature = "ssr")]
                if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
                    resp.set_status(axum::http::StatusCode::FORBIDDEN);
                }
                let home = match info.user.as_ref().map(|u| u.kind) {
                    Some(AccountKind::Staff) => "/console",
                    Some(AccountKind::Merchant) => "/merchant",
                    _ => "/",
                };
                view! {
                    <section class="card forbidden" role="alert">
                        <h1>{i18n::FORBIDDEN_TITLE.get(lang)}</h1>
                        <p>{i18n::FORBIDDEN_BODY.get(lang)}</p>
                        <p><a href=home rel="external">{i18n::BACK_HOME.get(lang)}</a></p>
                    </section>
                }
                .into_any()
            }
        };
        view! {
            <Html attr:lang=lang.html_lang() />
            <Header info=info.clone() />
            <div class=format!("page {class}")>{body}</div>
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">{i18n::LOADING.zh}</p> }>
            {page}
        </Suspense>
    }
}
