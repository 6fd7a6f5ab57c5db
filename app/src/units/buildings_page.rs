use super::api::load_buildings;
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::i18n;
use anju_types::{ConsoleArea, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/console/units`: every building, with how many units are still for sale.
#[component]
pub fn BuildingsPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewUnits) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let buildings = Resource::new(|| (), |_| load_buildings());
    view! {
        <Title text=ConsoleArea::Units.label(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Units)>
            <h1>{ConsoleArea::Units.label(lang)}</h1>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    let list = buildings.await.unwrap_or_default();
                    view! {
                        <div class="tiles">
                            {list.into_iter().map(|b| view! {
                                <a class="tile" href=format!("/console/units/{}", b.id)>
                                    <span class="tile-label">{b.project_name}</span>
                                    <strong>{b.name}</strong>
                                    <span class="muted small">
                                        {i18n::UNITS_AVAILABLE.get(lang)}" "{b.available}" / "{b.units}
                                    </span>
                                </a>
                            }).collect_view()}
                        </div>
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}
