use super::api::{
    CreateBuilding, CreateProject, SetProjectStatus, load_buildings, load_unit_projects,
};
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::error::field_message;
use crate::i18n;
use anju_types::unit::ProjectStatus;
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
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
    let create_project = ServerAction::<CreateProject>::new();
    let buildings = Resource::new(|| (), |_| load_buildings());
    let can_manage = user.has(Permission::ManageUnits);
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
            {can_manage.then(|| admin_forms(create_project, lang))}
        </ConsoleFrame>
    }
    .into_any()
}

/// Administrators lay out inventory: a project, then a building whose
/// units are generated floor by floor.
fn admin_forms(create_project: ServerAction<CreateProject>, lang: Lang) -> impl IntoView {
    let create_building = ServerAction::<CreateBuilding>::new();
    let set_status = ServerAction::<SetProjectStatus>::new();
    let projects = Resource::new(
        move || (create_project.version().get(), set_status.version().get()),
        |_| load_unit_projects(),
    );
    let field_error = move |field: &'static str| {
        move || {
            create_building
                .value()
                .get()
                .and_then(Result::err)
                .and_then(|e| {
                    let code = e.field(field)?.to_owned();
                    Some(view! { <p class="field-error">{field_message(&code, lang)}</p> })
                })
        }
    };
    let project_outcome = move || {
        create_project.value().get().map(|r| match r {
            Ok(_) => {
                view! { <p class="notice" role="status">{i18n::PROJECT_CREATED.get(lang)}</p> }
                    .into_any()
            }
            Err(e) => {
                view! { <p class="form-error" role="alert">{e.describe(lang)}</p> }.into_any()
            }
        })
    };
    view! {
        <section class="card">
            <h2>{i18n::BUILDING_NEW.get(lang)}</h2>
            <ActionForm action=create_building attr:class="form narrow-form">
                {move || create_building.value().get().and_then(Result::err)
                    .filter(|e| e.fields.is_empty())
                    .map(|e| view! { <p class="form-error" role="alert">{e.describe(lang)}</p> })}
                <label for="project_id">{i18n::BUILDING_PROJECT.get(lang)}</label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = projects.await.unwrap_or_default();
                        view! {
                            <select id="project_id" name="project_id">
                                {list.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
                <label for="building_name">{i18n::BUILDING_NAME.get(lang)}</label>
                <input id="building_name" name="name" required />
                {field_error("name")}
                <label for="floors">{i18n::BUILDING_FLOORS.get(lang)}</label>
                <input id="floors" name="floors" type="number" min="1" max="99" required />
                {field_error("floors")}
                <label for="units_per_floor">{i18n::BUILDING_PER_FLOOR.get(lang)}</label>
                <input id="units_per_floor" name="units_per_floor" type="number" min="1" max="20" required />
                {field_error("units_per_floor")}
                <label for="unit_types">{i18n::BUILDING_UNIT_TYPES.get(lang)}</label>
                <textarea id="unit_types" name="unit_types" rows="4" required></textarea>
                {field_error("unit_types")}
                <label for="price_per_m2">{i18n::BUILDING_PRICE.get(lang)}</label>
                <input id="price_per_m2" name="price_per_m2" inputmode="decimal" required />
                {field_error("price_per_m2")}
                <label for="floor_premium_bp">{i18n::BUILDING_PREMIUM.get(lang)}</label>
                <input id="floor_premium_bp" name="floor_premium_bp" type="number" min="0" max="1000" value="50" />
                {field_error("floor_premium_bp")}
                <button type="submit" class="button wide" disabled=move || create_building.pending().get()>
                    {i18n::BUILDING_CREATE.get(lang)}
                </button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{i18n::PROJECT_STATUS.get(lang)}</h2>
            <p class="muted small">{i18n::PROJECT_STATUS_HINT.get(lang)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = projects.await.unwrap_or_default();
                    view! {
                        <ul class="plain-list">
                            {list.into_iter().map(|p| {
                                let id = format!("status_{}", p.id);
                                view! {
                                    <li>
                                        <ActionForm action=set_status attr:class="inline-form">
                                            <input type="hidden" name="project_id" value=p.id.to_string() />
                                            <label for=id.clone()>{p.name}</label>
                                            {status_select_named(&id, "status", p.status, lang)}
                                            <button type="submit" class="button secondary">{i18n::PROJECT_STATUS_SAVE.get(lang)}</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
            {move || set_status.value().get().map(|r| match r {
                Ok(()) => view! { <p class="notice" role="status">{i18n::PROJECT_STATUS_SAVED.get(lang)}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e.describe(lang)}</p> }.into_any(),
            })}
        </section>
        <section class="card">
            <h2>{i18n::PROJECT_NEW.get(lang)}</h2>
            <ActionForm action=create_project attr:class="form narrow-form">
                {project_outcome}
                <label for="project_code">{i18n::PROJECT_CODE.get(lang)}</label>
                <input id="project_code" name="code" required maxlength="8" />
                <label for="project_name">{i18n::PROJECT_NAME.get(lang)}</label>
                <input id="project_name" name="name" required />
                <label for="project_city">{i18n::CUSTOMER_CITY.get(lang)}</label>
                <input id="project_city" name="city" required />
                <label for="project_district">{i18n::CUSTOMER_DISTRICT.get(lang)}</label>
                <input id="project_district" name="district" required />
                <label for="project_status">{i18n::PROJECT_STATUS.get(lang)}</label>
                {status_select("project_status", ProjectStatus::Draft, lang)}
                <button type="submit" class="button wide" disabled=move || create_project.pending().get()>
                    {i18n::PROJECT_NEW.get(lang)}
                </button>
            </ActionForm>
        </section>
    }
    .into_any()
}

fn status_select(id: &str, current: ProjectStatus, lang: Lang) -> impl IntoView + use<> {
    status_select_named(id, "status", current, lang)
}

/// 未发布 / 预售 / 在售; only the last two are shown to members.
fn status_select_named(
    id: &str,
    name: &'static str,
    current: ProjectStatus,
    lang: Lang,
) -> impl IntoView + use<> {
    view! {
        <select id=id.to_owned() name=name>
            {ProjectStatus::ALL
                .map(|s| view! { <option value=s.as_str() selected=s == current>{s.label(lang)}</option> })
                .collect_view()}
        </select>
    }
}
