use super::api::load_inbox;
use super::parts;
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::console::frame::ConsoleFrame;
use crate::i18n;
use anju_types::{ConsoleArea, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/console/service`: open tickets from every channel, the soonest
/// deadline first.
#[component]
pub fn InboxPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::HandleTickets) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let list = Resource::new(|| (), |_| load_inbox());
    view! {
        <Title text=ConsoleArea::ServiceDesk.label(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::ServiceDesk)>
            <h1>{ConsoleArea::ServiceDesk.label(lang)}</h1>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_TICKETS.get(lang) /> }.into_any(),
                        Ok(items) => view! {
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
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}
