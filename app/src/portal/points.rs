//! `/points`: the member's points — balance, tier and the way to the next,
//! what lapses soon, the rewards to redeem, and the ledger page by page
//! (`?before=<cursor>`, so paging works without JavaScript).

use super::nav::PortalNav;
use crate::club::api::{
    RedeemReward, load_entries, load_my_redemptions, load_points, load_rewards,
};
use crate::club::parts::{self, grouped};
use crate::components::alert::alert;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
    time,
};
use crate::error::AppError;
use crate::form_post;
use crate::i18n;
use anju_types::club::{PointsSummary, RedemptionView, RewardView};
use anju_types::{ErrorCode, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PointsPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let query = use_query_map();
    let welcome = query.read_untracked().get("welcome").is_some();
    let before = move || {
        query
            .read()
            .get("before")
            .and_then(|c| c.parse::<i64>().ok())
    };
    let redeem = ServerAction::<RedeemReward>::new();
    let summary = Resource::new(move || redeem.version().get(), |_| load_points());
    let entries = Resource::new(
        move || (before(), redeem.version().get()),
        |(cursor, _)| load_entries(cursor),
    );
    // Created here, not inside a Suspend, so hydration finds the data the
    // server rendered with.
    let catalogue = Resource::new(move || redeem.version().get(), |_| load_rewards());
    let mine = Resource::new(move || redeem.version().get(), |_| load_my_redemptions());
    let loading = move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> };
    // The last redemption's outcome: its error (see `form_post`), or the
    // redemption it made, found among the member's own, and what is left.
    let error = form_post::refusal(redeem, lang);
    let redeemed = form_post::done()
        .filter(|(what, _)| what == "redeemed")
        .and_then(|(_, id)| id.parse::<i64>().ok());
    let notice = redeemed.map(|id| {
        view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let done = mine.await.ok()?.into_iter().find(|r| r.id == id)?;
                    let left = summary.await.ok()?.balance;
                    Some(view! {
                        <p class="notice" role="status">
                            {done.reward_name}": "{i18n::REWARD_REDEEMED.get(lang)}" "{grouped(left.max(0) as u64)}
                        </p>
                    })
                })}
            </Suspense>
        }
    });
    view! {
        <Title text=i18n::NAV_POINTS.get(lang) />
        <div class="portal">
            <PortalNav lang current="/points" />
            <main class="portal-main">
                <h1>{i18n::NAV_POINTS.get(lang)}</h1>
                {welcome.then(|| view! { <p class="notice" role="status">{i18n::POINTS_WELCOME.get(lang)}</p> })}
                {error}
                {notice}
                <Transition fallback=loading>
                    {move || Suspend::new(async move {
                        match summary.await {
                            Ok(s) => summary_card(s, lang).into_any(),
                            Err(e) if e.code == ErrorCode::NotFound => view! {
                                <section class="card">
                                    <p>{i18n::POINTS_NOT_MEMBER.get(lang)}</p>
                                </section>
                            }.into_any(),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Transition>
                {rewards(catalogue, redeem, lang)}
                {redemptions(mine, lang)}
                <section class="card">
                    <h2>{i18n::POINTS_LEDGER.get(lang)}</h2>
                    <Transition fallback=loading>
                        {move || Suspend::new(async move {
                            match entries.await {
                                Ok(page) if page.items.is_empty() => view! { <EmptyState text=i18n::EMPTY_POINTS.get(lang) /> }.into_any(),
                                Ok(page) => view! {
                                    {parts::ledger(page.items, lang)}
                                    <p class="pager">
                                        {before().map(|_| view! { <a href="/points">{i18n::POINTS_NEWEST.get(lang)}</a>" " })}
                                        {page.next_cursor.map(|c| view! { <a href=format!("/points?before={c}")>{i18n::POINTS_OLDER.get(lang)}</a> })}
                                    </p>
                                }.into_any(),
                                Err(e) if e.code == ErrorCode::NotFound => ().into_any(),
                                Err(e) => alert(e.message(lang)),
                            }
                        })}
                    </Transition>
                </section>
            </main>
        </div>
    }
}

fn summary_card(s: PointsSummary, lang: Lang) -> impl IntoView {
    let next = match (s.next_tier, s.points_to_next_tier) {
        (Some(tier), Some(gap)) => format!(
            "{} {} {} {} {}",
            i18n::POINTS_TO_NEXT.get(lang),
            tier.label(lang),
            i18n::POINTS_TO_NEXT_GAP.get(lang),
            grouped(gap.max(0) as u64),
            i18n::POINTS_UNIT.get(lang)
        ),
        _ => i18n::POINTS_TOP_TIER.get(lang).to_owned(),
    };
    view! {
        <section class="card points-card">
            <p class="muted small">{i18n::POINTS_MEMBER_NO.get(lang)}" "{s.member_no.clone()}" "{parts::tier_badge(s.tier, lang)}</p>
            <p class="balance">
                <span>{i18n::HOME_POINTS_BALANCE.get(lang)}</span>" "
                <strong data-testid="points-balance">{grouped(s.balance.max(0) as u64)}</strong>
            </p>
            <p class="small">{next}</p>
            {(s.expiring_soon > 0).then(|| view! {
                <p class="notice small">
                    {grouped(s.expiring_soon as u64)}" "{i18n::POINTS_UNIT.get(lang)}" "{i18n::POINTS_EXPIRING.get(lang)}
                    " ("{time::date(s.expiring_before)}")"
                </p>
            })}
        </section>
    }
}

fn rewards(
    list: Resource<Result<Vec<RewardView>, AppError>>,
    redeem: ServerAction<RedeemReward>,
    lang: Lang,
) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{i18n::REWARDS_TITLE.get(lang)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::REWARDS_EMPTY.get(lang) /> }.into_any(),
                        Ok(items) => view! {
                            <ul class="reward-grid">
                                {items.into_iter().map(|r| {
                                    let sold_out = r.stock <= 0;
                                    view! {
                                        <li class="reward">
                                            <strong>{r.name.clone()}</strong>
                                            <p class="muted small">{r.description}</p>
                                            <p><span class="points plus">{grouped(r.points_cost as u64)}</span>" "{i18n::POINTS_UNIT.get(lang)}</p>
                                            <ActionForm action=redeem>
                                                <input type="hidden" name="reward_id" value=r.id.to_string() />
                                                <button type="submit" class="button small"
                                                    aria-label=format!("{} {}", if sold_out { i18n::REWARD_SOLD_OUT.get(lang) } else { i18n::REWARD_REDEEM.get(lang) }, r.name)
                                                    disabled=move || sold_out || redeem.pending().get()>
                                                    {if sold_out { i18n::REWARD_SOLD_OUT.get(lang) } else { i18n::REWARD_REDEEM.get(lang) }}
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
        </section>
    }
}

fn redemptions(list: Resource<Result<Vec<RedemptionView>, AppError>>, lang: Lang) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let items = list.await.unwrap_or_default();
                (!items.is_empty()).then(|| view! {
                    <section class="card">
                        <h2>{i18n::MY_REDEMPTIONS.get(lang)}</h2>
                        <ul class="ledger">
                            {items.into_iter().map(|r| view! {
                                <li class="ledger-row">
                                    <div>
                                        <strong>{r.reward_name}</strong>
                                        <p class="muted small">{time::date_time(r.created_at)}</p>
                                    </div>
                                    <span class="badge">{r.status.label(lang)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}
