//! The 定向消息 card on `/console/marketing`: write a text for a segment,
//! preview who it reaches and who is left out and why, then confirm. The
//! confirm form carries an idempotency key made at preview time, so a
//! double click sends once.

use crate::club::parts;
use crate::components::alert::alert;
use crate::components::empty_state::EmptyState;
use crate::components::time::date_time;
use crate::error::AppError;
use crate::i18n;
use anju_types::Lang;
use anju_types::broadcast::{
    BroadcastDraft, BroadcastPreview, BroadcastView, MAX_BODY_CHARS, final_body, sms_parts,
};
use anju_types::segment::Segment;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A preview with what it previewed and the key the send will carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedBroadcast {
    pub draft: BroadcastDraft,
    pub preview: BroadcastPreview,
    pub key: String,
}

#[server(endpoint = "marketing/broadcasts/preview")]
pub async fn preview_broadcast(draft: BroadcastDraft) -> Result<CheckedBroadcast, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let preview =
        anju_domain::marketing::broadcasts::preview(&svc.db, &actor, &draft, svc.clock.now())
            .await?;
    let key = anju_domain::idempotency::IdempotencyKey::generate();
    Ok(CheckedBroadcast {
        draft,
        preview,
        key: key.as_str().to_owned(),
    })
}

#[server(endpoint = "marketing/broadcasts/send")]
pub async fn send_broadcast(draft: BroadcastDraft, key: String) -> Result<BroadcastView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let key = anju_domain::idempotency::IdempotencyKey::parse(&key)?;
    Ok(anju_domain::marketing::broadcasts::send(
        &svc.db,
        &actor,
        &draft,
        Some(&key),
        svc.clock.now(),
    )
    .await?)
}

#[server(endpoint = "marketing/broadcasts")]
pub async fn load_broadcasts() -> Result<Vec<BroadcastView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::broadcasts::list(&svc.db, &actor).await?)
}

/// "42 字 · 1 条短信": the length as sent, opt-out line included.
fn length_hint(text: &str, lang: Lang) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    let sent = final_body(text);
    let (chars, parts) = (sent.chars().count(), sms_parts(&sent));
    match lang {
        Lang::Zh => format!("{chars} 字 · {parts} 条短信"),
        Lang::En => format!("{chars} characters · {parts} SMS"),
    }
}

#[component]
pub fn BroadcastSection(lang: Lang) -> impl IntoView {
    let preview = ServerAction::<PreviewBroadcast>::new();
    let send = ServerAction::<SendBroadcast>::new();
    let history = Resource::new(move || send.version().get(), |_| load_broadcasts());
    let text = RwSignal::new(String::new());
    // A sent message closes its preview; a new one needs a new preview.
    Effect::new(move || {
        if matches!(send.value().get(), Some(Ok(_))) {
            preview.value().set(None);
        }
    });
    let err =
        move |field: &'static str| move || parts::field_error(preview.value().get(), field, lang);
    view! {
        <section class="card" id="broadcast">
            <h2>{i18n::BROADCAST.get(lang)}</h2>
            <p class="muted small">{i18n::BROADCAST_RULE.get(lang)}</p>
            {move || parts::outcome(send.value().get(), i18n::BROADCAST_SENT, lang)}
            <ActionForm action=preview attr:class="form narrow-form">
                <label for="broadcast-segment">{i18n::BROADCAST_SEGMENT.get(lang)}</label>
                <select id="broadcast-segment" name="draft[segment]">
                    {Segment::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label(lang)}</option> }).collect_view()}
                </select>
                {err("segment")}
                <label for="broadcast-body">{i18n::BROADCAST_BODY.get(lang)}</label>
                <textarea id="broadcast-body" name="draft[body]" rows="4" maxlength=MAX_BODY_CHARS.to_string() required
                    placeholder=i18n::BROADCAST_BODY_HINT.get(lang)
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p class="muted small" aria-live="polite">{move || length_hint(&text.get(), lang)}</p>
                {err("body")}
                <button type="submit" class="button secondary" disabled=move || preview.pending().get()>
                    {i18n::BROADCAST_PREVIEW.get(lang)}
                </button>
            </ActionForm>
            {move || match preview.value().get() {
                Some(Ok(checked)) => Some(preview_panel(checked, send, lang).into_any()),
                Some(Err(e)) if e.field("segment").is_none() && e.field("body").is_none() => {
                    Some(alert(e.message(lang)))
                }
                _ => None,
            }}
            <h3>{i18n::BROADCAST_HISTORY.get(lang)}</h3>
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_BROADCASTS.get(lang) /> }.into_any(),
                        Ok(items) => history_table(items, lang).into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
        </section>
    }
}

