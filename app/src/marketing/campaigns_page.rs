//! `/console/marketing` (市场营销): the campaigns with what each brought —
//! leads, visits, deals, revenue, cost per lead, conversion and ROI — the
//! form to plan one, the customer pyramid with a recompute button, and
//! messages to a segment.

use super::broadcast_section::BroadcastSection;
use crate::club::parts;
use crate::components::alert::alert;
use crate::components::empty_state::EmptyState;
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::error::AppError;
use crate::i18n;
use anju_types::campaign::{CampaignDraft, CampaignView};
use anju_types::segment::SegmentSummary;
use anju_types::{ConsoleArea, Lang, Money, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

#[server(endpoint = "marketing/campaigns")]
pub async fn load_campaigns() -> Result<Vec<CampaignView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::campaigns::list(&svc.db, &actor).await?)
}

#[server(endpoint = "marketing/campaigns/save")]
pub async fn save_campaign(draft: CampaignDraft) -> Result<CampaignView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(
        anju_domain::marketing::campaigns::save(&svc.db, &actor, None, &draft, svc.clock.now())
            .await?,
    )
}

#[server(endpoint = "marketing/segments")]
pub async fn load_segments() -> Result<SegmentSummary, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::segments::summary(&svc.db, &actor).await?)
}

#[server(endpoint = "marketing/segments/recompute")]
pub async fn recompute_segments() -> Result<usize, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::segments::recompute_now(&svc.db, &actor, svc.clock.now()).await?)
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageMarketing) content=campaigns_page /> }
}

/// Basis points as a percentage with one decimal: 2,500 → "25.0%".
pub fn percent(bp: Option<i64>) -> String {
    match bp {
        None => "—".to_owned(),
        Some(bp) => {
            let sign = if bp < 0 { "−" } else { "" };
            let tenths = (bp.unsigned_abs() + 5) / 10;
            format!("{sign}{}.{}%", tenths / 10, tenths % 10)
        }
    }
}

fn money(m: Option<Money>) -> String {
    m.map_or("—".to_owned(), |m| m.to_string())
}

fn campaigns_page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let save = ServerAction::<SaveCampaign>::new();
    let list = Resource::new(move || save.version().get(), |_| load_campaigns());
    let last = move || save.value().get();
    let err = move |field: &'static str| move || parts::field_error(last(), field, lang);
    let loading = move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> };
    view! {
        <Title text=ConsoleArea::Marketing.label(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Marketing)>
            <h1>{ConsoleArea::Marketing.label(lang)}</h1>
            <p><a href="/console/surveys">{i18n::SURVEYS.get(lang)}" ›"</a></p>
            <h2>{i18n::CAMPAIGNS.get(lang)}</h2>
            <p class="muted small">{i18n::CAMPAIGN_ATTRIBUTION.get(lang)}</p>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_CAMPAIGNS.get(lang) /> }.into_any(),
                        Ok(items) => campaign_table(items, lang).into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
            <SegmentSection lang />
            <BroadcastSection lang />
            <section class="card">
                <h2>{i18n::CAMPAIGN_NEW.get(lang)}</h2>
                {move || parts::outcome_beside_fields(last(), i18n::CAMPAIGN_SAVED, lang)}
                <ActionForm action=save attr:class="form narrow-form">
                    <label for="campaign-code">{i18n::CAMPAIGN_CODE.get(lang)}</label>
                    <input id="campaign-code" name="draft[code]" maxlength="32" required placeholder="SPRING-27" />
                    {err("code")}
                    <label for="campaign-name">{i18n::CAMPAIGN_NAME.get(lang)}</label>
                    <input id="campaign-name" name="draft[name]" maxlength="60" required />
                    {err("name")}
                    <label for="campaign-channel">{i18n::CAMPAIGN_CHANNEL.get(lang)}</label>
                    <select id="campaign-channel" name="draft[channel]" required>
                        {anju_types::customer::SOURCE_CHANNELS.iter().map(|c| view! { <option value=*c>{*c}</option> }).collect_view()}
                    </select>
                    {err("channel")}
                    <label for="campaign-starts">{i18n::CAMPAIGN_STARTS.get(lang)}</label>
                    <input id="campaign-starts" name="draft[starts_on]" type="date" required />
                    {err("starts_on")}
                    <label for="campaign-ends">{i18n::CAMPAIGN_ENDS.get(lang)}</label>
                    <input id="campaign-ends" name="draft[ends_on]" type="date" required />
                    {err("ends_on")}
                    <label for="campaign-cost">{i18n::CAMPAIGN_COST.get(lang)}</label>
                    <input id="campaign-cost" name="draft[cost]" inputmode="decimal" required />
                    {err("cost")}
                    <button type="submit" class="button" disabled=move || save.pending().get()>{i18n::SAVE.get(lang)}</button>
                </ActionForm>
            </section>
        </ConsoleFrame>
    }
    .into_any()
}

