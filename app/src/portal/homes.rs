//! `/homes`: projects' news (members first) and the developer's published
//! projects (楼盘) as members see them,
//! and `/homes/:building`: a building floor by floor, each unit 可售 with its
//! published price or 已售 — never who bought it.

use super::nav::PortalNav;
use super::news::NewsSection;
use crate::components::alert::alert;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
};
use crate::error::AppError;
use crate::i18n;
use anju_types::unit::{ListingGrid, ListingProject, ListingUnit};
use anju_types::{Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[server(endpoint = "portal/listings")]
pub async fn load_listings() -> Result<Vec<ListingProject>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::inventory::listings::projects(&svc.db, &actor, svc.clock.now()).await?)
}

#[server(endpoint = "portal/listing")]
pub async fn load_listing(building_id: i64) -> Result<ListingGrid, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(
        anju_domain::inventory::listings::building(&svc.db, &actor, building_id, svc.clock.now())
            .await?,
    )
}

#[component]
pub fn HomesPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=list /> }
}

#[component]
pub fn HomeBuildingPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=building /> }
}

fn list(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let projects = Resource::new(|| (), |_| load_listings());
    view! {
        <Title text=i18n::NAV_HOMES.get(lang) />
        <div class="portal">
            <PortalNav lang current="/homes" />
            <main class="portal-main">
                <h1>{i18n::NAV_HOMES.get(lang)}</h1>
                <NewsSection lang />
                <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        match projects.await {
                            Ok(list) if list.is_empty() => {
                                view! { <EmptyState text=i18n::HOMES_EMPTY.get(lang) /> }.into_any()
                            }
                            Ok(list) => list.into_iter().map(|p| project_card(p, lang)).collect_view().into_any(),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Suspense>
            </main>
        </div>
    }
}

fn project_card(p: ListingProject, lang: Lang) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{p.name}" "<span class="badge">{p.status.label(lang)}</span></h2>
            <p class="muted">{p.city}" · "{p.district}</p>
            <div class="tiles">
                {p.buildings.into_iter().map(|b| view! {
                    <a class="tile" href=format!("/homes/{}", b.id)>
                        <strong>{b.name}</strong>
                        <span class="muted small">
                            {i18n::HOMES_FOR_SALE.get(lang)}" "{b.for_sale}" / "{b.units}
                        </span>
                    </a>
                }).collect_view()}
            </div>
        </section>
    }
}

fn building(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("building")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let grid = Resource::new(id, load_listing);
    view! {
        <div class="portal">
            <PortalNav lang current="/homes" />
            <main class="portal-main">
                <p><a href="/homes">"‹ "{i18n::NAV_HOMES.get(lang)}</a></p>
                <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        match grid.await {
                            Ok(g) => listing_grid(g, lang),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Suspense>
            </main>
        </div>
    }
}

fn listing_grid(g: ListingGrid, lang: Lang) -> AnyView {
    view! {
        <Title text=format!("{} {}", g.project_name, g.building_name) />
        <h1>{g.project_name}" · "{g.building_name}</h1>
        <p class="legend">
            <span class="swatch available">{i18n::HOMES_FOR_SALE.get(lang)}</span>
            <span class="swatch delivered">{i18n::HOMES_SOLD.get(lang)}</span>
        </p>
        <p class="muted small">{i18n::HOMES_HINT.get(lang)}</p>
        <div class="table-wrap">
            <table class="grid listing" aria-label=i18n::NAV_HOMES.get(lang)>
                <tbody>
                    {g.floors.into_iter().map(|f| view! {
                        <tr>
                            <th scope="row">{f.floor}"F"</th>
                            {f.units.into_iter().map(|u| listing_cell(u, lang)).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn listing_cell(u: ListingUnit, lang: Lang) -> AnyView {
    let (class, state) = if u.for_sale {
        ("cell available", i18n::HOMES_FOR_SALE.get(lang))
    } else {
        ("cell delivered", i18n::HOMES_SOLD.get(lang))
    };
    let details = u.for_sale.then(|| format!("{} · {}", u.layout, u.area));
    view! {
        <td class=class>
            <div>
                <span class="num">{u.number}</span>
                <span class="st">{state}</span>
                {details.map(|d| view! { <span class="st">{d}</span> })}
                {u.list_price.map(|p| view! { <span class="st">{p.to_string()}</span> })}
            </div>
        </td>
    }
    .into_any()
}