fn preview_panel(
    checked: CheckedBroadcast,
    send: ServerAction<SendBroadcast>,
    lang: Lang,
) -> impl IntoView {
    let p = checked.preview;
    let too_often = match lang {
        Lang::Zh => format!(
            "{}（{} 天内 {} 次）",
            i18n::BROADCAST_TOO_OFTEN.zh,
            p.window_days,
            p.max_contacts
        ),
        Lang::En => format!(
            "{} ({} in {} days)",
            i18n::BROADCAST_TOO_OFTEN.en,
            p.max_contacts,
            p.window_days
        ),
    };
    let parts_note = match lang {
        Lang::Zh => format!("每人 {} 条短信", p.sms_parts),
        Lang::En => format!("{} SMS each", p.sms_parts),
    };
    let nobody = p.recipients == 0;
    view! {
        <div class="broadcast-preview" data-testid="broadcast-preview">
            <dl class="figures">
                <div><dt>{i18n::BROADCAST_WILL_REACH.get(lang)}</dt><dd data-testid="broadcast-recipients">{p.recipients}</dd></div>
                <div><dt>{i18n::BROADCAST_OF_TOTAL.get(lang)}</dt><dd>{p.total}</dd></div>
                <div><dt>{i18n::BROADCAST_NO_CONSENT.get(lang)}</dt><dd data-testid="broadcast-no-consent">{p.no_consent}</dd></div>
                <div><dt>{too_often}</dt><dd data-testid="broadcast-too-often">{p.contacted_recently}</dd></div>
            </dl>
            <p class="muted small">{i18n::BROADCAST_AS_SENT.get(lang)}" · "{parts_note}</p>
            <blockquote class="sms">{p.final_body}</blockquote>
            {(!p.excluded_sample.is_empty()).then(|| view! {
                <h4>{i18n::BROADCAST_EXCLUDED.get(lang)}</h4>
                <div class="table-wrap">
                    <table class="table">
                        <thead><tr>
                            <th>{i18n::NAME.get(lang)}</th>
                            <th>{i18n::MOBILE.get(lang)}</th>
                            <th>{i18n::BROADCAST_REASONS.get(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {p.excluded_sample.into_iter().map(|x| view! {
                                <tr>
                                    <td>{x.name}</td>
                                    <td>{x.mobile}</td>
                                    <td>{x.reasons.iter().map(|r| r.label(lang)).collect::<Vec<_>>().join("、")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <ActionForm action=send>
                <input type="hidden" name="draft[segment]" value=checked.draft.segment />
                <input type="hidden" name="draft[body]" value=checked.draft.body />
                <input type="hidden" name="key" value=checked.key />
                <button type="submit" class="button" disabled=move || nobody || send.pending().get()>
                    {if nobody { i18n::BROADCAST_NOBODY.get(lang).to_owned() } else {
                        format!("{}（{}）", i18n::BROADCAST_CONFIRM.get(lang), p.recipients)
                    }}
                </button>
            </ActionForm>
        </div>
    }
}

fn history_table(items: Vec<BroadcastView>, lang: Lang) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table broadcasts">
                <thead><tr>
                    <th>{i18n::BROADCAST_SENT_AT.get(lang)}</th>
                    <th>{i18n::BROADCAST_SEGMENT.get(lang)}</th>
                    <th>{i18n::BROADCAST_BODY.get(lang)}</th>
                    <th class="num">{i18n::BROADCAST_RECIPIENTS.get(lang)}</th>
                    <th class="num">{i18n::BROADCAST_LEFT_OUT.get(lang)}</th>
                    <th>{i18n::BROADCAST_BY.get(lang)}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|b| view! {
                        <tr>
                            <td>{date_time(b.created_at)}</td>
                            <td>{b.segment.label(lang)}</td>
                            <td>{b.body}</td>
                            <td class="num" data-testid="broadcast-sent">{b.recipients}</td>
                            <td class="num">{b.excluded}</td>
                            <td>{b.sent_by}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_counts_the_text_as_sent() {
        assert_eq!(length_hint("  ", Lang::Zh), "");
        // 4 characters + " 拒收请回复R" (7).
        assert_eq!(length_hint("新盘开放", Lang::Zh), "11 字 · 1 条短信");
        assert_eq!(
            length_hint(&"字".repeat(80), Lang::En),
            "87 characters · 2 SMS"
        );
    }
}
