//! The SLA policies on `/console/settings`: per kind × priority the minutes
//! for a first response and for resolution, on the wall clock or in
//! business hours. New tickets follow a change; open ones keep theirs.

use crate::components::alert::alert;
use crate::error::{AppError, field_message};
use crate::i18n;
use anju_types::Lang;
use anju_types::ticket::SlaPolicyView;
use leptos::prelude::*;

#[server(endpoint = "settings/sla")]
pub async fn load_sla_policies() -> Result<Vec<SlaPolicyView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::tickets::policies::list(&svc.db, &actor).await?)
}

#[server(endpoint = "settings/sla_save")]
pub async fn save_sla_policy(
    kind: String,
    priority: String,
    first_response_minutes: String,
    resolution_minutes: String,
    business_hours: Option<String>,
) -> Result<(), AppError> {
    use anju_domain::DomainError;
    let (actor, svc) = crate::session::signed_in().await?;
    let minutes = |field: &'static str, v: &str| {
        v.trim()
            .parse::<i64>()
            .map_err(|_| DomainError::field(field, "out_of_range"))
    };
    let update = anju_types::ticket::SlaPolicyUpdate {
        first_response_minutes: minutes("first_response_minutes", &first_response_minutes)?,
        resolution_minutes: minutes("resolution_minutes", &resolution_minutes)?,
        business_hours: business_hours.is_some(),
    };
    anju_domain::tickets::policies::set(
        &svc.db,
        &actor,
        &kind,
        &priority,
        &update,
        svc.clock.now(),
    )
    .await?;
    Ok(())
}

/// One row per kind × priority, each saved on its own.
#[component]
pub fn SlaPolicies(lang: Lang) -> impl IntoView {
    let save = ServerAction::<SaveSlaPolicy>::new();
    let policies = Resource::new(move || save.version().get(), |_| load_sla_policies());
    let outcome = move || {
        save.value().get().map(|r| match r {
            Ok(()) => {
                view! { <p class="notice" role="status">{i18n::SETTINGS_SAVED.get(lang)}</p> }
                    .into_any()
            }
            Err(e) => {
                let field = ["first_response_minutes", "resolution_minutes"]
                    .into_iter()
                    .find_map(|f| e.field(f).map(|code| (f, code.to_owned())));
                let text = match field {
                    Some((f, code)) => format!(
                        "{}：{}",
                        if f == "first_response_minutes" {
                            i18n::SLA_FIRST_MINUTES.get(lang)
                        } else {
                            i18n::SLA_RESOLUTION_MINUTES.get(lang)
                        },
                        field_message(&code, lang)
                    ),
                    None => e.describe(lang).to_owned(),
                };
                view! { <p class="form-error" role="alert">{text}</p> }.into_any()
            }
        })
    };
    view! {
        <section class="card">
            <h2>{i18n::SLA_POLICIES.get(lang)}</h2>
            <p class="muted small">{i18n::SLA_POLICIES_HINT.get(lang)}</p>
            {outcome}
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match policies.await {
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="data sla-table">
                                    <thead><tr>
                                        <th>{i18n::TICKET_KIND.get(lang)}</th>
                                        <th>{i18n::TICKET_PRIORITY.get(lang)}</th>
                                        <th>{i18n::SLA_FIRST_MINUTES.get(lang)}</th>
                                        <th>{i18n::SLA_RESOLUTION_MINUTES.get(lang)}</th>
                                        <th>{i18n::SLA_BUSINESS_HOURS.get(lang)}</th>
                                        <th></th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|p| row(p, save, lang)).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn row(p: SlaPolicyView, save: ServerAction<SaveSlaPolicy>, lang: Lang) -> impl IntoView {
    // Inputs belong to the row's form through the `form` attribute, so the
    // table stays a table.
    let form_id = format!("sla-{}-{}", p.kind.as_str(), p.priority.as_str());
    let label = format!("{} · {}", p.kind.label(lang), p.priority.label(lang));
    view! {
        <tr class=if p.customised { "customised" } else { "" }>
            <td>{p.kind.label(lang)}</td>
            <td>{p.priority.label(lang)}</td>
            <td><input type="number" name="first_response_minutes" form=form_id.clone() min="5" max="10080" required
                aria-label=format!("{label} {}", i18n::SLA_FIRST_MINUTES.get(lang))
                value=p.first_response_minutes.to_string() /></td>
            <td><input type="number" name="resolution_minutes" form=form_id.clone() min="5" max="43200" required
                aria-label=format!("{label} {}", i18n::SLA_RESOLUTION_MINUTES.get(lang))
                value=p.resolution_minutes.to_string() /></td>
            <td><input type="checkbox" name="business_hours" form=form_id.clone() checked=p.business_hours
                aria-label=format!("{label} {}", i18n::SLA_BUSINESS_HOURS.get(lang)) /></td>
            <td>
                <ActionForm action=save attr:id=form_id>
                    <input type="hidden" name="kind" value=p.kind.as_str() />
                    <input type="hidden" name="priority" value=p.priority.as_str() />
                    <button type="submit" class="button small" aria-label=format!("{label} {}", i18n::SAVE.get(lang))>
                        {i18n::SAVE.get(lang)}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}
