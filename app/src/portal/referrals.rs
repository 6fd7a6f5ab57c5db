//! `/referrals`: refer a friend (推荐购买, 老带新) by name and mobile, and
//! follow each referral — referred, visited, signed — with the reward
//! credited when the friend signs.

use super::homes::load_listings;
use super::nav::PortalNav;
use crate::club::api::{ReferFriend, load_referrals};
use crate::club::parts;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
    time,
};
use crate::i18n;
use anju_types::referral::{ReferralStatus, ReferralView};
use anju_types::{Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ReferralsPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let refer = ServerAction::<ReferFriend>::new();
    let list = Resource::new(move || refer.version().get(), |_| load_referrals());
    let projects = Resource::new(|| (), |_| load_listings());
    let last = move || refer.value().get();
    let err = move |field: &'static str| move || parts::field_error(last(), field, lang);
    view! {
        <Title text=i18n::REFER_TITLE.get(lang) />
        <div class="portal">
            <PortalNav lang current="/points" />
            <main class="portal-main">
                <h1>{i18n::REFER_TITLE.get(lang)}</h1>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        list.await.ok().map(|(_, reward)| view! {
                            <p class="lead">{i18n::REFER_LEAD.get(lang)}" "<strong class="points plus">{parts::grouped(reward.max(0) as u64)}</strong>" "{i18n::POINTS_UNIT.get(lang)}</p>
                        })
                    })}
                </Suspense>
                <section class="card">
                    {move || parts::outcome_beside_fields(last(), i18n::REFER_SENT, lang)}
                    <ActionForm action=refer attr:class="form narrow-form">
                        <label for="friend-name">{i18n::REFER_NAME.get(lang)}</label>
                        <input id="friend-name" name="name" maxlength="40" required autocomplete="off" />
                        {err("name")}
                        <label for="friend-mobile">{i18n::JOIN_MOBILE.get(lang)}</label>
                        <input id="friend-mobile" name="mobile" type="tel" inputmode="numeric" maxlength="11" required autocomplete="off" />
                        {err("mobile")}
                        <label for="friend-project">{i18n::REFER_PROJECT.get(lang)}</label>
                        <select id="friend-project" name="project_id">
                            <option value="">{i18n::REFER_ANY_PROJECT.get(lang)}</option>
                            <Suspense fallback=|| ()>
                                {move || Suspend::new(async move {
                                    projects.await.unwrap_or_default().into_iter().map(|p| view! {
                                        <option value=p.id.to_string()>{p.name}</option>
                                    }).collect_view()
                                })}
                            </Suspense>
                        </select>
                        {err("project_id")}
                        <label for="friend-note">{i18n::REFER_NOTE.get(lang)}</label>
                        <input id="friend-note" name="note" maxlength="200" />
                        {err("note")}
                        <p class="muted small">{i18n::REFER_CONSENT.get(lang)}</p>
                        <button type="submit" class="button" disabled=move || refer.pending().get()>{i18n::REFER_SUBMIT.get(lang)}</button>
                    </ActionForm>
                </section>
                <section class="card">
                    <h2>{i18n::REFER_MINE.get(lang)}</h2>
                    <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                        {move || Suspend::new(async move {
                            match list.await {
                                Ok((items, _)) if items.is_empty() => view! { <EmptyState text=i18n::REFER_EMPTY.get(lang) /> }.into_any(),
                                Ok((items, _)) => view! {
                                    <ul class="ledger">{items.into_iter().map(|r| row(r, lang)).collect_view()}</ul>
                                }.into_any(),
                                Err(e) => view! { <p class="form-error" role="alert">{e.message(lang)}</p> }.into_any(),
                            }
                        })}
                    </Transition>
                </section>
            </main>
        </div>
    }
}

fn row(r: ReferralView, lang: Lang) -> impl IntoView {
    let reward = r
        .reward_points
        .filter(|_| r.status == ReferralStatus::Won)
        .map(|p| view! { <span class="points plus">{parts::signed(p)}</span> });
    view! {
        <li class="ledger-row" data-testid="referral">
            <div>
                <strong>{r.friend_name}</strong>" "<span class="muted small">{r.friend_mobile}</span>
                <p class="muted small">
                    {r.project_name.map(|p| format!("{p} · "))}{i18n::REFER_SENT_AT.get(lang)}" "{time::date(r.created_at)}
                </p>
            </div>
            <div class="right">
                <span class=format!("badge referral-{}", r.status.as_str())>{r.status.label(lang)}</span>
                {reward}
            </div>
        </li>
    }
}
