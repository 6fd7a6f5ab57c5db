use super::nav::PortalNav;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
};
use crate::i18n;
use anju_types::{Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OffersPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    view! {
        <Title text=i18n::NAV_OFFERS.get(lang) />
        <div class="portal">
            <PortalNav lang current="/offers" />
            <main class="portal-main">
                <h1>{i18n::NAV_OFFERS.get(lang)}</h1>

                <EmptyState text=i18n::EMPTY_OFFERS.get(lang) />
            </main>
        </div>
    }
}
