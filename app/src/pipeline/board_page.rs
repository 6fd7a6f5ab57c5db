use super::api::{MoveOpportunity, load_board};
use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::console::frame::ConsoleFrame;
use crate::error::{conflict_message, field_message};
use crate::i18n;
use anju_types::pipeline::{KanbanColumn, LOST_REASONS, OpportunityView, PipelineSummary};
use anju_types::{ConsoleArea, ErrorCode, Lang, Permission, SessionInfo, Stage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/console/pipeline`: funnel and forecast figures, then the kanban — one
/// column per stage, each card movable to another stage.
#[component]
pub fn BoardPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewPipeline) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let query = use_query_map();
    let project = move || {
        query
            .read()
            .get("project")
            .and_then(|v| v.parse::<i64>().ok())
    };
    let mover = ServerAction::<MoveOpportunity>::new();
    let board = Resource::new(
        move || (project(), mover.version().get()),
        |(p, _)| load_board(p),
    );
    let can_move = user.has(Permission::EditCustomers);
    view! {
        <Title text=ConsoleArea::Pipeline.label(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Pipeline)>
            <div class="page-head">
                <h1>{ConsoleArea::Pipeline.label(lang)}</h1>
                <a class="button secondary" rel="external" download
                    href=move || match project() {
                        Some(p) => format!("/console/pipeline/export.csv?project={p}"),
                        None => "/console/pipeline/export.csv".to_owned(),
                    }>
                    {i18n::EXPORT_OPPORTUNITIES.get(lang)}
                </a>
                <a class="button secondary" rel="external" download href="/console/deals/export.csv">
                    {i18n::EXPORT_DEALS.get(lang)}
                </a>
            </div>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(b) => {
                            let chosen = project();
                            view! {
                                <form method="get" class="filters">
                                    <label for="project">{i18n::PIPELINE_PROJECT.get(lang)}</label>
                                    <select id="project" name="project">
                                        <option value="">{i18n::ALL.get(lang)}</option>
                                        {b.projects.iter().map(|p| view! {
                                            <option value=p.id.to_string() selected=chosen == Some(p.id)>{p.name.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="submit" class="button secondary">{i18n::FILTER.get(lang)}</button>
                                </form>
                                {summary_view(&b.summary, lang)}
                                {move_error(mover, lang)}
                                <div class="kanban" role="list">
                                    {b.kanban.columns.into_iter().map(|c| column(c, mover, can_move, lang)).collect_view()}
                                </div>
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

fn move_error(mover: ServerAction<MoveOpportunity>, lang: Lang) -> impl IntoView {
    move || {
        mover.value().get().and_then(Result::err).map(|e| {
            let text = match e.code {
                ErrorCode::Conflict => conflict_message(e.reason.as_deref(), lang),
                _ => e
                    .fields
                    .first()
                    .map(|f| field_message(&f.code, lang))
                    .unwrap_or_else(|| e.message(lang)),
            };
            view! { <p class="form-error" role="alert">{text}</p> }
        })
    }
}

fn summary_view(s: &PipelineSummary, lang: Lang) -> AnyView {
    view! {
        <section class="card" aria-label=i18n::PIPELINE_FUNNEL.get(lang)>
            <h2>{i18n::PIPELINE_FUNNEL.get(lang)}</h2>
            <ol class="funnel">
                {s.funnel.iter().map(|f| view! {
                    <li>
                        <strong>{f.stage.label(lang)}</strong>
                        <span>{f.reached}</span>
                        <span class="muted">{format!("{:.1}%", f.conversion)}</span>
                    </li>
                }).collect_view()}
            </ol>
            <dl class="facts">
                <dt>{i18n::PIPELINE_OPEN.get(lang)}</dt><dd>{s.total.open}" · "{s.total.pipeline.to_string()}</dd>
                <dt>{i18n::PIPELINE_WEIGHTED.get(lang)}</dt><dd>{s.total.weighted.to_string()}</dd>
                <dt>{i18n::PIPELINE_WON.get(lang)}</dt><dd>{s.total.deals}" · "{s.total.deal_amount.to_string()}</dd>
                <dt>{Stage::Lost.label(lang)}</dt><dd>{s.total.lost}</dd>
            </dl>
            {(s.by_sales.len() > 1).then(|| view! {
                <div class="table-wrap">
                    <table class="data">
                        <thead><tr>
                            <th>{i18n::CUSTOMER_SALES.get(lang)}</th>
                            <th>{i18n::PIPELINE_OPEN.get(lang)}</th>
                            <th>{i18n::PIPELINE_WEIGHTED.get(lang)}</th>
                            <th>{i18n::PIPELINE_WON.get(lang)}</th>
                            <th>{Stage::Lost.label(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {s.by_sales.iter().map(|r| view! {
                                <tr>
                                    <td>{if r.name.is_empty() { i18n::UNASSIGNED.get(lang).to_owned() } else { r.name.clone() }}</td>
                                    <td>{r.open}</td>
                                    <td>{r.weighted.to_string()}</td>
                                    <td>{r.deals}" · "{r.deal_amount.to_string()}</td>
                                    <td>{r.lost}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
    .into_any()
}

fn column(
    c: KanbanColumn,
    mover: ServerAction<MoveOpportunity>,
    can_move: bool,
    lang: Lang,
) -> impl IntoView {
    let title = c.stage.label(lang);
    view! {
        <section class=format!("kanban-col {}", c.stage.as_str()) role="listitem" aria-label=title>
            <h2>{title}" "<span class="muted">{c.count}</span></h2>
            <p class="muted small">{c.amount.to_string()}</p>
            {if c.cards.is_empty() {
                view! { <EmptyState text=i18n::PIPELINE_EMPTY.get(lang) /> }.into_any()
            } else {
                c.cards.into_iter().map(|o| card(o, mover, can_move, lang)).collect_view().into_any()
            }}
        </section>
    }
}

fn card(
    o: OpportunityView,
    mover: ServerAction<MoveOpportunity>,
    can_move: bool,
    lang: Lang,
) -> AnyView {
    let movable = can_move && o.stage != Stage::Deal;
    let name = o.customer_name.clone();
    view! {
        <article class="kanban-card">
            <a href=format!("/console/customers/{}", o.customer_id)><strong>{o.customer_name.clone()}</strong></a>
            <p class="muted small">{o.project_name.clone()}</p>
            <p class="small">
                {o.expected_amount.map(|m| m.to_string()).unwrap_or_default()}
                " · "{o.probability}"%"
            </p>
            {o.lost_reason.clone().map(|r| view! { <p class="small">{r}</p> })}
            <p class="muted small">
                {o.sales.as_ref().map(|s| s.name.clone()).unwrap_or_else(|| i18n::UNASSIGNED.get(lang).to_owned())}
                " · "{time::date(o.stage_changed_at)}
            </p>
            {movable.then(|| stage_form(o.id, o.stage, name.clone(), mover, lang))}
        </article>
    }
    .into_any()
}

/// Move to another stage; the reason only counts for 流失.
pub fn stage_form(
    id: i64,
    current: Stage,
    name: String,
    mover: ServerAction<MoveOpportunity>,
    lang: Lang,
) -> AnyView {
    let stage_label = format!("{} · {name}", i18n::PIPELINE_STAGE.get(lang));
    let reason_label = format!("{} · {name}", i18n::PIPELINE_LOST_REASON.get(lang));
    view! {
        <ActionForm action=mover attr:class="form stage-form">
            <input type="hidden" name="id" value=id.to_string() />
            <select name="stage" aria-label=stage_label>
                {Stage::ALL.into_iter().filter(|s| *s != Stage::Deal).map(|s| view! {
                    <option value=s.as_str() selected=s == current>{s.label(lang)}</option>
                }).collect_view()}
            </select>
            <select name="lost_reason" aria-label=reason_label>
                <option value="">{i18n::PIPELINE_LOST_REASON.get(lang)}</option>
                {LOST_REASONS.map(|r| view! { <option value=r>{r}</option> }).collect_view()}
            </select>
            <button type="submit" class="button small" disabled=move || mover.pending().get()>
                {i18n::PIPELINE_MOVE.get(lang)}
            </button>
        </ActionForm>
    }
    .into_any()
}
