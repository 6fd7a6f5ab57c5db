//! The club manager's events: `/console/club/events` (every event with
//! seats and waitlist, and a form for a new one) and
//! `/console/club/events/:id` (check-in at the door by member number, the
//! registration list, and the event's form).

use super::api::{CheckInMember, SaveEvent, load_events, load_roster};
use super::console_pages::{club_tabs, loading};
use super::parts;
use crate::components::alert::alert;
use crate::components::empty_state::EmptyState;
use crate::components::page::{Access, Page};
use crate::components::time;
use crate::console::frame::ConsoleFrame;
use crate::i18n;
use anju_types::club_event::EventView;
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EventsAdminPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageClub) content=events_admin /> }
}

#[component]
pub fn EventAdminPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageClub) content=event_admin /> }
}

fn events_admin(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let save = ServerAction::<SaveEvent>::new();
    let list = Resource::new(move || save.version().get(), |_| load_events());
    view! {
        <Title text=i18n::CLUB_EVENTS.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Club)>
            <h1>{ConsoleArea::Club.label(lang)}</h1>
            {club_tabs(lang, "/console/club/events")}
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_EVENTS.get(lang) /> }.into_any(),
                        Ok(items) => view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th>{i18n::EVENT_TITLE.get(lang)}</th>
                                        <th>{i18n::EVENT_TIME.get(lang)}</th>
                                        <th>{i18n::EVENT_LOCATION.get(lang)}</th>
                                        <th class="num">{i18n::EVENT_REGISTERED.get(lang)}</th>
                                        <th class="num">{i18n::EVENT_WAITING.get(lang)}</th>
                                        <th class="num">{i18n::EVENT_POINTS.get(lang)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|e| view! {
                                            <tr>
                                                <td>
                                                    <a href=format!("/console/club/events/{}", e.id)>{e.title}</a>
                                                    {(!e.active).then(|| view! { " "<span class="badge">{i18n::REWARD_OFF.get(lang)}</span> })}
                                                </td>
                                                <td>{time::span(e.starts_at, e.ends_at)}</td>
                                                <td>{e.location}</td>
                                                <td class="num">{e.capacity - e.seats_left}" / "{e.capacity}</td>
                                                <td class="num">{e.waitlist}</td>
                                                <td class="num">{e.points}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
            <section class="card">
                <h2>{i18n::EVENT_NEW.get(lang)}</h2>
                {event_form(save, None, lang)}
            </section>
        </ConsoleFrame>
    }
    .into_any()
}

/// `t` as a `datetime-local` value, Beijing time.
fn local(t: DateTime<Utc>) -> String {
    let b = time::date_time(t);
    b.replacen(' ', "T", 1)
}

/// The new event's form, or an existing event's.
fn event_form(save: ServerAction<SaveEvent>, e: Option<EventView>, lang: Lang) -> impl IntoView {
    let last = move || save.value().get();
    let err = move |field: &'static str| move || parts::field_error(last(), field, lang);
    let value = |f: fn(&EventView) -> String| e.as_ref().map(f);
    let title = value(|e| e.title.clone());
    let location = value(|e| e.location.clone());
    let starts = value(|e| local(e.starts_at));
    let ends = value(|e| local(e.ends_at));
    let capacity = value(|e| e.capacity.to_string());
    let points = value(|e| e.points.to_string());
    let description = value(|e| e.description.clone());
    let id = e.as_ref().map(|e| e.id);
    let active = e.as_ref().is_none_or(|e| e.active);
    view! {
        {move || parts::outcome_beside_fields(last(), i18n::EVENT_SAVED, lang)}
        <ActionForm action=save attr:class="form narrow-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id.to_string() /> })}
            <label for="event-title">{i18n::EVENT_TITLE.get(lang)}</label>
            <input id="event-title" name="title" maxlength="80" required value=title />
            {err("title")}
            <label for="event-location">{i18n::EVENT_LOCATION.get(lang)}</label>
            <input id="event-location" name="location" maxlength="120" required value=location />
            {err("location")}
            <label for="event-starts">{i18n::EVENT_STARTS.get(lang)}</label>
            <input id="event-starts" name="starts_at" type="datetime-local" required value=starts />
            {err("starts_at")}
            <label for="event-ends">{i18n::EVENT_ENDS.get(lang)}</label>
            <input id="event-ends" name="ends_at" type="datetime-local" required value=ends />
            {err("ends_at")}
            <label for="event-capacity">{i18n::EVENT_CAPACITY.get(lang)}</label>
            <input id="event-capacity" name="capacity" type="number" min="1" required value=capacity />
            {err("capacity")}
            <label for="event-points">{i18n::EVENT_POINTS_HINT.get(lang)}</label>
            <input id="event-points" name="more[points]" type="number" min="0" value=points />
            {err("points")}
            <label for="event-description">{i18n::REWARD_DESCRIPTION.get(lang)}</label>
            <textarea id="event-description" name="more[description]" maxlength="2000" rows="3">{crate::html_text::server_escaped(description.unwrap_or_default())}</textarea>
            <label class="checkbox">
                <input type="checkbox" name="more[active]" checked=active />
                {i18n::EVENT_ACTIVE.get(lang)}
            </label>
            <button type="submit" class="button" disabled=move || save.pending().get()>{i18n::SAVE.get(lang)}</button>
        </ActionForm>
    }
}

