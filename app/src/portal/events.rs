//! `/events`: upcoming member events (会员活动). Sign up with one tap; when
//! the event is full the member joins the waitlist and sees their place in
//! line; cancel until the event starts.

use super::nav::PortalNav;
use crate::club::api::{EventSignUp, load_events};
use crate::club::parts;
use crate::components::alert::alert;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
    time,
};
use crate::form_post;
use crate::i18n;
use anju_types::club_event::{EventView, MyRegistration, RegistrationStatus};
use anju_types::{Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EventsPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let act = ServerAction::<EventSignUp>::new();
    let events = Resource::new(move || act.version().get(), |_| load_events());
    // The last sign-up's outcome: its error (see `form_post`), or the
    // member's place now on the event it was for.
    let error = form_post::refusal(act, lang);
    let acted_on = form_post::done()
        .filter(|(what, _)| what == "event")
        .and_then(|(_, id)| id.parse::<i64>().ok());
    view! {
        <Title text=i18n::NAV_EVENTS.get(lang) />
        <div class="portal">
            <PortalNav lang current="/events" />
            <main class="portal-main">
                <h1>{i18n::NAV_EVENTS.get(lang)}</h1>
                {error}
                <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        match events.await {
                            Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_EVENTS.get(lang) /> }.into_any(),
                            Ok(items) => view! {
                                {acted_on
                                    .and_then(|id| items.iter().find(|e| e.id == id)?.mine.clone())
                                    .map(|place| view! { <p class="notice" role="status">{place_message(&place, lang)}</p> })}
                                <ul class="event-list">
                                    {items.into_iter().map(|e| event_card(e, act, lang)).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Transition>
            </main>
        </div>
    }
}

/// What the member is told after signing up or cancelling.
fn place_message(place: &MyRegistration, lang: Lang) -> String {
    match (place.status, place.waitlist_position) {
        (RegistrationStatus::Waitlisted, Some(n)) => {
            format!("{} {n}", i18n::EVENT_WAITLISTED_AT.get(lang))
        }
        (RegistrationStatus::Cancelled, _) => i18n::EVENT_CANCELLED.get(lang).to_owned(),
        _ => i18n::EVENT_SIGNED_UP.get(lang).to_owned(),
    }
}

fn event_card(e: EventView, act: ServerAction<EventSignUp>, lang: Lang) -> impl IntoView {
    let status = e.mine.as_ref().map(|m| m.status);
    let active = status.is_some_and(|s| s != RegistrationStatus::Cancelled);
    let full = e.seats_left <= 0;
    let seats = if full {
        format!(
            "{} · {} {}",
            i18n::EVENT_FULL.get(lang),
            i18n::EVENT_WAITING.get(lang),
            e.waitlist
        )
    } else {
        format!("{} {}", i18n::EVENT_SEATS_LEFT.get(lang), e.seats_left)
    };
    let badge = e.mine.as_ref().filter(|_| active).map(|m| {
        let text = match m.waitlist_position {
            Some(n) => format!("{} {n}", i18n::EVENT_WAITLISTED_AT.get(lang)),
            None => m.status.label(lang).to_owned(),
        };
        view! { <span class=format!("badge event-{}", m.status.as_str()) data-testid="my-place">{text}</span> }
    });
    let can_cancel = e.open
        && matches!(
            status,
            Some(RegistrationStatus::Registered | RegistrationStatus::Waitlisted)
        );
    let button = if !e.open {
        None
    } else if can_cancel {
        Some((i18n::EVENT_CANCEL.get(lang), true))
    } else if !active {
        Some((
            if full {
                i18n::EVENT_JOIN_WAITLIST.get(lang)
            } else {
                i18n::EVENT_SIGN_UP.get(lang)
            },
            false,
        ))
    } else {
        None
    };
    let title = e.title.clone();
    view! {
        <li class="card event">
            <div class="event-head">
                <h2>{e.title.clone()}</h2>
                {badge}
            </div>
            <p class="small">
                {time::span(e.starts_at, e.ends_at)}
                " · "{e.location.clone()}
            </p>
            {e.project_name.clone().map(|p| view! { <p class="muted small">{p}</p> })}
            {(!e.description.is_empty()).then(|| view! { <p class="small">{e.description.clone()}</p> })}
            <p class="muted small">
                {seats}" · "{i18n::EVENT_POINTS.get(lang)}" "<span class="points plus">{parts::signed(e.points)}</span>
            </p>
            {button.map(|(label, cancel)| view! {
                <ActionForm action=act>
                    <input type="hidden" name="event_id" value=e.id.to_string() />
                    {cancel.then(|| view! { <input type="hidden" name="cancel" value="1" /> })}
                    <button type="submit" class=if cancel { "button small secondary" } else { "button small" }
                        aria-label=format!("{label} {title}")
                        disabled=move || act.pending().get()>
                        {label}
                    </button>
                </ActionForm>
            })}
        </li>
    }
}
