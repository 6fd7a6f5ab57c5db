//! `/tickets`: the member's requests (报事报修) and a form to open one;
//! `/tickets/:id`: one request tracked like a parcel, refreshed every 15 s,
//! with 确认解决 / 重新打开 and the rating after it closes.

use super::nav::PortalNav;
use crate::components::alert::alert;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
    time,
};
use crate::error::field_message;
use crate::form_post;
use crate::i18n;
use crate::tickets::api::{
    MyTicketAction, OpenMyTicket, RateTicket, load_my_ticket, load_my_tickets, load_my_units,
};
use crate::tickets::parts;
use anju_types::ticket::{TICKET_CATEGORIES, TicketView};
use anju_types::{Lang, Permission, SessionInfo, TicketStatus};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TicketsPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=page /> }
}

#[component]
pub fn TicketPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=detail /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let list = Resource::new(|| (), |_| load_my_tickets());
    let units = Resource::new(|| (), |_| load_my_units());
    view! {
        <Title text=i18n::NAV_TICKETS.get(lang) />
        <div class="portal">
            <PortalNav lang current="/tickets" />
            <main class="portal-main">
                <h1>{i18n::NAV_TICKETS.get(lang)}</h1>
                <p class="muted small"><a href="/help">{i18n::NAV_HELP.get(lang)}</a>" · "{i18n::KB_STILL_NEED_HELP.get(lang)}</p>
                <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        match list.await {
                            Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_TICKETS.get(lang) /> }.into_any(),
                            Ok(items) => view! {
                                <ul class="ticket-list">
                                    {items.into_iter().map(|t| view! {
                                        <li class="card">
                                            <a href=format!("/tickets/{}", t.id)><strong>{t.title}</strong></a>
                                            " "{parts::status_badge(t.status, lang)}
                                            <p class="muted small">{t.number}" · "{t.kind.label(lang)}" · "{time::date_time(t.created_at)}</p>
                                            {parts::sla_line(t.sla.as_ref(), lang)}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Suspense>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let units = units.await.unwrap_or_default();
                        view! { <NewTicketForm>{unit_choice(units, lang)}</NewTicketForm> }
                    })}
                </Suspense>
            </main>
        </div>
    }
}

/// The category the new-request form starts on.
fn first_category() -> Option<String> {
    TICKET_CATEGORIES
        .first()
        .map(|(_, code, ..)| (*code).to_owned())
}

/// The member's home for a request, if they have any: the page renders it
/// inside the form island (an island's children stay as the server drew
/// them).
fn unit_choice(units: Vec<(i64, String)>, lang: Lang) -> impl IntoView {
    (!units.is_empty()).then(|| {
        view! {
            <label for="unit_id">{i18n::TICKET_UNIT.get(lang)}</label>
            <select id="unit_id" name="unit_id">
                <option value="">{i18n::TICKET_UNIT_NONE.get(lang)}</option>
                {units.into_iter().map(|(id, label)| view! {
                    <option value=id.to_string()>{label}</option>
                }).collect_view()}
            </select>
        }
    })
}

/// The new-request form: the knowledge base's suggestions follow the
/// category and title as they change, and a refusal shows beside the
/// fields with what was typed kept; once opened, the server function sends
/// the browser to the new request. Without JavaScript it is a plain form
/// post to the same function.
///
/// No props (see `plain_text`): the language is the page's, a refusal of a
/// post without JavaScript is in the address, and the homes to choose from
/// are the children.
#[island]
fn NewTicketForm(children: Children) -> impl IntoView {
    let lang = i18n::page_lang();
    // The last refusal: the page's, from a post without JavaScript, then
    // this form's own.
    let last = RwSignal::new(form_post::refused::<OpenMyTicket>());
    let pending = RwSignal::new(false);
    let description = NodeRef::<leptos::html::Textarea>::new();
    // Articles that may answer the request, refreshed as the member picks a
    // category or finishes typing the title.
    let category = RwSignal::new(first_category().unwrap_or_default());
    let title = RwSignal::new(String::new());
    // A signal, not a resource (async resources would double this bundle's
    // size): the browser asks for the first category's articles once the
    // form is live, then again on each change. Only the latest question's
    // answer is shown.
    let suggestions = RwSignal::new(Vec::<(i64, String)>::new());
    let asked = StoredValue::new(0u32);
    let refresh = move || {
        asked.update_value(|n| *n += 1);
        #[cfg(feature = "hydrate")]
        {
            let mine = asked.get_value();
            let (category, title) = (category.get_untracked(), title.get_untracked());
            leptos::task::spawn_local(async move {
                if let Ok(items) = crate::kb::api::kb_suggest(Some(category), title).await
                    && asked.get_value() == mine
                {
                    suggestions.set(items);
                }
            });
        }
    };
    let field_error = move |field: &'static str| {
        move || {
            last.get().and_then(|e| {
                let code = e.field(field)?.to_owned();
                Some(view! { <p class="field-error">{field_message(&code, lang)}</p> })
            })
        }
    };
    // Sent from the page, so a refusal keeps what was typed; once opened,
    // the server function sends the browser to the request (a redirect the
    // bundle follows, see `bundle::hydrate_islands`).
    refresh();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let unit_id = crate::form_post::select_value("unit_id");
            let description = description
                .get_untracked()
                .map(|d| d.value())
                .unwrap_or_default();
            let (category, title) = (category.get_untracked(), title.get_untracked());
            pending.set(true);
            leptos::task::spawn_local(async move {
                if let Err(e) =
                    crate::tickets::api::open_my_ticket(category, title, description, unit_id).await
                {
                    last.set(Some(e));
                }
                pending.set(false);
            });
        }
    };
    view! {
        <section class="card">
            <h2>{i18n::TICKET_NEW.get(lang)}</h2>
            <p class="muted small">{i18n::TICKET_NEW_HINT.get(lang)}</p>
            {move || last.get().filter(|e| e.fields.is_empty()).map(|e| view! {
                <p class="form-error" role="alert">{e.describe(lang)}</p>
            })}
            <form method="post" action=OpenMyTicket::PATH class="form narrow-form" on:submit=submit>
                <label for="category">{i18n::TICKET_CATEGORY.get(lang)}</label>
                <select id="category" name="category" required
                    on:change=move |ev| {
                        category.set(event_target_value(&ev));
                        refresh();
                    }>
                    {parts::category_options("", lang)}
                </select>
                {field_error("category")}
                <label for="title">{i18n::TICKET_TITLE.get(lang)}</label>
                <input id="title" name="title" maxlength="120" required
                    on:change=move |ev| {
                        title.set(event_target_value(&ev));
                        refresh();
                    } />
                {move || {
                    let items = suggestions.get();
                        (!items.is_empty()).then(|| view! {
                            <aside class="kb-suggest" aria-label=i18n::KB_SUGGESTED.get(lang)>
                                <p class="small">{i18n::KB_SUGGESTED.get(lang)}</p>
                                <ul>
                                    {items.into_iter().map(|(id, title)| view! {
                                        <li><a href=format!("/help/{id}") target="_blank">{title}</a></li>
                                    }).collect_view()}
                                </ul>
                            </aside>
                        })
                }}
                {field_error("title")}
                {children()}
                {field_error("unit_id")}
                <label for="description">{i18n::TICKET_DESCRIPTION.get(lang)}</label>
                <textarea id="description" name="description" rows="4" maxlength="2000" required node_ref=description></textarea>
                {field_error("description")}
                <button type="submit" class="button wide" disabled=move || pending.get()>
                    {i18n::TICKET_SUBMIT.get(lang)}
                </button>
            </form>
        </section>
    }
}

