use super::nav::ConsoleNav;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
};
use crate::i18n;
use anju_types::{Permission, Role, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/console`: the staff user's work queue.
#[component]
pub fn ConsoleHome() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewConsole) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let roles = Role::join_labels(&user.roles, lang);
    view! {
        <Title text=i18n::CONSOLE_TITLE.get(lang) />
        <div class="console">
            <ConsoleNav user=user.clone() lang current=None />
            <main class="console-main">
                <h1>{i18n::WELCOME.get(lang)}{user.display_name.clone()}</h1>
                <p class="muted">{i18n::CONSOLE_ROLES.get(lang)}": "{roles}</p>
                <section class="card">
                    <h2>{i18n::CONSOLE_QUEUE.get(lang)}</h2>
                    <EmptyState text=i18n::CONSOLE_QUEUE_EMPTY.get(lang) />
                </section>
            </main>
        </div>
    }
    .into_any()
}
