use super::nav::ConsoleNav;
use crate::components::not_found::NotFound;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
};
use crate::i18n;
use anju_types::{ConsoleArea, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/console/:area`: one console area, refused (403) without its permission.
#[component]
pub fn AreaPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let slug = params.read().get("area").unwrap_or_default();
        match ConsoleArea::from_slug(&slug) {
            Some(area) => view! {
                <Page access=Access::Requires(area.permission()) content=move |info| page(info, area) />
            }
            .into_any(),
            None => view! { <NotFound /> }.into_any(),
        }
    }
}

fn page(info: SessionInfo, area: ConsoleArea) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let title = area.label(lang);
    view! {
        <Title text=title />
        <div class="console">
            <ConsoleNav user lang current=Some(area) />
            <main class="console-main">
                <h1>{title}</h1>
                {(area == ConsoleArea::Users).then(|| view! {
                    <p class="actions">
                        <a class="button secondary" href="/console/settings">{i18n::SETTINGS.get(lang)}</a>
                        " "
                        <a class="button secondary" href="/console/webhooks">{i18n::WEBHOOKS.get(lang)}</a>
                    </p>
                })}
                <section class="card">
                    <EmptyState text=i18n::CONSOLE_AREA_EMPTY.get(lang) />
                </section>
            </main>
        </div>
    }
    .into_any()
}
