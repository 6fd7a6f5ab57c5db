use super::api::{OpenCallerTicket, load_inbox};
use super::parts;
use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::console::frame::ConsoleFrame;
use crate::error::field_message;
use crate::i18n;
use anju_types::{
    ConsoleArea, Lang, Permission, SessionInfo, TicketChannel, TicketPriority, TicketStatus,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/console/service`: open tickets from every channel (or those in one
/// status, `?status=`), the soonest deadline first, 50 to a page.
#[component]
pub fn InboxPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::HandleTickets) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let query = use_query_map();
    let status = move || {
        query
            .read()
            .get("status")
            .filter(|s| TicketStatus::parse(s).is_some())
    };
    let cursor = move || query.read().get("cursor");
    let list = Resource::new(
        move || (status(), cursor()),
        |(status, cursor)| load_inbox(status, cursor),
    );
    let current = status();
    // 全部未结 first, then each status.
    let filters = std::iter::once((None, i18n::TICKETS_ALL_OPEN.get(lang)))
        .chain(
            TicketStatus::ALL
                .iter()
                .map(|s| (Some(s.as_str()), s.label(lang))),
        )
        .map(|(code, label)| {
            let href = code.map_or("/console/service".to_owned(), |c| {
                format!("/console/service?status={c}")
            });
            let here = current.as_deref() == code;
            view! { <a href=href aria-current=here.then_some("page")>{label}</a> }
        })
        .collect_view();
    view! {
        <Title text=ConsoleArea::ServiceDesk.label(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::ServiceDesk)>
            <h1>{ConsoleArea::ServiceDesk.label(lang)}</h1>
            <p><a href="/console/kb">{i18n::KB_TITLE.get(lang)}</a></p>
            {caller_form(lang)}
            <nav class="filter-tabs" aria-label=i18n::TICKET_STATUS.get(lang)>{filters}</nav>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(page) if page.items.is_empty() => view! { <EmptyState text=i18n::EMPTY_TICKETS.get(lang) /> }.into_any(),
                        Ok(page) => {
                            let next = page.next_cursor.map(|c| {
                                let href = match status() {
                                    Some(s) => format!("/console/service?status={s}&cursor={c}"),
                                    None => format!("/console/service?cursor={c}"),
                                };
                                view! { <p><a href=href>{i18n::NEXT_PAGE.get(lang)}</a></p> }
                            });
                            let items = page.items;
                            view! {
                            <div class="table-wrap">
                                <table class="data">
                                    <thead><tr>
                                        <th>{i18n::TICKET_TITLE.get(lang)}</th>
                                        <th>{i18n::TICKET_CUSTOMER.get(lang)}</th>
                                        <th>{i18n::TICKET_STATUS.get(lang)}</th>
                                        <th>{i18n::TICKET_PRIORITY.get(lang)}</th>
                                        <th>{i18n::TICKET_OPENED.get(lang)}</th>
                                        <th>"SLA"</th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|t| view! {
                                            <tr>
                                                <td><a href=format!("/console/tickets/{}", t.id)>{t.title}</a><br /><span class="muted small">{t.number}" · "{t.kind.label(lang)}</span></td>
                                                <td>{t.customer_name}</td>
                                                <td>{parts::status_badge(t.status, lang)}</td>
                                                <td>{t.priority.label(lang)}</td>
                                                <td>{time::date_time(t.created_at)}</td>
                                                <td>{parts::sla_line(t.sla.as_ref(), lang)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {next}
                        }.into_any()
                        }
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

/// 登记来电/来访: a ticket for a caller found by mobile number.
fn caller_form(lang: Lang) -> impl IntoView {
    let open = ServerAction::<OpenCallerTicket>::new();
    let field_error = move |field: &'static str| {
        move || {
            open.value().get().and_then(Result::err).and_then(|e| {
                let code = e.field(field)?.to_owned();
                Some(view! { <p class="field-error">{field_message(&code, lang)}</p> })
            })
        }
    };
    view! {
        <details class="card">
            <summary>{i18n::TICKET_FOR_CALLER.get(lang)}</summary>
            <ActionForm action=open attr:class="form narrow-form">
                <label for="caller_mobile">{i18n::TICKET_CALLER_MOBILE.get(lang)}</label>
                <input id="caller_mobile" name="mobile" inputmode="tel" required />
                {field_error("mobile")}
                <label for="caller_channel">{i18n::TICKET_CHANNEL.get(lang)}</label>
                <select id="caller_channel" name="channel">
                    {[TicketChannel::Hotline, TicketChannel::WalkIn, TicketChannel::Forum].into_iter().map(|c| view! {
                        <option value=c.as_str()>{c.label(lang)}</option>
                    }).collect_view()}
                </select>
                <label for="caller_category">{i18n::TICKET_CATEGORY.get(lang)}</label>
                <select id="caller_category" name="category">
                    {parts::category_options("", lang)}
                </select>
                {field_error("category")}
                <label for="caller_priority">{i18n::TICKET_PRIORITY.get(lang)}</label>
                <select id="caller_priority" name="priority">
                    {TicketPriority::ALL.iter().map(|p| view! {
                        <option value=p.as_str() selected=*p == TicketPriority::Normal>{p.label(lang)}</option>
                    }).collect_view()}
                </select>
                <label for="caller_title">{i18n::TICKET_TITLE.get(lang)}</label>
                <input id="caller_title" name="title" maxlength="120" required />
                {field_error("title")}
                <label for="caller_description">{i18n::TICKET_DESCRIPTION.get(lang)}</label>
                <textarea id="caller_description" name="description" rows="3" maxlength="2000" required></textarea>
                {field_error("description")}
                <button type="submit" class="button" disabled=move || open.pending().get()>{i18n::TICKET_SUBMIT.get(lang)}</button>
            </ActionForm>
        </details>
    }
}
