//! `/console/settings` (administrators): the run-time settings — discount
//! authority, the contact-frequency guard, 未跟进预警 days, hold length —
//! and the service desk's SLA policies.

pub mod sla;

use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::error::AppError;
use crate::i18n;
use anju_types::settings::SettingView;
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

#[server(endpoint = "settings/list")]
pub async fn load_settings() -> Result<Vec<SettingView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::settings::list(&svc.db, &actor).await?)
}

#[server(endpoint = "settings/save")]
pub async fn save_setting(key: String, value: String) -> Result<i64, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let value: i64 = value
        .trim()
        .parse()
        .map_err(|_| anju_domain::DomainError::field("value", "out_of_range"))?;
    Ok(anju_domain::settings::set_int(&svc.db, &actor, &key, value, svc.clock.now()).await?)
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageUsers) content=page /> }
}

/// What a setting means and in which unit, for the form.
fn describe(key: &str, lang: Lang) -> (&'static str, &'static str) {
    match (key, lang) {
        ("sales.discount_approval_bp", Lang::Zh) => {
            ("免审批折扣上限", "基点（300 = 3%），超出须销售经理审批")
        }
        ("sales.discount_approval_bp", Lang::En) => (
            "Discount without approval",
            "basis points (300 = 3%); above it a sales manager approves",
        ),
        ("customers.contact_max_outbound", Lang::Zh) => {
            ("主动联系次数上限", "窗口期内去电、短信、邮件的次数")
        }
        ("customers.contact_max_outbound", Lang::En) => (
            "Outbound contacts allowed",
            "calls, SMS and emails within the window",
        ),
        ("customers.contact_window_days", Lang::Zh) => ("联系频率窗口", "天"),
        ("customers.contact_window_days", Lang::En) => ("Contact window", "days"),
        ("customers.stale_after_days", Lang::Zh) => ("未跟进预警", "多少天无联系且无计划时提醒"),
        ("customers.stale_after_days", Lang::En) => (
            "Not-followed-up warning",
            "days without contact and nothing planned",
        ),
        ("units.hold_minutes", Lang::Zh) => ("房源预留时长", "分钟，到期自动释放"),
        ("units.hold_minutes", Lang::En) => ("Unit hold", "minutes, then released"),
        (_, _) => ("", ""),
    }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let save = ServerAction::<SaveSetting>::new();
    let settings = Resource::new(move || save.version().get(), |_| load_settings());
    let outcome = move || {
        save.value().get().map(|r| match r {
            Ok(_) => view! { <p class="notice" role="status">{i18n::SETTINGS_SAVED.get(lang)}</p> }
                .into_any(),
            Err(e) => {
                view! { <p class="form-error" role="alert">{e.describe(lang)}</p> }.into_any()
            }
        })
    };
    view! {
        <Title text=i18n::SETTINGS.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Users)>
            <h1>{i18n::SETTINGS.get(lang)}</h1>
            {outcome}
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(list) => view! {
                            <div class="settings">
                                {list.into_iter().map(|s| {
                                    let (label, hint) = describe(&s.key, lang);
                                    let id = s.key.replace('.', "-");
                                    view! {
                                        <ActionForm action=save attr:class="card form inline-form">
                                            <input type="hidden" name="key" value=s.key.clone() />
                                            <label for=id.clone()>{label}</label>
                                            <input id=id type="number" name="value" value=s.value.to_string()
                                                min=s.min.to_string() max=s.max.to_string() required />
                                            <p class="muted small">{hint}" · "{i18n::SETTINGS_DEFAULT.get(lang)}" "{s.default}</p>
                                            <button type="submit" class="button" disabled=move || save.pending().get()>
                                                {i18n::SAVE.get(lang)}
                                            </button>
                                        </ActionForm>
                                    }
                                }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
            <sla::SlaPolicies lang />
        </ConsoleFrame>
    }
    .into_any()
}
