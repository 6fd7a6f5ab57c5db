//! The club manager's console: `/console/club` (members, search),
//! `/console/club/members/:id` (ledger and manual adjustment),
//! `/console/club/rewards` (catalogue and stock), `/console/club/rules`
//! (earn rules and tier thresholds).

use super::api::{
    AdjustPoints, SaveReward, SetRule, load_member, load_members, load_rewards, load_rules,
};
use super::parts::{self, grouped};
use crate::components::alert::alert;
use crate::components::empty_state::EmptyState;
use crate::components::page::{Access, Page};
use crate::components::time;
use crate::console::frame::ConsoleFrame;
use crate::i18n;
use anju_types::club::RewardView;
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn MembersPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageClub) content=members /> }
}

#[component]
pub fn MemberPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageClub) content=member /> }
}

#[component]
pub fn RewardsAdminPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageClub) content=rewards_admin /> }
}

#[component]
pub fn RulesPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageClub) content=rules /> }
}

pub(super) fn loading(lang: Lang) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }.into_any()
}

pub(super) fn club_tabs(lang: Lang, current: &'static str) -> impl IntoView {
    let tab = move |href: &'static str, label: i18n::Tr| {
        view! { <a href=href aria-current=(current == href).then_some("page")>{label.get(lang)}</a> }
    };
    view! {
        <nav class="tabs">
            {tab("/console/club", i18n::CLUB_MEMBERS)}
            {tab("/console/club/events", i18n::CLUB_EVENTS)}
            {tab("/console/club/news", i18n::NEWS_TITLE)}
            {tab("/console/club/offers", i18n::CLUB_OFFERS)}
            {tab("/console/club/rewards", i18n::CLUB_REWARDS)}
            {tab("/console/club/rules", i18n::CLUB_RULES)}
        </nav>
    }
}