/// The pyramid's counts as last computed, and the button to recompute.
#[component]
fn SegmentSection(lang: Lang) -> impl IntoView {
    let recompute = ServerAction::<RecomputeSegments>::new();
    let summary = Resource::new(move || recompute.version().get(), |_| load_segments());
    view! {
        <section class="card">
            <h2>{i18n::SEGMENTS.get(lang)}</h2>
            <p class="muted small">{i18n::SEGMENTS_RULE.get(lang)}</p>
            {move || parts::outcome(recompute.value().get(), i18n::SEGMENTS_RECOMPUTED, lang)}
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(s) => view! {
                            <p class="muted small">
                                {i18n::SEGMENTS_COMPUTED_AT.get(lang)}" "
                                {s.computed_at.map_or("—".to_owned(), crate::components::time::date_time)}
                            </p>
                            <table class="table segments">
                                <tbody>
                                    {s.segments.into_iter().map(|c| view! {
                                        <tr>
                                            <th>{c.segment.label(lang)}</th>
                                            <td class="num" data-testid=format!("segment-{}", c.segment.as_str())>{c.customers}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
            <ActionForm action=recompute>
                <button type="submit" class="button secondary" disabled=move || recompute.pending().get()>
                    {i18n::SEGMENTS_RECOMPUTE.get(lang)}
                </button>
            </ActionForm>
        </section>
    }
}

fn campaign_table(items: Vec<CampaignView>, lang: Lang) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table campaigns">
                <thead><tr>
                    <th>{i18n::CAMPAIGN_NAME.get(lang)}</th>
                    <th>{i18n::CAMPAIGN_CHANNEL.get(lang)}</th>
                    <th>{i18n::CAMPAIGN_PERIOD.get(lang)}</th>
                    <th class="num">{i18n::CAMPAIGN_COST.get(lang)}</th>
                    <th class="num">{i18n::CAMPAIGN_LEADS.get(lang)}</th>
                    <th class="num">{i18n::CAMPAIGN_VISITS.get(lang)}</th>
                    <th class="num">{i18n::CAMPAIGN_DEALS.get(lang)}</th>
                    <th class="num">{i18n::CAMPAIGN_REVENUE.get(lang)}</th>
                    <th class="num">{i18n::CAMPAIGN_CPL.get(lang)}</th>
                    <th class="num">{i18n::CAMPAIGN_CONVERSION.get(lang)}</th>
                    <th class="num">{i18n::CAMPAIGN_ROI.get(lang)}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|c| {
                        let f = c.figures;
                        view! {
                            <tr>
                                <td><strong>{c.name}</strong><br /><code class="small">{c.code}</code></td>
                                <td>{c.channel}</td>
                                <td>{c.starts_on.to_string()}" – "{c.ends_on.to_string()}</td>
                                <td class="num">{c.cost.to_string()}</td>
                                <td class="num" data-testid="leads">{f.leads}</td>
                                <td class="num">{f.visits}</td>
                                <td class="num">{f.deals}</td>
                                <td class="num">{f.revenue.to_string()}</td>
                                <td class="num">{money(f.cost_per_lead)}</td>
                                <td class="num">{percent(f.conversion_bp)}</td>
                                <td class="num" data-testid="roi">{percent(f.roi_bp)}</td>
                            </tr>
                        }
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
    fn basis_points_read_as_percentages() {
        assert_eq!(percent(Some(2_500)), "25.0%");
        assert_eq!(percent(Some(3_333)), "33.3%");
        assert_eq!(percent(Some(190_000)), "1900.0%");
        assert_eq!(percent(Some(-10_000)), "−100.0%");
        assert_eq!(percent(Some(5)), "0.1%");
        assert_eq!(percent(None), "—");
    }
}
