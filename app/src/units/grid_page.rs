use super::api::{UnitAction as UnitActionFn, load_grid};
use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::error::{conflict_message, field_message};
use crate::i18n;
use anju_types::unit::{BuildingGrid, UnitCell};
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo, UnitAction, UnitStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/console/units/:building`: the 销控表, floors × units coloured by status.
/// Selecting a unit shows it and the actions its status allows.
#[component]
pub fn GridPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewUnits) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let params = use_params_map();
    let query = use_query_map();
    let building = move || {
        params
            .read()
            .get("building")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let selected = move || query.read().get("unit").and_then(|v| v.parse::<i64>().ok());
    let act = ServerAction::<UnitActionFn>::new();
    let grid = Resource::new(
        move || (building(), act.version().get()),
        |(b, _)| load_grid(b),
    );
    view! {
        <ConsoleFrame user lang current=Some(ConsoleArea::Units)>
            <p><a href="/console/units">"‹ "{ConsoleArea::Units.label(lang)}</a></p>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match grid.await {
                        Ok(g) => {
                            let chosen = selected().and_then(|id| {
                                g.floors.iter().flat_map(|f| f.units.iter()).find(|u| u.id == id).cloned()
                            });
                            view! {
                                <Title text=format!("{} {}", g.project_name, g.building_name) />
                                <div class="page-head">
                                    <h1>{g.project_name.clone()}" · "{g.building_name.clone()}</h1>
                                    <a class="button secondary" rel="external" download
                                        href=format!("/console/units/{}/export.csv", g.building_id)>
                                        {i18n::EXPORT_CSV.get(lang)}
                                    </a>
                                </div>
                                {legend(lang)}
                                {chosen.map(|u| unit_panel(u, g.building_id, act, lang))}
                                {grid_table(&g, selected(), lang)}
                            }
                            .into_any()
                        }
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

fn legend(lang: Lang) -> impl IntoView {
    view! {
        <p class="legend">
            {UnitStatus::ALL
                .map(|s| view! { <span class=format!("swatch {}", s.as_str())>{s.label(lang)}</span> })
                .collect_view()}
        </p>
    }
}

fn grid_table(g: &BuildingGrid, selected: Option<i64>, lang: Lang) -> impl IntoView {
    let building = g.building_id;
    view! {
        <div class="table-wrap">
            <table class="grid" aria-label=i18n::UNITS_GRID.get(lang)>
                <tbody>
                    {g.floors.iter().map(|f| view! {
                        <tr>
                            <th scope="row">{f.floor}"F"</th>
                            {f.units.iter().map(|u| {
                                let current = (selected == Some(u.id)).then_some("true");
                                view! {
                                    <td class=format!("cell {}", u.status.as_str())>
                                        <a
                                            href=format!("/console/units/{building}?unit={}", u.id)
                                            aria-current=current
                                            title=u.status.label(lang)
                                        >
                                            <span class="num">{u.number.clone()}</span>
                                            <span class="st">{u.status.label(lang)}</span>
                                        </a>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn unit_panel(
    u: UnitCell,
    building: i64,
    act: ServerAction<UnitActionFn>,
    lang: Lang,
) -> impl IntoView {
    // The server says what this viewer may do (none on a colleague's unit).
    let actions = u.actions.clone();
    let error = move || {
        act.value().get().and_then(Result::err).map(|e| {
            let text = e
                .fields
                .first()
                .map(|f| field_message(&f.code, lang))
                .unwrap_or_else(|| match (e.code, e.reason.as_deref()) {
                    (anju_types::ErrorCode::Conflict, Some("unit_not_available") | None) => {
                        i18n::UNIT_TAKEN.get(lang)
                    }
                    (anju_types::ErrorCode::Conflict, reason) => conflict_message(reason, lang),
                    _ => e.message(lang),
                });
            view! { <p class="form-error" role="alert">{text}</p> }
        })
    };
    view! {
        <section class="card unit-panel" aria-label=i18n::UNIT_DETAIL.get(lang)>
            <h2>{u.number.clone()}" · "<span class=format!("badge {}", u.status.as_str())>{u.status.label(lang)}</span></h2>
            <dl class="facts">
                <dt>{i18n::UNIT_LAYOUT.get(lang)}</dt><dd>{u.layout.clone()}</dd>
                <dt>{i18n::UNIT_AREA.get(lang)}</dt><dd>{u.area.to_string()}</dd>
                <dt>{i18n::UNIT_PRICE.get(lang)}</dt><dd>{u.list_price.to_string()}</dd>
                {u.customer_name.clone().map(|n| view! { <dt>{i18n::UNIT_BUYER.get(lang)}</dt><dd>{n}</dd> })}
            </dl>
            {error}
            <div class="unit-actions">
                {actions.into_iter().map(|a| {
                    let needs_customer = a == UnitAction::Hold || (a == UnitAction::Reserve && u.status != UnitStatus::Held);
                    view! {
                        <ActionForm action=act attr:class="form inline-action">
                            <input type="hidden" name="unit_id" value=u.id.to_string() />
                            <input type="hidden" name="action" value=a.as_str() />
                            {needs_customer.then(|| view! {
                                <label for=format!("mobile-{}", a.as_str())>{a.label(lang)}" · "{i18n::UNIT_CUSTOMER_MOBILE.get(lang)}</label>
                                <input id=format!("mobile-{}", a.as_str()) name="customer_mobile" inputmode="tel" />
                            })}
                            {(a == UnitAction::Reserve).then(|| view! {
                                <label for="reserve-discount">{i18n::UNIT_DISCOUNT.get(lang)}</label>
                                <input id="reserve-discount" name="discount" inputmode="decimal" placeholder="0" />
                                <label for="reserve-deposit">{i18n::UNIT_DEPOSIT.get(lang)}</label>
                                <input id="reserve-deposit" name="deposit" inputmode="decimal" placeholder="0" />
                            })}
                            <button type="submit" class="button" disabled=move || act.pending().get()>{a.label(lang)}</button>
                        </ActionForm>
                    }
                }).collect_view()}
            </div>
            <p class="muted small"><a href=format!("/console/units/{building}")>{i18n::UNIT_CLOSE.get(lang)}</a></p>
        </section>
    }
}