fn members(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let query = use_query_map();
    let q = move || query.read().get("q").filter(|q| !q.trim().is_empty());
    let page_no = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let list = Resource::new(move || (q(), page_no()), |(q, p)| load_members(q, p));
    view! {
        <Title text=i18n::CLUB_MEMBERS.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Club)>
            <h1>{ConsoleArea::Club.label(lang)}</h1>
            {club_tabs(lang, "/console/club")}
            <form method="get" action="/console/club" class="search-bar" role="search">
                <input id="q" name="q" type="search" aria-label=i18n::CLUB_SEARCH_HINT.get(lang) placeholder=i18n::CLUB_SEARCH_HINT.get(lang) value=q().unwrap_or_default() />
                <button type="submit" class="button">{i18n::CLUB_SEARCH.get(lang)}</button>
            </form>
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) if p.items.is_empty() => view! { <EmptyState text=i18n::CLUB_MEMBERS_EMPTY.get(lang) /> }.into_any(),
                        Ok(p) => {
                            let more = (page_no() + 1) * 50 < p.total;
                            let next = format!("/console/club?q={}&page={}", q().unwrap_or_default(), page_no() + 1);
                            view! {
                                <p class="muted small">{i18n::CLUB_TOTAL.get(lang)}" "{p.total}</p>
                                <div class="table-wrap">
                                    <table class="table">
                                        <thead><tr>
                                            <th>{i18n::JOIN_NAME.get(lang)}</th>
                                            <th>{i18n::POINTS_MEMBER_NO.get(lang)}</th>
                                            <th>{i18n::CLUB_TIER.get(lang)}</th>
                                            <th class="num">{i18n::CLUB_BALANCE.get(lang)}</th>
                                            <th>{i18n::CLUB_ENROLLED.get(lang)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {p.items.into_iter().map(|m| view! {
                                                <tr>
                                                    <td><a href=format!("/console/club/members/{}", m.member_id)>{m.name}</a></td>
                                                    <td>{m.member_no}</td>
                                                    <td>{parts::tier_badge(m.tier, lang)}</td>
                                                    <td class="num">{grouped(m.points_balance.max(0) as u64)}</td>
                                                    <td>{time::date(m.enrolled_at)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                {more.then(|| view! { <p class="pager"><a href=next>{i18n::NEXT_PAGE.get(lang)}</a></p> })}
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

fn member(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let before = move || {
        query
            .read()
            .get("before")
            .and_then(|c| c.parse::<i64>().ok())
    };
    let adjust = ServerAction::<AdjustPoints>::new();
    let detail = Resource::new(
        move || (id(), before(), adjust.version().get()),
        |(id, cursor, _)| load_member(id, cursor),
    );
    let field_error =
        move |field: &'static str| move || parts::field_error(adjust.value().get(), field, lang);
    let outcome =
        move || parts::outcome_beside_fields(adjust.value().get(), i18n::ADJUST_DONE, lang);
    view! {
        <ConsoleFrame user lang current=Some(ConsoleArea::Club)>
            <p><a href="/console/club">"‹ "{i18n::CLUB_MEMBERS.get(lang)}</a></p>
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok((m, page)) => {
                            let member_id = m.member_id;
                            view! {
                                <Title text=m.name.clone() />
                                <h1>{m.name.clone()}" "{parts::tier_badge(m.tier, lang)}</h1>
                                <dl class="facts">
                                    <dt>{i18n::POINTS_MEMBER_NO.get(lang)}</dt><dd>{m.member_no}</dd>
                                    <dt>{i18n::JOIN_MOBILE.get(lang)}</dt><dd>{m.mobile}</dd>
                                    <dt>{i18n::CLUB_BALANCE.get(lang)}</dt><dd data-testid="member-balance">{grouped(m.points_balance.max(0) as u64)}</dd>
                                    <dt>{i18n::CLUB_EARNED.get(lang)}</dt><dd>{grouped(m.points_earned.max(0) as u64)}</dd>
                                    <dt>{i18n::CLUB_ENROLLED.get(lang)}</dt><dd>{time::date(m.enrolled_at)}</dd>
                                </dl>
                                <p><a href=format!("/console/customers/{}", m.customer_id)>{i18n::CLUB_CUSTOMER.get(lang)}" ›"</a></p>
                                <section class="card">
                                    <h2>{i18n::ADJUST_TITLE.get(lang)}</h2>
                                    {outcome}
                                    <ActionForm action=adjust attr:class="form narrow-form">
                                        <input type="hidden" name="member_id" value=member_id.to_string() />
                                        <label for="points">{i18n::ADJUST_POINTS.get(lang)}</label>
                                        <input id="points" name="points" type="number" inputmode="numeric" required />
                                        {field_error("points")}
                                        <label for="reason">{i18n::ADJUST_REASON.get(lang)}</label>
                                        <input id="reason" name="reason" maxlength="200" required />
                                        {field_error("reason")}
                                        <button type="submit" class="button" disabled=move || adjust.pending().get()>
                                            {i18n::ADJUST_SUBMIT.get(lang)}
                                        </button>
                                    </ActionForm>
                                </section>
                                <section class="card">
                                    <h2>{i18n::POINTS_LEDGER.get(lang)}</h2>
                                    {if page.items.is_empty() {
                                        view! { <EmptyState text=i18n::EMPTY_POINTS.get(lang) /> }.into_any()
                                    } else {
                                        parts::ledger(page.items, lang).into_any()
                                    }}
                                    {page.next_cursor.map(|c| view! {
                                        <p class="pager"><a href=format!("/console/club/members/{member_id}?before={c}")>{i18n::POINTS_OLDER.get(lang)}</a></p>
                                    })}
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

fn rewards_admin(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let save = ServerAction::<SaveReward>::new();
    let list = Resource::new(move || save.version().get(), |_| load_rewards());
    let outcome = move || parts::outcome(save.value().get(), i18n::SETTINGS_SAVED, lang);
    view! {
        <Title text=i18n::CLUB_REWARDS.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Club)>
            <h1>{ConsoleArea::Club.label(lang)}</h1>
            {club_tabs(lang, "/console/club/rewards")}
            {outcome}
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) => view! {
                            <div class="settings">
                                {items.into_iter().map(|r| reward_form(save, Some(r), lang)).collect_view()}
                            </div>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
            <h2>{i18n::REWARD_NEW.get(lang)}</h2>
            {reward_form(save, None, lang)}
        </ConsoleFrame>
    }
    .into_any()
}

/// One reward's form (or the empty one that adds a reward).
fn reward_form(save: ServerAction<SaveReward>, r: Option<RewardView>, lang: Lang) -> impl IntoView {
    let key = r.as_ref().map_or("new".to_owned(), |r| r.id.to_string());
    let id = move |f: &str| format!("reward-{key}-{f}");
    let active = r.as_ref().is_none_or(|r| r.active);
    view! {
        <ActionForm action=save attr:class="card form inline-form">
            {r.as_ref().map(|r| view! { <input type="hidden" name="id" value=r.id.to_string() /> })}
            <label for=id("name")>{i18n::REWARD_NAME.get(lang)}</label>
            <input id=id("name") name="name" maxlength="80" required value=r.as_ref().map(|r| r.name.clone()) />
            <label for=id("description")>{i18n::REWARD_DESCRIPTION.get(lang)}</label>
            <input id=id("description") name="description" maxlength="1000" value=r.as_ref().map(|r| r.description.clone()) />
            <label for=id("cost")>{i18n::REWARD_COST.get(lang)}</label>
            <input id=id("cost") name="points_cost" type="number" min="1" required value=r.as_ref().map(|r| r.points_cost.to_string()) />
            <label for=id("stock")>{i18n::REWARD_STOCK.get(lang)}</label>
            <input id=id("stock") name="stock" type="number" min="0" required value=r.as_ref().map(|r| r.stock.to_string()) />
            <label class="checkbox">
                <input type="checkbox" name="active" checked=active />
                {i18n::REWARD_ACTIVE.get(lang)}
            </label>
            <button type="submit" class="button" disabled=move || save.pending().get()>{i18n::SAVE.get(lang)}</button>
        </ActionForm>
    }
}

fn rules(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let save = ServerAction::<SetRule>::new();
    let list = Resource::new(move || save.version().get(), |_| load_rules());
    let outcome = move || parts::outcome(save.value().get(), i18n::SETTINGS_SAVED, lang);
    view! {
        <Title text=i18n::CLUB_RULES.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Club)>
            <h1>{ConsoleArea::Club.label(lang)}</h1>
            {club_tabs(lang, "/console/club/rules")}
            <p class="muted">{i18n::RULES_HINT.get(lang)}</p>
            {outcome}
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) => view! {
                            <div class="settings">
                                {items.into_iter().map(|s| {
                                    let id = s.key.replace('.', "-");
                                    view! {
                                        <ActionForm action=save attr:class="card form inline-form">
                                            <input type="hidden" name="key" value=s.key.clone() />
                                            <label for=id.clone()>{i18n::club_rule_label(&s.key).get(lang)}</label>
                                            <input id=id type="number" name="value" value=s.value.to_string()
                                                min=s.min.to_string() max=s.max.to_string() required />
                                            <p class="muted small">{i18n::SETTINGS_DEFAULT.get(lang)}" "{s.default}</p>
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
            </Transition>
        </ConsoleFrame>
    }
    .into_any()
}

#[component]
pub fn OffersAdminPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageClub) content=offers_admin /> }
}

/// `/console/club/offers`: every merchant's offers with what is left, a
/// form for a new offer and one for a new merchant.
fn offers_admin(info: SessionInfo) -> impl IntoView {
    use super::api::{SaveMerchant, SaveOffer, load_merchants, load_offers};
    use anju_types::club::Tier;
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let save = ServerAction::<SaveOffer>::new();
    let add_merchant = ServerAction::<SaveMerchant>::new();
    let offers = Resource::new(move || save.version().get(), |_| load_offers(None));
    let merchants = Resource::new(move || add_merchant.version().get(), |_| load_merchants());
    let outcome = move || {
        let last = save.value().get().or(add_merchant.value().get());
        parts::outcome(last, i18n::SETTINGS_SAVED, lang)
    };
    view! {
        <Title text=i18n::CLUB_OFFERS.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Club)>
            <h1>{ConsoleArea::Club.label(lang)}</h1>
            {club_tabs(lang, "/console/club/offers")}
            {outcome}
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match offers.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_OFFERS.get(lang) /> }.into_any(),
                        Ok(items) => view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th>{i18n::CLUB_MERCHANT.get(lang)}</th>
                                        <th>{i18n::OFFER_TITLE.get(lang)}</th>
                                        <th>{i18n::CLUB_DISCOUNT.get(lang)}</th>
                                        <th>{i18n::COUNTER_NEEDS.get(lang)}</th>
                                        <th>{i18n::OFFER_VALID_UNTIL.get(lang)}</th>
                                        <th class="num">{i18n::OFFER_REMAINING.get(lang)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|o| view! {
                                            <tr>
                                                <td>{o.merchant_name}<span class="muted small">" · "{o.category}</span></td>
                                                <td>{o.title}{(!o.active).then(|| view! { " "<span class="badge">{i18n::REWARD_OFF.get(lang)}</span> })}</td>
                                                <td>{o.discount}</td>
                                                <td>{parts::tier_badge(o.min_tier, lang)}</td>
                                                <td>{time::date(o.valid_until - chrono::Duration::seconds(1))}</td>
                                                <td class="num">{o.remaining}" / "{o.total_quantity}</td>
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
                <h2>{i18n::OFFER_NEW.get(lang)}</h2>
                <ActionForm action=save attr:class="form narrow-form">
                    <label for="merchant_id">{i18n::CLUB_MERCHANT.get(lang)}</label>
                    <select id="merchant_id" name="merchant_id" required>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                merchants.await.unwrap_or_default().into_iter().map(|m| view! {
                                    <option value=m.id.to_string()>{m.name}" · "{m.category}</option>
                                }).collect_view()
                            })}
                        </Transition>
                    </select>
                    <label for="offer-title">{i18n::OFFER_TITLE.get(lang)}</label>
                    <input id="offer-title" name="title" maxlength="80" required />
                    <label for="offer-discount">{i18n::CLUB_DISCOUNT.get(lang)}</label>
                    <input id="offer-discount" name="discount" maxlength="40" required placeholder="9 折" />
                    <label for="offer-tier">{i18n::COUNTER_NEEDS.get(lang)}</label>
                    <select id="offer-tier" name="min_tier">
                        {Tier::ALL.iter().map(|t| view! { <option value=t.as_str()>{t.label(lang)}</option> }).collect_view()}
                    </select>
                    <label for="offer-from">{i18n::OFFER_VALID_FROM.get(lang)}</label>
                    <input id="offer-from" name="valid_from" type="date" required />
                    <label for="offer-until">{i18n::OFFER_VALID_UNTIL.get(lang)}</label>
                    <input id="offer-until" name="valid_until" type="date" required />
                    <label for="offer-limit">{i18n::OFFER_PER_MEMBER.get(lang)}</label>
                    <input id="offer-limit" name="limits[per_member_limit]" type="number" min="1" value="1" required />
                    <label for="offer-total">{i18n::OFFER_TOTAL.get(lang)}</label>
                    <input id="offer-total" name="limits[total_quantity]" type="number" min="1" required />
                    <label for="offer-description">{i18n::REWARD_DESCRIPTION.get(lang)}</label>
                    <input id="offer-description" name="limits[description]" maxlength="1000" />
                    <button type="submit" class="button" disabled=move || save.pending().get()>{i18n::SAVE.get(lang)}</button>
                </ActionForm>
            </section>
            <section class="card">
                <h2>{i18n::MERCHANT_NEW.get(lang)}</h2>
                <ActionForm action=add_merchant attr:class="form narrow-form">
                    <label for="merchant-name">{i18n::MERCHANT_NAME.get(lang)}</label>
                    <input id="merchant-name" name="name" maxlength="80" required />
                    <label for="merchant-category">{i18n::MERCHANT_CATEGORY.get(lang)}</label>
                    <input id="merchant-category" name="category" maxlength="20" required placeholder="餐饮" />
                    <label for="merchant-address">{i18n::MERCHANT_ADDRESS.get(lang)}</label>
                    <input id="merchant-address" name="address" maxlength="200" />
                    <button type="submit" class="button" disabled=move || add_merchant.pending().get()>{i18n::SAVE.get(lang)}</button>
                </ActionForm>
            </section>
        </ConsoleFrame>
    }
    .into_any()
}
