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
pub fn PointsPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    view! {
        <Title text=i18n::NAV_POINTS.get(lang) />
        <div class="portal">
            <PortalNav lang current="/points" />
            <main class="portal-main">
                <h1>{i18n::NAV_POINTS.get(lang)}</h1>
                <p class="balance"><span>{i18n::HOME_POINTS_BALANCE.get(lang)}</span> <strong>"0"</strong></p>
                <EmptyState text=i18n::EMPTY_POINTS.get(lang) />
            </main>
        </div>
    }
}
