//! `/console/audit` (审计日志, administrators): who changed what and when,
//! with the record before and after, filtered by kind of record and user.
//! The filter is a plain GET form, so a filtered view is a link to share.

use crate::components::alert::alert;
use crate::components::empty_state::EmptyState;
use crate::components::page::{Access, Page};
use crate::components::time;
use crate::console::frame::ConsoleFrame;
use crate::error::AppError;
use crate::i18n;
use anju_types::audit::{AuditEntryView, AuditPage};
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(endpoint = "audit/list")]
pub async fn load_audit(
    entity: Option<String>,
    user: Option<String>,
    cursor: Option<i64>,
) -> Result<AuditPage, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let filter = anju_domain::audit::AuditFilter {
        entity,
        user,
        cursor,
        limit: 50,
    };
    Ok(anju_domain::audit::list(&svc.db, &actor, &filter).await?)
}

#[server(endpoint = "audit/entities")]
pub async fn load_audit_entities() -> Result<Vec<String>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::audit::entities(&svc.db, &actor).await?)
}

#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewAudit) content=audit_page /> }
}

fn audit_page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let query = use_query_map();
    let param = move |k: &str| query.read().get(k).filter(|v| !v.trim().is_empty());
    let entries = Resource::new(
        move || {
            (
                param("entity"),
                param("user"),
                param("cursor").and_then(|c| c.parse::<i64>().ok()),
            )
        },
        |(entity, user, cursor)| load_audit(entity, user, cursor),
    );
    let entities = Resource::new(|| (), |_| load_audit_entities());
    let loading = move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> };
    view! {
        <Title text=ConsoleArea::Audit.label(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Audit)>
            <h1>{ConsoleArea::Audit.label(lang)}</h1>
            <form method="get" action="/console/audit" class="card form inline-form">
                <label for="audit-entity">{i18n::AUDIT_ENTITY.get(lang)}</label>
                <select id="audit-entity" name="entity">
                    <option value="">{i18n::AUDIT_ALL.get(lang)}</option>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let chosen = param("entity").unwrap_or_default();
                            entities.await.unwrap_or_default().into_iter().map(|e| {
                                let selected = e == chosen;
                                let label = e.clone();
                                view! { <option value=e selected=selected>{label}</option> }
                            }).collect_view()
                        })}
                    </Transition>
                </select>
                <label for="audit-user">{i18n::AUDIT_USER.get(lang)}</label>
                <input id="audit-user" name="user" value=move || param("user").unwrap_or_default() placeholder="admin" />
                <button type="submit" class="button">{i18n::AUDIT_FILTER.get(lang)}</button>
            </form>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(page) if page.items.is_empty() => view! { <EmptyState text=i18n::EMPTY_AUDIT.get(lang) /> }.into_any(),
                        Ok(page) => {
                            let next = page.next_cursor.map(|c| {
                                let mut href = format!("/console/audit?cursor={c}");
                                for k in ["entity", "user"] {
                                    if let Some(v) = param(k) {
                                        href.push_str(&format!("&{k}={}", urlencode(&v)));
                                    }
                                }
                                view! { <p><a class="button secondary" href=href>{i18n::AUDIT_OLDER.get(lang)}</a></p> }
                            });
                            view! { {entry_table(page.items, lang)} {next} }.into_any()
                        }
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
        </ConsoleFrame>
    }
    .into_any()
}

/// Percent-encodes a query value (logins and entity names are ASCII, but a
/// typed filter may not be).
fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn entry_table(items: Vec<AuditEntryView>, lang: Lang) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table audit">
                <thead><tr>
                    <th>{i18n::AUDIT_AT.get(lang)}</th>
                    <th>{i18n::AUDIT_USER.get(lang)}</th>
                    <th>{i18n::AUDIT_ACTION.get(lang)}</th>
                    <th>{i18n::AUDIT_ENTITY.get(lang)}</th>
                    <th>{i18n::AUDIT_CHANGE.get(lang)}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|e| {
                        let who = match (e.actor_name, e.actor_login) {
                            (Some(name), Some(login)) => format!("{name}（{login}）"),
                            _ => i18n::AUDIT_SYSTEM.get(lang).to_owned(),
                        };
                        view! {
                            <tr>
                                <td>{time::date_time(e.at)}</td>
                                <td>{who}</td>
                                <td><code>{e.action}</code></td>
                                <td>{e.entity}" #"{e.entity_id}</td>
                                <td>
                                    <details>
                                        <summary>{i18n::AUDIT_SHOW.get(lang)}</summary>
                                        {e.before.map(|b| view! { <p class="muted small">{i18n::AUDIT_BEFORE.get(lang)}</p><pre>{b}</pre> })}
                                        {e.after.map(|a| view! { <p class="muted small">{i18n::AUDIT_AFTER.get(lang)}</p><pre>{a}</pre> })}
                                    </details>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
