//! `/console/analytics` (数据看板): the dashboard's charts for a project and
//! a period, chosen in a plain GET form (so a view is a link). Each chart
//! has its table view and CSV.

use crate::components::chart::{Chart, ChartBlock, ChartScripts};
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::error::AppError;
use crate::i18n;
use anju_types::pipeline::ProjectRef;
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The charts for a filter, with what the filter form needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardView {
    pub projects: Vec<ProjectRef>,
    pub project_id: Option<i64>,
    pub from: String,
    pub to: String,
    pub charts: Vec<ChartBlock>,
}

#[server(endpoint = "analytics/dashboard")]
pub async fn load_dashboard(
    project: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<DashboardView, AppError> {
    use anju_domain::DomainError;
    /// Default period: the 90 days up to today (Beijing).
    const DEFAULT_DAYS: i64 = 90;
    let (actor, svc) = crate::session::signed_in().await?;
    let today = anju_domain::business_date(svc.clock.now());
    let day = |v: Option<String>, field: &'static str, default: chrono::NaiveDate| match v
        .as_deref()
        .map(str::trim)
    {
        None | Some("") => Ok(default),
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| DomainError::field(field, "invalid_date")),
    };
    let to = day(to, "to", today)?;
    let from = day(from, "from", to - chrono::Duration::days(DEFAULT_DAYS - 1))?;
    let project_id = project
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok());
    let filter = anju_types::analytics::DashboardFilter {
        project_id,
        from,
        to,
    };
    let dashboard =
        anju_domain::analytics::dashboard(&svc.reports, &actor, &filter, svc.clock.now()).await?;
    let projects = anju_domain::pipeline::opportunities::projects(&svc.db, &actor).await?;
    Ok(DashboardView {
        projects,
        project_id,
        from: from.to_string(),
        to: to.to_string(),
        charts: super::blocks::all(&dashboard, actor.lang),
    })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewAnalytics) content=dashboard_page /> }
}

fn dashboard_page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("project"), q.get("from"), q.get("to"))
        },
        |(project, from, to)| load_dashboard(project, from, to),
    );
    view! {
        <Title text=ConsoleArea::Analytics.label(lang) />
        <ChartScripts />
        <ConsoleFrame user lang current=Some(ConsoleArea::Analytics)>
            <h1>{ConsoleArea::Analytics.label(lang)}</h1>
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! {
                            {filter_form(&d, lang).into_any()}
                            <div class="charts">
                                {d.charts.into_iter().map(|block| view! { <Chart block lang /> }.into_any()).collect_view()}
                            </div>
                        }.into_any(),
                        Err(e) => view! {
                            <p class="form-error" role="alert">{e.describe(lang)}</p>
                            <p><a href="/console/analytics">{i18n::DASHBOARD_RESET.get(lang)}</a></p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </ConsoleFrame>
    }
    .into_any()
}

fn filter_form(d: &DashboardView, lang: Lang) -> impl IntoView + use<> {
    let chosen = d.project_id;
    view! {
        <form method="get" action="/console/analytics" class="filters">
            <div class="field">
                <label for="dash-project">{i18n::DASHBOARD_PROJECT.get(lang)}</label>
                <select id="dash-project" name="project">
                    <option value="" selected=chosen.is_none()>{i18n::DASHBOARD_ALL_PROJECTS.get(lang)}</option>
                    {d.projects.iter().map(|p| view! {
                        <option value=p.id.to_string() selected=chosen == Some(p.id)>{p.name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dash-from">{i18n::DASHBOARD_FROM.get(lang)}</label>
                <input id="dash-from" type="date" name="from" value=d.from.clone() />
            </div>
            <div class="field">
                <label for="dash-to">{i18n::DASHBOARD_TO.get(lang)}</label>
                <input id="dash-to" type="date" name="to" value=d.to.clone() />
            </div>
            <button type="submit" class="button secondary">{i18n::AUDIT_FILTER.get(lang)}</button>
        </form>
    }
}
