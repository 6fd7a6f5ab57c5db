use crate::i18n::{self, Tr};
use anju_types::Lang;
use leptos::prelude::*;

const TABS: [(&str, Tr); 7] = [
    ("/", i18n::NAV_HOME),
    ("/homes", i18n::NAV_HOMES),
    ("/points", i18n::NAV_POINTS),
    ("/tickets", i18n::NAV_TICKETS),
    ("/offers", i18n::NAV_OFFERS),
    ("/events", i18n::NAV_EVENTS),
    ("/profile", i18n::NAV_PROFILE),
];

/// The member's tabs: a sidebar on wide screens, a bottom bar on phones.
#[component]
pub fn PortalNav(lang: Lang, current: &'static str) -> impl IntoView {
    view! {
        <nav class="portal-nav" aria-label=i18n::APP_NAME.get(lang)>
            {TABS
                .iter()
                .map(|(href, label)| {
                    let aria = (*href == current).then_some("page");
                    view! { <a href=*href aria-current=aria>{label.get(lang)}</a> }
                })
                .collect_view()}
        </nav>
    }
}
