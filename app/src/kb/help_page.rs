use super::api::{kb_article, kb_search};
use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::i18n;
use anju_types::kb::KbArticleSummary;
use anju_types::{KbSection, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/help`: 常见问题 and 新业主须知, searchable (a plain GET form, so it
/// works before the page hydrates).
#[component]
pub fn HelpPage() -> impl IntoView {
    view! { <Page access=Access::Public content=page /> }
}

/// `/help/:id`: one article.
#[component]
pub fn ArticlePage() -> impl IntoView {
    view! { <Page access=Access::Public content=article /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let query = use_query_map();
    let q = move || query.read().get("q").filter(|q| !q.trim().is_empty());
    let list = Resource::new(q, |q| kb_search(q, None));
    view! {
        <Title text=i18n::NAV_HELP.get(lang) />
        <main class="narrow-page">
            <h1>{i18n::NAV_HELP.get(lang)}</h1>
            <form method="get" action="/help" class="search-row" role="search">
                <input type="search" name="q" aria-label=i18n::KB_SEARCH.get(lang)
                    placeholder=i18n::KB_SEARCH.get(lang) value=q().unwrap_or_default() />
                <button type="submit" class="button">{i18n::KB_SEARCH_BUTTON.get(lang)}</button>
            </form>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::KB_EMPTY.get(lang) /> }.into_any(),
                        Ok(items) => {
                            let searching = q().is_some();
                            if searching {
                                article_list(items).into_any()
                            } else {
                                KbSection::ALL.iter().map(|s| {
                                    let of: Vec<KbArticleSummary> = items.iter().filter(|a| a.section == *s).cloned().collect();
                                    (!of.is_empty()).then(|| view! {
                                        <h2>{s.label(lang)}</h2>
                                        {article_list(of)}
                                    })
                                }).collect_view().into_any()
                            }
                        }
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
            <p class="muted">{i18n::KB_STILL_NEED_HELP.get(lang)}" "<a href="/tickets">{i18n::NAV_TICKETS.get(lang)}</a></p>
        </main>
    }
}

/// Titles with their first lines, each linked to the article.
pub fn article_list(items: Vec<KbArticleSummary>) -> impl IntoView {
    view! {
        <ul class="kb-list">
            {items.into_iter().map(|a| view! {
                <li class="card">
                    <a href=format!("/help/{}", a.id)><strong>{a.title}</strong></a>
                    <p class="muted small">{a.excerpt}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

fn article(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let a = Resource::new(id, kb_article);
    view! {
        <main class="narrow-page">
            <p><a href="/help">"‹ "{i18n::NAV_HELP.get(lang)}</a></p>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match a.await {
                        Ok(a) => view! {
                            <Title text=a.title.clone() />
                            <article class="card kb-article">
                                <p class="muted small">{a.section.label(lang)}" · "{i18n::KB_UPDATED.get(lang)}" "{time::date(a.updated_at)}</p>
                                <h1>{a.title}</h1>
                                {a.body.lines().filter(|l| !l.trim().is_empty()).map(|l| view! { <p>{l.to_owned()}</p> }).collect_view()}
                            </article>
                            <p class="muted">{i18n::KB_STILL_NEED_HELP.get(lang)}" "<a href="/tickets">{i18n::NAV_TICKETS.get(lang)}</a></p>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </main>
    }
}
