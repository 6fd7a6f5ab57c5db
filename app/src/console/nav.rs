use crate::i18n;
use anju_types::{ConsoleArea, Lang, SessionUser};
use leptos::prelude::*;

/// Only the areas this user's roles allow; the server refuses the rest anyway.
#[component]
pub fn ConsoleNav(user: SessionUser, lang: Lang, current: Option<ConsoleArea>) -> impl IntoView {
    let areas: Vec<ConsoleArea> = ConsoleArea::ALL
        .into_iter()
        .filter(|a| user.has(a.permission()))
        .collect();
    view! {
        <nav class="console-nav" aria-label=i18n::CONSOLE_TITLE.get(lang)>
            <a href="/console" aria-current=current.is_none().then_some("page")>
                {i18n::NAV_CONSOLE.get(lang)}
            </a>
            {areas
                .into_iter()
                .map(|area| {
                    let label = area.label(lang);
                    view! {
                        <a
                            href=format!("/console/{}", area.slug())
                            aria-current=(current == Some(area)).then_some("page")
                        >
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
