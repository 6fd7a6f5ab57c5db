use super::nav::PortalNav;
use crate::components::page::{Access, Page};
use crate::i18n;
use anju_types::{Permission, Role, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let roles = Role::join_labels(&user.roles, lang);
    view! {
        <Title text=i18n::NAV_PROFILE.get(lang) />
        <div class="portal">
            <PortalNav lang current="/profile" />
            <main class="portal-main">
                <h1>{i18n::NAV_PROFILE.get(lang)}</h1>
                <dl class="facts card">
                    <dt>{i18n::PROFILE_NAME.get(lang)}</dt>
                    <dd>{user.display_name}</dd>
                    <dt>{i18n::PROFILE_ROLE.get(lang)}</dt>
                    <dd>{roles}</dd>
                </dl>
            </main>
        </div>
    }
    .into_any()
}
