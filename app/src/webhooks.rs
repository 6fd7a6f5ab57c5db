//! `/console/webhooks` (administrators): register URLs for domain events,
//! see what is pending or given up; `/console/webhooks/:id`: change or
//! pause one, read its delivery log and resend what failed.

use crate::club::parts;
use crate::components::alert::alert;
use crate::components::empty_state::EmptyState;
use crate::components::page::{Access, Page};
use crate::components::time;
use crate::console::frame::ConsoleFrame;
use crate::error::AppError;
use crate::i18n;
use anju_types::webhook::{DeliveryPage, DeliveryState, DeliveryView, WebhookCreated, WebhookView};
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[server(endpoint = "webhooks/list")]
pub async fn load_webhooks() -> Result<Vec<WebhookView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::webhooks::list(&svc.db, &actor).await?)
}

/// `active` is the checkbox: present ("on") when ticked.
#[server(endpoint = "webhooks/create")]
pub async fn create_webhook(
    url: String,
    events: String,
    active: Option<String>,
) -> Result<WebhookCreated, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let d = anju_types::webhook::WebhookDraft {
        url,
        events,
        active: active.is_some(),
    };
    Ok(
        anju_domain::webhooks::create(&svc.db, svc.webhook_targets, &actor, &d, svc.clock.now())
            .await?,
    )
}

#[server(endpoint = "webhooks/update")]
pub async fn update_webhook(
    id: i64,
    url: String,
    events: String,
    active: Option<String>,
) -> Result<WebhookView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let d = anju_types::webhook::WebhookDraft {
        url,
        events,
        active: active.is_some(),
    };
    Ok(anju_domain::webhooks::update(
        &svc.db,
        svc.webhook_targets,
        &actor,
        id,
        &d,
        svc.clock.now(),
    )
    .await?)
}

#[server(endpoint = "webhooks/deliveries")]
pub async fn load_deliveries(id: i64) -> Result<DeliveryPage, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::webhooks::deliveries(&svc.db, &actor, id, None, 50).await?)
}

#[server(endpoint = "webhooks/resend")]
pub async fn resend_delivery(id: i64, delivery_id: i64) -> Result<DeliveryView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::webhooks::resend(&svc.db, &actor, id, delivery_id, svc.clock.now()).await?)
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageUsers) content=webhooks_page /> }
}

#[component]
pub fn WebhookPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageUsers) content=webhook_page /> }
}

fn loading(lang: Lang) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any()
}

fn webhooks_page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let create = ServerAction::<CreateWebhook>::new();
    let list = Resource::new(move || create.version().get(), |_| load_webhooks());
    let last = move || create.value().get();
    let err = move |field: &'static str| move || parts::field_error(last(), field, lang);
    let created = move || match last() {
        Some(Ok(c)) => Some(
            view! {
                <div class="notice" role="status">
                    <p>{i18n::WEBHOOK_CREATED.get(lang)}</p>
                    <code class="secret">{c.secret}</code>
                </div>
            }
            .into_any(),
        ),
        other => parts::outcome_beside_fields(other, i18n::WEBHOOK_SAVED, lang),
    };
    view! {
        <Title text=i18n::WEBHOOKS.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Users)>
            <h1>{i18n::WEBHOOKS.get(lang)}</h1>
            <p class="muted small">{i18n::WEBHOOK_SIGNING.get(lang)}</p>
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_WEBHOOKS.get(lang) /> }.into_any(),
                        Ok(items) => view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th>{i18n::WEBHOOK_URL.get(lang)}</th>
                                        <th>{i18n::WEBHOOK_EVENTS.get(lang)}</th>
                                        <th>{i18n::DELIVERY_STATE.get(lang)}</th>
                                        <th class="num">{i18n::WEBHOOK_PENDING.get(lang)}</th>
                                        <th class="num">{i18n::WEBHOOK_FAILED.get(lang)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|w| view! {
                                            <tr>
                                                <td><a href=format!("/console/webhooks/{}", w.id)>{w.url}</a></td>
                                                <td>{w.events.join(" ")}</td>
                                                <td>{if w.active { i18n::WEBHOOK_ACTIVE.get(lang) } else { i18n::WEBHOOK_PAUSED.get(lang) }}</td>
                                                <td class="num">{w.pending}</td>
                                                <td class="num">{w.failed}</td>
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
                <h2>{i18n::WEBHOOK_NEW.get(lang)}</h2>
                {created}
                <ActionForm action=create attr:class="form narrow-form">
                    {draft_fields(lang, "new", None)}
                    {err("url")}
                    {err("events")}
                    <button type="submit" class="button" disabled=move || create.pending().get()>{i18n::SAVE.get(lang)}</button>
                </ActionForm>
            </section>
        </ConsoleFrame>
    }
    .into_any()
}

/// URL, events and the on/off switch, filled from `current` when editing.
fn draft_fields(lang: Lang, prefix: &'static str, current: Option<WebhookView>) -> impl IntoView {
    let id = |field: &str| format!("webhook-{prefix}-{field}");
    let url = current.as_ref().map(|w| w.url.clone()).unwrap_or_default();
    let events = current
        .as_ref()
        .map(|w| w.events.join(" "))
        .unwrap_or_default();
    let active = current.is_none_or(|w| w.active);
    view! {
        <label for=id("url")>{i18n::WEBHOOK_URL.get(lang)}</label>
        <input id=id("url") name="url" type="url" maxlength="500" required value=url placeholder="https://" />
        <label for=id("events")>{i18n::WEBHOOK_EVENTS.get(lang)}</label>
        <input id=id("events") name="events" maxlength="500" required value=events placeholder="deal.closed ticket.*" />
        <p class="muted small">{i18n::WEBHOOK_EVENTS_HINT.get(lang)}</p>
        <label class="check" for=id("active")>
            <input id=id("active") name="active" type="checkbox" checked=active />
            {i18n::WEBHOOK_ACTIVE.get(lang)}
        </label>
    }
}

