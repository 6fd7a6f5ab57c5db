//! `/referrals`: refer a friend (推荐购买, 老带新) by name and mobile, and
//! follow each referral — referred, visited, signed — with the reward
//! credited when the friend signs.

use super::homes::load_listings;
use super::nav::PortalNav;
use crate::club::api::{ReferFriend, load_referrals};
use crate::club::parts;
use crate::components::alert::alert;
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
use leptos::server_fn::ServerFn;
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
                            let projects = projects.await.unwrap_or_default();
                            view! {
                                <ReferForm>
                                    <label for="friend-project">{i18n::REFER_PROJECT.get(lang)}</label>
                                    <select id="friend-project" name="project_id">
                                        <option value="">{i18n::REFER_ANY_PROJECT.get(lang)}</option>
                                        {projects.into_iter().map(|p| view! {
                                            <option value=p.id.to_string()>{p.name}</option>
                                        }).collect_view()}
                                    </select>
                                </ReferForm>
                            }
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
                                Err(e) => alert(e.message(lang)),
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
/// the browser back to the page, which lists it (a redirect the bundle
/// follows, see `bundle::hydrate_islands`). Without JavaScript it is a
/// plain form post to the same function; its refusal comes back in the
/// address, which the form reads on the server and in the browser alike.
///
/// No props (see `plain_text`): the projects to choose from are the
/// children.
#[island]
fn ReferForm(children: Children) -> impl IntoView {
    let lang = i18n::page_lang();
    let last = RwSignal::new(form_post::refused::<ReferFriend>());
    let pending = RwSignal::new(false);
    let (name, mobile, note) = (
        NodeRef::<leptos::html::Input>::new(),
        NodeRef::<leptos::html::Input>::new(),
        NodeRef::<leptos::html::Input>::new(),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let text = |n: NodeRef<leptos::html::Input>| {
                n.get_untracked().map(|e| e.value()).unwrap_or_default()
            };
            let (name, mobile, note) = (text(name), text(mobile), text(note));
            let project = form_post::select_value("friend-project");
            pending.set(true);
            leptos::task::spawn_local(async move {
                if let Err(e) =
                    crate::club::api::refer_friend(name, mobile, project, Some(note)).await
                {
                    last.set(Some(e));
                }
                pending.set(false);
            });
        }
    };
    let err = move |field: &'static str| {
        move || parts::field_error(last.get().map(Err::<(), _>), field, lang)
    };
    view! {
        {move || parts::outcome_beside_fields(last.get().map(Err::<(), _>), i18n::REFER_SENT, lang)}
        <form method="post" action=ReferFriend::PATH class="form narrow-form" on:submit=submit>
            <label for="friend-name">{i18n::REFER_NAME.get(lang)}</label>
            <input id="friend-name" name="name" maxlength="40" required autocomplete="off" node_ref=name />
            {err("name")}
            <label for="friend-mobile">{i18n::JOIN_MOBILE.get(lang)}</label>
            <input id="friend-mobile" name="mobile" type="tel" inputmode="numeric" maxlength="11" required autocomplete="off" node_ref=mobile />
            {err("mobile")}
            {children()}
            {err("project_id")}
            <label for="friend-note">{i18n::REFER_NOTE.get(lang)}</label>
            <input id="friend-note" name="note" maxlength="200" node_ref=note />
            {err("note")}
            <p class="muted small">{i18n::REFER_CONSENT.get(lang)}</p>
            <button type="submit" class="button" disabled=move || pending.get()>{i18n::REFER_SUBMIT.get(lang)}</button>
        </form>
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