fn detail(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let act = ServerAction::<MyTicketAction>::new();
    let rate = ServerAction::<RateTicket>::new();
    let ticket = Resource::new(id, load_my_ticket);
    view! {
        <div class="portal">
            <PortalNav lang current="/tickets" />
            <main class="portal-main">
                <p><a href="/tickets">"‹ "{i18n::NAV_TICKETS.get(lang)}</a></p>
                <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        match ticket.await {
                            Ok(t) => ticket_body(t, act, rate, lang),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Transition>
            </main>
        </div>
    }
}

fn ticket_body(
    t: TicketView,
    act: ServerAction<MyTicketAction>,
    rate: ServerAction<RateTicket>,
    lang: Lang,
) -> AnyView {
    let id = t.id;
    let error = move || {
        act.value()
            .get()
            .or(rate.value().get())
            .and_then(Result::err)
            .map(|e| view! { <p class="form-error" role="alert">{e.describe(lang)}</p> })
    };
    let actions = (t.status == TicketStatus::AwaitingConfirmation).then(|| {
        view! {
            <section class="card">
                <h2>{i18n::TICKET_CONFIRM_ASK.get(lang)}</h2>
                <div class="unit-actions">
                    <ActionForm action=act>
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="action" value="confirm" />
                        <button type="submit" class="button">{i18n::TICKET_CONFIRM.get(lang)}</button>
                    </ActionForm>
                    <ActionForm action=act attr:class="inline-action">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="action" value="reopen" />
                        <label for="reopen_note">{i18n::TICKET_REOPEN_WHY.get(lang)}</label>
                        <input id="reopen_note" name="note" />
                        <button type="submit" class="button secondary">{i18n::TICKET_REOPEN.get(lang)}</button>
                    </ActionForm>
                </div>
            </section>
        }
    });
    let rating = (t.status == TicketStatus::Closed).then(|| {
        view! {
            <section class="card">
                <h2>{i18n::TICKET_RATE.get(lang)}</h2>
                {parts::rating_form(rate, id, lang)}
            </section>
        }
    });
    let rated = t.rating.map(|r| {
        view! { <p class="notice">{i18n::TICKET_RATED.get(lang)}" "{"★".repeat(r.clamp(0, 5) as usize)}</p> }
    });
    let can_add_photos = t.status != TicketStatus::Revisited;
    let seen = parts::progress_mark(&t);
    view! {
        <Title text=t.title.clone() />
        // What `FollowTicket` compares with.
        <span hidden data-ticket=id.to_string() data-progress=seen></span>
        <FollowTicket />
        {parts::heading(&t, lang)}
        {error}
        {actions}
        {rating}
        {rated}
        {parts::photos(id, t.photos, can_add_photos, false, lang)}
        {parts::timeline(t.timeline, lang)}
    }
    .into_any()
}

/// Staff steps appear without the member reloading: every 15 s the page
/// asks whether its request moved on, and reloads when it did. It compares
/// with the mark the page was drawn with (`data-progress`; no props, see
/// `plain_text`).
#[island]
fn FollowTicket() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let Some(mark) = document().query_selector("[data-progress]").ok().flatten() else {
            return;
        };
        let (Some(id), Some(seen)) = (
            mark.get_attribute("data-ticket")
                .and_then(|id| id.parse::<i64>().ok()),
            mark.get_attribute("data-progress"),
        ) else {
            return;
        };
        let check = move || {
            let seen = seen.clone();
            leptos::task::spawn_local(async move {
                if let Ok(now) = crate::tickets::api::my_ticket_progress(id).await
                    && now != seen
                {
                    let _ = window().location().reload();
                }
            });
        };
        if let Ok(handle) = set_interval_with_handle(check, std::time::Duration::from_secs(15)) {
            on_cleanup(move || handle.clear());
        }
    }
}