fn webhook_page(info: SessionInfo) -> impl IntoView {
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
    let save = ServerAction::<UpdateWebhook>::new();
    let resend = ServerAction::<ResendDelivery>::new();
    let hook = Resource::new(
        move || (id(), save.version().get()),
        |(id, _)| async move {
            load_webhooks()
                .await
                .map(|all| all.into_iter().find(|w| w.id == id))
        },
    );
    let log = Resource::new(
        move || (id(), resend.version().get()),
        |(id, _)| load_deliveries(id),
    );
    let last = move || save.value().get();
    let err = move |field: &'static str| move || parts::field_error(last(), field, lang);
    view! {
        <Title text=i18n::WEBHOOKS.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Users)>
            <p><a href="/console/webhooks">"‹ "{i18n::WEBHOOKS.get(lang)}</a></p>
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match hook.await {
                        Ok(Some(w)) => view! {
                            <h1>{w.url.clone()}</h1>
                            <section class="card">
                                {move || parts::outcome_beside_fields(last(), i18n::WEBHOOK_SAVED, lang)}
                                <ActionForm action=save attr:class="form narrow-form">
                                    <input type="hidden" name="id" value=w.id.to_string() />
                                    {draft_fields(lang, "edit", Some(w.clone()))}
                                    {err("url")}
                                    {err("events")}
                                    <button type="submit" class="button" disabled=move || save.pending().get()>{i18n::SAVE.get(lang)}</button>
                                </ActionForm>
                            </section>
                        }.into_any(),
                        Ok(None) => view! { <EmptyState text=i18n::EMPTY_WEBHOOKS.get(lang) /> }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
            <section class="card">
                <h2>{i18n::WEBHOOK_LOG.get(lang)}</h2>
                {move || parts::outcome(resend.value().get(), i18n::WEBHOOK_RESENT, lang)}
                <Transition fallback=loading(lang)>
                    {move || Suspend::new(async move {
                        match log.await {
                            Ok(page) if page.items.is_empty() => view! { <EmptyState text=i18n::EMPTY_DELIVERIES.get(lang) /> }.into_any(),
                            Ok(page) => delivery_table(page.items, id(), resend, lang).into_any(),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Transition>
            </section>
        </ConsoleFrame>
    }
    .into_any()
}

fn delivery_table(
    items: Vec<DeliveryView>,
    webhook_id: i64,
    resend: ServerAction<ResendDelivery>,
    lang: Lang,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table deliveries">
                <thead><tr>
                    <th>{i18n::DELIVERY_CREATED.get(lang)}</th>
                    <th>{i18n::DELIVERY_EVENT.get(lang)}</th>
                    <th>{i18n::DELIVERY_STATE.get(lang)}</th>
                    <th class="num">{i18n::DELIVERY_ATTEMPTS.get(lang)}</th>
                    <th>{i18n::DELIVERY_RESULT.get(lang)}</th>
                    <th>{i18n::DELIVERY_NEXT.get(lang)}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|d| {
                        let result = match (d.last_status, d.last_error) {
                            (Some(status), _) => format!("HTTP {status}"),
                            (None, Some(error)) => delivery_error(&error, lang).to_owned(),
                            (None, None) => "—".to_owned(),
                        };
                        view! {
                            <tr>
                                <td>{time::date_time(d.created_at)}</td>
                                <td>{d.topic}</td>
                                <td><span class=format!("badge delivery-{}", d.state.as_str())>{d.state.label(lang)}</span></td>
                                <td class="num">{d.attempts}</td>
                                <td>{result}</td>
                                <td>{d.next_attempt_at.map_or("—".to_owned(), time::date_time)}</td>
                                <td>
                                    {(d.state == DeliveryState::Failed).then(|| view! {
                                        <ActionForm action=resend>
                                            <input type="hidden" name="id" value=webhook_id.to_string() />
                                            <input type="hidden" name="delivery_id" value=d.id.to_string() />
                                            <button type="submit" class="button secondary small">{i18n::WEBHOOK_RESEND.get(lang)}</button>
                                        </ActionForm>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// What went wrong with an attempt, in words (the sender records codes;
/// anything else it recorded is the HTTP client's own message).
fn delivery_error(code: &str, lang: Lang) -> &str {
    match (code, lang) {
        ("target_not_allowed", Lang::Zh) => "目标地址为内网或本机，已拒绝发送",
        ("target_not_allowed", Lang::En) => "Refused: the address is private or local",
        ("timeout", Lang::Zh) => "接收方未在 10 秒内应答",
        ("timeout", Lang::En) => "No answer within 10 s",
        ("connection_refused", Lang::Zh) => "无法连接到接收方",
        ("connection_refused", Lang::En) => "Could not connect to the receiver",
        ("webhook_disabled", Lang::Zh) => "Webhook 已暂停",
        ("webhook_disabled", Lang::En) => "The webhook is paused",
        _ => code,
    }
}
