use super::api::search_customers;
use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::console::frame::ConsoleFrame;
use crate::i18n;
use anju_types::customer::{CustomerKinds, CustomerRow};
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/console/customers`: search by phone (full or last 4), name or tag.
#[component]
pub fn CustomerListPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewCustomers) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).filter(|v| !v.trim().is_empty());
    let results = Resource::new(
        move || {
            (
                param("q"),
                param("tag"),
                param("after").and_then(|a| a.parse::<i64>().ok()),
            )
        },
        |(q, tag, after)| search_customers(q, tag, after),
    );
    let can_create = user.has(Permission::EditCustomers);
    let can_reassign = user.has(Permission::ReassignCustomers);
    let can_import = user.has(Permission::ImportCustomers);
    // The export takes the same filters as the list on screen.
    let export_href = move || {
        let mut params = Vec::new();
        for name in ["q", "tag"] {
            if let Some(v) = param(name) {
                params.push(format!("{name}={}", crate::components::header::encode(&v)));
            }
        }
        format!("/console/customers/export.csv?{}", params.join("&"))
    };
    view! {
        <Title text=ConsoleArea::Customers.label(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Customers)>
            <div class="page-head">
                <h1>{ConsoleArea::Customers.label(lang)}</h1>
                {can_create
                    .then(|| {
                        view! {
                            <a class="button" href="/console/customers/new">
                                {i18n::CUSTOMER_NEW.get(lang)}
                            </a>
                        }
                    })}
                {can_reassign
                    .then(|| {
                        view! {
                            <a class="button secondary" href="/console/customers/reassign">
                                {i18n::REASSIGN.get(lang)}
                            </a>
                        }
                    })}
                {can_import
                    .then(|| {
                        view! {
                            <a class="button secondary" href="/console/customers/import">
                                {i18n::IMPORT.get(lang)}
                            </a>
                        }
                    })}
                <a class="button secondary" href=export_href rel="external" download="customers.csv">
                    {i18n::EXPORT_CSV.get(lang)}
                </a>
            </div>
            <form method="get" action="/console/customers" class="search-bar" role="search">
                <input
                    type="search"
                    name="q"
                    value=move || param("q").unwrap_or_default()
                    placeholder=i18n::CUSTOMER_SEARCH_HINT.get(lang)
                    aria-label=i18n::CUSTOMER_SEARCH.get(lang)
                />
                <button type="submit" class="button">{i18n::CUSTOMER_SEARCH.get(lang)}</button>
            </form>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(page) => {
                            let searching = param("q").is_some() || param("tag").is_some();
                            let next = page.next_after.map(|after| {
                                let mut href = format!("/console/customers?after={after}");
                                if let Some(q) = param("q") {
                                    href.push_str(&format!("&q={}", crate::components::header::encode(&q)));
                                }
                                href
                            });
                            table(page.items, lang, searching, next).into_any()
                        }
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

fn table(
    rows: Vec<CustomerRow>,
    lang: Lang,
    searching: bool,
    next: Option<String>,
) -> impl IntoView {
    if rows.is_empty() {
        let text = if searching {
            i18n::CUSTOMER_NONE_FOUND
        } else {
            i18n::CUSTOMER_NONE_YET
        };
        return view! { <EmptyState text=text.get(lang) /> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th>{i18n::CUSTOMER_NAME.get(lang)}</th>
                        <th>{i18n::CUSTOMER_MOBILE.get(lang)}</th>
                        <th>{i18n::CUSTOMER_KIND.get(lang)}</th>
                        <th>{i18n::CUSTOMER_SOURCE.get(lang)}</th>
                        <th>{i18n::CUSTOMER_SALES.get(lang)}</th>
                        <th>{i18n::CUSTOMER_CREATED.get(lang)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!("/console/customers/{}", r.id)>{r.name}</a>
                                    </td>
                                    <td>{r.mobile}</td>
                                    <td>{badges(r.kinds, lang)}</td>
                                    <td>{r.source_channel.unwrap_or_default()}</td>
                                    <td>{r.assigned_sales.map(|s| s.name).unwrap_or_default()}</td>
                                    <td>{time::date(r.created_at)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {next.map(|href| view! { <p><a href=href>{i18n::NEXT_PAGE.get(lang)}</a></p> })}
    }
    .into_any()
}

/// 潜在 / 业主 / 会员 badges.
pub fn badges(kinds: CustomerKinds, lang: Lang) -> impl IntoView {
    let mut out = Vec::new();
    if kinds.owner {
        out.push(("owner", i18n::KIND_OWNER.get(lang)));
    } else if kinds.prospect {
        out.push(("prospect", i18n::KIND_PROSPECT.get(lang)));
    }
    if kinds.member {
        out.push(("member", i18n::KIND_MEMBER.get(lang)));
    }
    out.into_iter()
        .map(|(class, label)| view! { <span class=format!("badge {class}")>{label}</span> })
        .collect_view()
}
