//! Pieces shared by the member's and the staff's ticket pages.

use super::api::RateTicket;
use crate::components::time;
use crate::i18n;
use anju_types::ticket::{
    SlaView, TicketPhotoView, TicketView, TimelineStep, category_label, duration_words,
};
use anju_types::{Lang, TicketStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub fn status_badge(status: TicketStatus, lang: Lang) -> impl IntoView {
    view! { <span class=format!("badge ticket-{}", status.as_str())>{status.label(lang)}</span> }
}

/// `请于 2026-11-25 17:00 前响应` / `已超时` / `等待确认，计时暂停`.
pub fn sla_line(sla: Option<&SlaView>, lang: Lang) -> Option<AnyView> {
    let sla = sla?;
    let (class, text) = if sla.paused {
        ("sla paused", i18n::SLA_PAUSED.get(lang).to_owned())
    } else {
        let what = if sla.target == "first_response" {
            i18n::SLA_FIRST_RESPONSE.get(lang)
        } else {
            i18n::SLA_RESOLUTION.get(lang)
        };
        let due = format!(
            "{}{} {}",
            i18n::SLA_DUE.get(lang),
            time::date_time(sla.due_at),
            what
        );
        let left = duration_words(sla.remaining_minutes, lang);
        if sla.overdue {
            (
                "sla overdue",
                format!("{} {left} · {due}", i18n::SLA_OVERDUE.get(lang)),
            )
        } else {
            (
                "sla",
                match lang {
                    Lang::Zh => format!("{due}（剩余 {left}）"),
                    Lang::En => format!("{due} ({left} left)"),
                },
            )
        }
    };
    Some(view! { <p class=class role="status">{text}</p> }.into_any())
}

fn step_label(kind: &str, lang: Lang) -> &'static str {
    let tr = match kind {
        "received" => i18n::STEP_RECEIVED,
        "dispatched" => i18n::STEP_DISPATCHED,
        "accepted" => i18n::STEP_ACCEPTED,
        "task_done" => i18n::STEP_TASK_DONE,
        "resolved" => i18n::STEP_RESOLVED,
        "confirmed" => i18n::STEP_CONFIRMED,
        "closed" => i18n::STEP_CLOSED,
        "reopened" => i18n::STEP_REOPENED,
        "revisited" => i18n::STEP_REVISITED,
        "sla_warning" => i18n::STEP_SLA_WARNING,
        "sla_breach" => i18n::STEP_SLA_BREACH,
        "classified" => i18n::STEP_CLASSIFIED,
        "photo" => i18n::STEP_PHOTO,
        _ => i18n::STEP_NOTE,
    };
    tr.get(lang)
}

