use super::nav::PortalNav;
use crate::components::page::{Access, Page};
use crate::i18n;
use anju_types::{Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let user = info.user.unwrap_or_else(|| unreachable_user(lang));
    let roles = user
        .roles
        .iter()
        .map(|r| match lang {
            Lang::Zh => r.label_zh(),
            Lang::En => r.label_en(),
        })
        .collect::<Vec<_>>()
        .join(" · ");
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
}

/// Page only renders this for a signed-in member; an empty user is harmless.
fn unreachable_user(lang: Lang) -> anju_types::SessionUser {
    anju_types::SessionUser {
        display_name: String::new(),
        kind: anju_types::AccountKind::Member,
        roles: Vec::new(),
        permissions: Vec::new(),
        lang,
    }
}
