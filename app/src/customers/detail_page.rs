use super::api::{LogInteraction, load_customer_detail};
use super::list_page::badges;
use super::merge_section::MergeSection;
use super::new_page::gender_label;
use super::tools_api::{MergeCustomers, UndoMerge};
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::console::frame::ConsoleFrame;
use crate::error::field_message;
use crate::i18n;
use crate::pipeline::customer_sections::CustomerSales;
use anju_types::customer::{ContactWarning, CustomerView};
use anju_types::{ConsoleArea, InteractionKind, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/console/customers/:id`: profile, interactions with a follow-up form,
/// and the history of key fields. Out of scope answers "not found".
#[component]
pub fn CustomerDetailPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewCustomers) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
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
            .unwrap_or(0)
    };
    let log = ServerAction::<LogInteraction>::new();
    let merge = ServerAction::<MergeCustomers>::new();
    let undo = ServerAction::<UndoMerge>::new();
    let detail = Resource::new(
        move || {
            (
                id(),
                log.version().get(),
                merge.version().get(),
                undo.version().get(),
            )
        },
        |(id, ..)| load_customer_detail(id),
    );
    let can_merge = user.has(Permission::MergeCustomers);
    let can_edit = user.has(Permission::EditCustomers);
    let can_sell = user.has(Permission::SellUnits);
    let can_approve = user.has(Permission::ApproveDiscounts);
    view! {
        <ConsoleFrame user lang current=Some(ConsoleArea::Customers)>
            <p><a href="/console/customers">"‹ "{ConsoleArea::Customers.label(lang)}</a></p>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => {
                            let c = d.customer;
                            let customer_id = c.id;
                            view! {
                                <Title text=c.name.clone() />
                                <div class="page-head">
                                    <h1>{c.name.clone()}</h1>
                                    <span>{badges(c.kinds, lang)}</span>
                                </div>
                                {profile(&c, lang)}
                                <CustomerSales customer_id can_edit can_sell can_approve lang />
                                {can_merge.then(|| view! { <MergeSection customer_id merge undo lang /> })}
                                <section class="card">
                                    <h2>{i18n::INTERACTIONS.get(lang)}</h2>
                                    {contact_warnings(&d.contact_warnings, lang)}
                                    {can_edit.then(|| log_form(log, customer_id, lang))}
                                    {if d.interactions.is_empty() {
                                        view! { <EmptyState text=i18n::INTERACTIONS_NONE.get(lang) /> }.into_any()
                                    } else {
                                        view! {
                                            <ol class="timeline">
                                                {d.interactions.into_iter().map(|i| view! {
                                                    <li>
                                                        <span class="when">{time::date_time(i.occurred_at)}</span>
                                                        <strong>{i.kind.label(lang)}</strong>
                                                        <span class="muted">{i.staff_name.unwrap_or_default()}</span>
                                                        <p>{i.notes}</p>
                                                        {i.next_follow_up_on.map(|d| view! {
                                                            <p class="muted small">{i18n::NEXT_FOLLOW_UP.get(lang)}": "{time::day(d)}</p>
                                                        })}
                                                    </li>
                                                }).collect_view()}
                                            </ol>
                                        }.into_any()
                                    }}
                                </section>
                                <section class="card">
                                    <h2>{i18n::FIELD_HISTORY.get(lang)}</h2>
                                    {if d.history.is_empty() {
                                        view! { <EmptyState text=i18n::FIELD_HISTORY_NONE.get(lang) /> }.into_any()
                                    } else {
                                        view! {
                                            <div class="table-wrap"><table class="data">
                                                <tbody>
                                                    {d.history.into_iter().map(|h| view! {
                                                        <tr>
                                                            <td>{time::date_time(h.changed_at)}</td>
                                                            <td>{field_label(&h.field, lang)}</td>
                                                            <td>{h.old_value.unwrap_or_default()}" → "{h.new_value.unwrap_or_default()}</td>
                                                            <td>{h.changed_by.map(|s| s.name).unwrap_or_default()}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table></div>
                                        }.into_any()
                                    }}
                                </section>
                            }
                            .into_any()
                        }
                        Err(e) => {
                            // Out of scope or missing: the page says so with the API's status.
                            #[cfg(feature = "ssr")]
                            if let (Some(resp), Ok(status)) = (
                                use_context::<leptos_axum::ResponseOptions>(),
                                axum::http::StatusCode::from_u16(e.code.http_status()),
                            ) {
                                resp.set_status(status);
                            }
                            view! {
                            <section class="card" role="alert">
                                <h1>{e.message(lang)}</h1>
                            </section>
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

fn profile(c: &CustomerView, lang: Lang) -> impl IntoView {
    let yes_no = |b: bool| {
        if b {
            i18n::YES.get(lang)
        } else {
            i18n::NO.get(lang)
        }
    };
    let rows: Vec<(&'static str, String)> = vec![
        (i18n::CUSTOMER_MOBILE.get(lang), c.mobile.clone()),
        (
            i18n::CUSTOMER_GENDER.get(lang),
            gender_label(c.gender.as_deref().unwrap_or_default(), lang).to_owned(),
        ),
        (
            i18n::CUSTOMER_SOURCE.get(lang),
            c.source_channel.clone().unwrap_or_default(),
        ),
        (
            i18n::CUSTOMER_SALES.get(lang),
            c.assigned_sales
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_else(|| i18n::UNASSIGNED.get(lang).to_owned()),
        ),
        (
            i18n::CUSTOMER_CONSENT.get(lang),
            yes_no(c.consent_marketing).to_owned(),
        ),
        (
            i18n::CUSTOMER_ID_NUMBER.get(lang),
            c.id_number.clone().unwrap_or_default(),
        ),
        (i18n::CUSTOMER_TAGS.get(lang), c.tags.join("、")),
        (
            i18n::CUSTOMER_CREATED.get(lang),
            time::date_time(c.created_at),
        ),
    ];
    view! {
        <dl class="facts card">
            {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
    }
}

/// Shown above the form: why another call or message may be unwelcome.
fn contact_warnings(warnings: &[ContactWarning], lang: Lang) -> Option<impl IntoView> {
    if warnings.is_empty() {
        return None;
    }
    let lines: Vec<String> = warnings
        .iter()
        .map(|w| match (w, lang) {
            (ContactWarning::NoMarketingConsent, Lang::Zh) => "客户未同意接收营销信息：请勿主动推销".to_owned(),
            (ContactWarning::NoMarketingConsent, Lang::En) => {
                "No marketing consent: do not pitch".to_owned()
            }
            (ContactWarning::TooFrequent { recent, max, window_days }, Lang::Zh) => {
                format!("近 {window_days} 天已主动联系 {recent} 次（上限 {max} 次），请避免频繁打扰")
            }
            (ContactWarning::TooFrequent { recent, max, window_days }, Lang::En) => format!(
                "Already contacted {recent} times in {window_days} days (limit {max}): avoid pestering"
            ),
        })
        .collect();
    Some(view! {
        <div class="warning" role="note">
            {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
        </div>
    })
}

fn log_form(log: ServerAction<LogInteraction>, customer_id: i64, lang: Lang) -> impl IntoView {
    let error = move || log.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        move || {
            error().and_then(|e| {
                let code = e.field(field)?.to_owned();
                Some(view! { <p class="field-error">{field_message(&code, lang)}</p> })
            })
        }
    };
    view! {
        <ActionForm action=log attr:class="form inline-form">
            <input type="hidden" name="customer_id" value=customer_id.to_string() />
            <label for="kind">{i18n::INTERACTION_KIND.get(lang)}</label>
            <select id="kind" name="kind">
                {InteractionKind::ALL
                    .map(|k| view! { <option value=k.as_str()>{k.label(lang)}</option> })
                    .collect_view()}
            </select>
            {field_error("kind")}
            <label for="notes">{i18n::INTERACTION_NOTES.get(lang)}</label>
            <textarea id="notes" name="notes" rows="2"></textarea>
            {field_error("notes")}
            <label for="next_follow_up_on">{i18n::NEXT_FOLLOW_UP.get(lang)}</label>
            <input type="date" id="next_follow_up_on" name="next_follow_up_on" />
            {field_error("next_follow_up_on")}
            <button type="submit" class="button" disabled=move || log.pending().get()>
                {i18n::INTERACTION_LOG.get(lang)}
            </button>
        </ActionForm>
    }
}

fn field_label(field: &str, lang: Lang) -> &'static str {
    match field {
        "name" => i18n::CUSTOMER_NAME.get(lang),
        "mobile" => i18n::CUSTOMER_MOBILE.get(lang),
        "id_number" => i18n::CUSTOMER_ID_NUMBER.get(lang),
        "consent_marketing" => i18n::CUSTOMER_CONSENT.get(lang),
        "assigned_sales" => i18n::CUSTOMER_SALES.get(lang),
        "merged" => i18n::MERGES.get(lang),
        _ => i18n::UNKNOWN.get(lang),
    }
}