fn event_admin(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let save = ServerAction::<SaveEvent>::new();
    let check_in = ServerAction::<CheckInMember>::new();
    let roster = Resource::new(
        move || (id(), save.version().get(), check_in.version().get()),
        |(id, _, _)| load_roster(id),
    );
    let checked = move || {
        check_in.value().get().map(|r| match r {
            Ok(done) => view! {
                <p class="notice" role="status">
                    {i18n::EVENT_CHECKED_IN.get(lang)}": "{done.name}" "{parts::signed(done.points)}
                </p>
            }
            .into_any(),
            Err(e) => {
                view! { <p class="form-error" role="alert">{e.describe(lang)}</p> }.into_any()
            }
        })
    };
    view! {
        <ConsoleFrame user lang current=Some(ConsoleArea::Club)>
            <p><a href="/console/club/events">"‹ "{i18n::CLUB_EVENTS.get(lang)}</a></p>
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match roster.await {
                        Ok(r) => {
                            let e = r.event.clone();
                            view! {
                                <Title text=e.title.clone() />
                                <h1>{e.title.clone()}</h1>
                                <p class="muted">
                                    {time::span(e.starts_at, e.ends_at)}" · "{e.location.clone()}
                                    " · "{i18n::EVENT_REGISTERED.get(lang)}" "{e.capacity - e.seats_left}" / "{e.capacity}
                                    " · "{i18n::EVENT_WAITING.get(lang)}" "{e.waitlist}
                                </p>
                                <section class="card">
                                    <h2>{i18n::EVENT_CHECK_IN.get(lang)}</h2>
                                    {checked}
                                    <ActionForm action=check_in attr:class="form inline-form">
                                        <input type="hidden" name="event_id" value=e.id.to_string() />
                                        <label for="check-in-no">{i18n::EVENT_CHECK_IN_NO.get(lang)}</label>
                                        <input id="check-in-no" name="member_no" required autocomplete="off" placeholder="AJ00000001" />
                                        <button type="submit" class="button" disabled=move || check_in.pending().get()>{i18n::EVENT_CHECK_IN.get(lang)}</button>
                                    </ActionForm>
                                </section>
                                <section class="card">
                                    <h2>{i18n::EVENT_ROSTER.get(lang)}</h2>
                                    {roster_table(r, lang)}
                                </section>
                                <section class="card">
                                    <h2>{i18n::EVENT_EDIT.get(lang)}</h2>
                                    {event_form(save, Some(e), lang)}
                                </section>
                            }.into_any()
                        }
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
        </ConsoleFrame>
    }
    .into_any()
}

fn roster_table(r: anju_types::club_event::EventRoster, lang: Lang) -> AnyView {
    if r.registrations.is_empty() {
        return view! { <EmptyState text=i18n::EVENT_ROSTER_EMPTY.get(lang) /> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th>{i18n::POINTS_MEMBER_NO.get(lang)}</th>
                    <th>{i18n::PROFILE_NAME.get(lang)}</th>
                    <th>{i18n::JOIN_MOBILE.get(lang)}</th>
                    <th>{i18n::CLUB_TIER.get(lang)}</th>
                    <th>{i18n::EVENT_QUEUED.get(lang)}</th>
                    <th>{i18n::TICKET_STATUS.get(lang)}</th>
                </tr></thead>
                <tbody>
                    {r.registrations.into_iter().map(|row| view! {
                        <tr>
                            <td>{row.member_no}</td>
                            <td><a href=format!("/console/club/members/{}", row.member_id)>{row.name}</a></td>
                            <td>{row.mobile}</td>
                            <td>{parts::tier_badge(row.tier, lang)}</td>
                            <td>{time::date_time(row.queued_at)}</td>
                            <td>
                                <span class=format!("badge event-{}", row.status.as_str())>{row.status.label(lang)}</span>
                                {row.checked_in_at.map(|t| view! { " "<span class="muted small">{time::date_time(t)}</span> })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
