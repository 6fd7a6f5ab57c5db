use super::frame::ConsoleFrame;
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::customers::api::load_work_queue;
use crate::i18n::{self, Tr};
use anju_types::customer::{QueueItem, WorkQueue};
use anju_types::deal::format_bp;
use anju_types::{Lang, Permission, Role, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/console`: the staff user's work queue (待办).
#[component]
pub fn ConsoleHome() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewConsole) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let roles = Role::join_labels(&user.roles, lang);
    let queue = Resource::new(|| (), |_| load_work_queue());
    view! {
        <Title text=i18n::CONSOLE_TITLE.get(lang) />
        <ConsoleFrame user=user.clone() lang current=None>
            <h1>{i18n::WELCOME.get(lang)}{user.display_name.clone()}</h1>
            <p class="muted">{i18n::CONSOLE_ROLES.get(lang)}": "{roles}</p>
            <section class="card">
                <h2>{i18n::CONSOLE_QUEUE.get(lang)}</h2>
                <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        let q = queue.await.unwrap_or_default();
                        queue_view(q, lang)
                    })}
                </Suspense>
            </section>
        </ConsoleFrame>
    }
    .into_any()
}

fn queue_view(q: WorkQueue, lang: Lang) -> impl IntoView {
    let empty = q.due_today.is_empty()
        && q.overdue.is_empty()
        && q.stale.is_empty()
        && q.birthdays.is_empty()
        && q.holidays.is_empty()
        && q.approvals.is_empty()
        && q.sla_alerts.is_empty();
    if empty {
        return view! { <EmptyState text=i18n::CONSOLE_QUEUE_EMPTY.get(lang) /> }.into_any();
    }
    let empty_stale = q.stale.is_empty();
    let holidays = (!q.holidays.is_empty()).then(|| {
        view! {
            <div class="queue-group">
                <h3>{i18n::QUEUE_HOLIDAYS.get(lang)}</h3>
                <ul class="queue">
                    {q.holidays.into_iter().map(|h| {
                        let name = match lang { Lang::Zh => h.name_zh, Lang::En => h.name_en };
                        view! { <li><span>{name}</span><span class="muted">{time::day(h.on)}</span></li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    let approvals = (!q.approvals.is_empty()).then(|| {
        let count = q.approvals.len();
        view! {
            <div class="queue-group approvals">
                <h3>{i18n::QUEUE_APPROVALS.get(lang)}" ("{count}")"</h3>
                <ul class="queue">
                    {q.approvals.into_iter().map(|a| view! {
                        <li>
                            <a href=format!("/console/customers/{}", a.customer_id)>{a.customer_name}</a>
                            <span>{a.unit_label}</span>
                            <span class="muted">{a.discount.to_string()}" ("{format_bp(a.discount_bp)}")"</span>
                            <span class="muted">{a.sales_name.unwrap_or_default()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    let sla = (!q.sla_alerts.is_empty()).then(|| {
        let count = q.sla_alerts.len();
        view! {
            <div class="queue-group sla-alerts">
                <h3>{i18n::QUEUE_SLA.get(lang)}" ("{count}")"</h3>
                <ul class="queue">
                    {q.sla_alerts.into_iter().map(|a| view! {
                        <li>
                            <a href=format!("/console/tickets/{}", a.ticket_id)>{a.title}</a>
                            <span class="muted">{a.number}</span>
                            {crate::tickets::parts::sla_line(Some(&a.sla), lang)}
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        }
    });
    view! {
        {sla}
        {approvals}
        {group(i18n::QUEUE_OVERDUE, q.overdue, lang, "overdue")}
        {group(i18n::QUEUE_DUE_TODAY, q.due_today, lang, "")}
        {group(i18n::QUEUE_STALE, q.stale, lang, "")}
        {(!empty_stale).then(|| view! {
            <p class="muted small">{i18n::QUEUE_STALE.get(lang)}": "{q.stale_after_days}" "{i18n::QUEUE_STALE_DAYS.get(lang)}</p>
        })}
        {group(i18n::QUEUE_BIRTHDAYS, q.birthdays, lang, "")}
        {holidays}
    }
    .into_any()
}

fn group(
    title: Tr,
    items: Vec<QueueItem>,
    lang: Lang,
    class: &'static str,
) -> Option<impl IntoView> {
    if items.is_empty() {
        return None;
    }
    let count = items.len();
    Some(view! {
        <div class=format!("queue-group {class}")>
            <h3>{title.get(lang)}" ("{count}")"</h3>
            <ul class="queue">
                {items.into_iter().map(|i| {
                    let when = i
                        .on
                        .map(time::day)
                        .or_else(|| i.last_contact_at.map(time::date))
                        .unwrap_or_else(|| i18n::QUEUE_NEVER_CONTACTED.get(lang).to_owned());
                    view! {
                        <li>
                            <a href=format!("/console/customers/{}", i.customer_id)>{i.name}</a>
                            <span class="muted">{i.mobile}</span>
                            <span class="muted">{when}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    })
}