/// The parcel-style timeline, newest step first.
pub fn timeline(steps: Vec<TimelineStep>, lang: Lang) -> AnyView {
    view! {
        <ol class="timeline" aria-label=i18n::TIMELINE.get(lang)>
            {steps.into_iter().rev().map(|s| {
                let internal = (!s.public).then(|| view! { <span class="badge internal">{i18n::INTERNAL.get(lang)}</span> });
                view! {
                    <li class=if s.public { "step" } else { "step internal" }>
                        <time>{time::date_time(s.at)}</time>
                        <strong>{step_label(&s.kind, lang)}</strong>
                        {s.department.map(|d| view! { <span class="muted">" · "{d}</span> })}
                        {internal}
                        {s.note.map(|n| view! { <p>{n}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// Number, kind, category, status and the SLA line.
pub fn heading(t: &TicketView, lang: Lang) -> AnyView {
    view! {
        <h1>{t.title.clone()}</h1>
        <p class="muted">
            {t.number.clone()}" · "{t.kind.label(lang)}" · "{category_label(&t.category, lang).to_owned()}" "
            {status_badge(t.status, lang)}
        </p>
        {sla_line(t.sla.as_ref(), lang)}
        <p>{t.description.clone()}</p>
    }
    .into_any()
}

fn photo_error(code: &str, lang: Lang) -> &'static str {
    let tr = match code {
        "not_an_image" => i18n::PHOTO_NOT_AN_IMAGE,
        "too_large" => i18n::PHOTO_TOO_LARGE,
        "too_many" => i18n::PHOTO_TOO_MANY,
        "required" => i18n::PHOTO_REQUIRED,
        "closed" => i18n::PHOTO_CLOSED,
        _ => i18n::ERR_INTERNAL,
    };
    tr.get(lang)
}

/// The ticket's photos, and (while it may still change) a plain form to add
/// more: it posts to `/tickets/{id}/photos`, so it works without JavaScript.
pub fn photos(
    ticket_id: i64,
    photos: Vec<TicketPhotoView>,
    can_add: bool,
    from_console: bool,
    lang: Lang,
) -> AnyView {
    let query = use_query_map();
    let error = move || {
        query
            .read()
            .get("photo_error")
            .map(|code| view! { <p class="form-error" role="alert">{photo_error(&code, lang)}</p> })
    };
    let action = if from_console {
        format!("/tickets/{ticket_id}/photos?from=console")
    } else {
        format!("/tickets/{ticket_id}/photos")
    };
    let room = photos.len() < 6;
    view! {
        <section class="card" aria-label=i18n::PHOTOS.get(lang)>
            <h2>{i18n::PHOTOS.get(lang)}</h2>
            {photos.is_empty().then(|| view! { <p class="muted small">{i18n::PHOTOS_NONE.get(lang)}</p> })}
            <div class="photo-grid">
                {photos.into_iter().enumerate().map(|(n, p)| {
                    let src = format!("/tickets/{ticket_id}/photos/{}", p.id);
                    let href = src.clone();
                    view! {
                        <a href=href target="_blank" rel="external">
                            <img src=src alt=format!("{} {}", i18n::PHOTOS.get(lang), n + 1) loading="lazy" />
                        </a>
                    }
                }).collect_view()}
            </div>
            {error}
            {(can_add && room).then(|| view! {
                <form method="post" action=action enctype="multipart/form-data" class="form photo-form">
                    <label for="photo">{i18n::PHOTOS_ADD.get(lang)}</label>
                    <input id="photo" type="file" name="photo" accept="image/jpeg,image/png" multiple required />
                    <p class="muted small">{i18n::PHOTOS_HINT.get(lang)}</p>
                    <button type="submit" class="button secondary">{i18n::PHOTOS_UPLOAD.get(lang)}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// The category tree as `<optgroup>`s of `<option>`s, one group per kind.
pub fn category_options(selected: &str, lang: Lang) -> AnyView {
    let selected = selected.to_owned();
    anju_types::TicketKind::ALL
        .iter()
        .map(|kind| {
            let selected = selected.clone();
            view! {
                <optgroup label=kind.label(lang)>
                    {anju_types::ticket::TICKET_CATEGORIES.iter().filter(|(k, ..)| k == kind).map(|(_, code, zh, en)| view! {
                        <option value=*code selected=selected == *code>{if lang == Lang::Zh { *zh } else { *en }}</option>
                    }).collect_view()}
                </optgroup>
            }
        })
        .collect_view()
        .into_any()
}

/// 1–5 stars and a comment: the member's rating, or the agent's phone
/// revisit (both are one revisit step on the server).
/// What the member's page of a request shows changing: its status and its
/// number of steps.
pub fn progress_mark(t: &TicketView) -> String {
    format!("{}:{}", t.status.as_str(), t.timeline.len())
}

pub fn rating_form(rate: ServerAction<RateTicket>, id: i64, lang: Lang) -> AnyView {
    view! {
        <ActionForm action=rate attr:class="form narrow-form">
            <input type="hidden" name="id" value=id.to_string() />
            <fieldset class="stars">
                <legend>{i18n::TICKET_RATING.get(lang)}</legend>
                {(1..=5).rev().map(|n| view! {
                    <label><input type="radio" name="rating" value=n.to_string() required />{format!("{n} ★")}</label>
                }).collect_view()}
            </fieldset>
            <label for="comment">{i18n::TICKET_COMMENT.get(lang)}</label>
            <textarea id="comment" name="comment" rows="2"></textarea>
            <button type="submit" class="button">{i18n::TICKET_RATE_SUBMIT.get(lang)}</button>
        </ActionForm>
    }
    .into_any()
}
