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
use crate::form_post;
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
    let list = Resource::new(|| (), |_| load_referrals());
    let projects = Resource::new(|| (), |_| load_listings());
    // After a referral the form's server function sends the member back here
    // naming it (see `form_post`); say so if it is one of theirs.
    let referred = form_post::done()
        .filter(|(what, _)| what == "referred")
        .and_then(|(_, id)| id.parse::<i64>().ok());
    view! {
        <Title text=i18n::REFER_TITLE.get(lang) />
        <div class="portal">
            <PortalNav lang current="/points" />
            <main class="portal-main">
                <h1>{i18n::REFER_TITLE.get(lang)}</h1>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        list.await.ok().map(|(items, reward)| view! {
                            <p class="lead">{i18n::REFER_LEAD.get(lang)}" "<strong class="points plus">{parts::grouped(reward.max(0) as u64)}</strong>" "{i18n::POINTS_UNIT.get(lang)}</p>
                            {referred
                                .filter(|id| items.iter().any(|r| r.id == *id))
                                .map(|_| view! { <p class="notice" role="status">{i18n::REFER_SENT.get(lang)}</p> })}
                        })
                    })}
                </Suspense>
                <section class="card">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let projects = projects
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|p| (p.id, p.name))
                                .collect::<Vec<_>>();
                            view! { <ReferForm lang projects /> }
                        })}
                    </Suspense>
                </section>
                <section class="card">
                    <h2>{i18n::REFER_MINE.get(lang)}</h2>
                    <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                        {move || Suspend::new(async move {
                            match list.await {
                                Ok((items, _)) if items.is_empty() => view! { <EmptyState text=i18n::REFER_EMPTY.get(lang) /> }.into_any(),
                                Ok((items, _)) => view! {
                                    <ul class="ledger">{items.into_iter().map(|r| row(r, lang)).collect_view()}</ul>
                                }.into_any(),
                                Err(e) => view! { <p class="form-error" role="alert">{e.message(lang)}</p> }.into_any(),
                            }
                        })}
                    </Suspense>
                </section>
            </main>
        </div>
    }
}

/// The referral form: it submits in the page, so a refusal shows beside the
/// fields with what was typed kept; once sent, the server function sends
/// the browser back to the page, which lists it. Without JavaScript it is a
/// plain form post to the same function.
#[island]
fn ReferForm(lang: Lang, projects: Vec<(i64, String)>) -> impl IntoView {
    let refer = ServerAction::<ReferFriend>::new();
    let last = move || refer.value().get();
    let err = move |field: &'static str| move || parts::field_error(last(), field, lang);
    view! {
        {move || parts::outcome_beside_fields(last().filter(Result::is_err), i18n::REFER_SENT, lang)}
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
                {projects.into_iter().map(|(id, name)| view! {
                    <option value=id.to_string()>{name}</option>
                }).collect_view()}
            </select>
            {err("project_id")}
            <label for="friend-note">{i18n::REFER_NOTE.get(lang)}</label>
            <input id="friend-note" name="note" maxlength="200" />
            {err("note")}
            <p class="muted small">{i18n::REFER_CONSENT.get(lang)}</p>
            <button type="submit" class="button" disabled=move || refer.pending().get()>{i18n::REFER_SUBMIT.get(lang)}</button>
        </ActionForm>
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
