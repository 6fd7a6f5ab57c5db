//! `/offers`: partner-merchant offers (联盟商家) by category, claimed with
//! one tap; `?category=` filters, so it works without JavaScript. Below,
//! the member's coupons with their code as text and QR code.

use super::nav::PortalNav;
use crate::club::api::{ClaimOffer, load_my_coupons, load_offers};
use crate::club::parts;
use crate::components::alert::alert;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
    time,
};
use crate::error::AppError;
use crate::form_post;
use crate::i18n;
use anju_types::club::{CouponStatus, CouponView, OfferView};
use anju_types::{Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const CATEGORIES: [&str; 6] = [
    "餐饮",
    "家居建材",
    "教育培训",
    "健康医疗",
    "生活服务",
    "休闲娱乐",
];

#[component]
pub fn OffersPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let query = use_query_map();
    let category = move || query.read().get("category").filter(|c| !c.is_empty());
    let claim = ServerAction::<ClaimOffer>::new();
    let offers = Resource::new(
        move || (category(), claim.version().get()),
        |(c, _)| load_offers(c),
    );
    let coupons = Resource::new(move || claim.version().get(), |_| load_my_coupons());
    // The last claim's outcome: its error (see `form_post`), or the coupon
    // it gave, found among the member's own.
    let error = form_post::refusal(claim, lang);
    let claimed = form_post::done()
        .filter(|(what, _)| what == "claimed")
        .map(|(_, code)| code);
    let notice = claimed.map(|code| {
        view! {
            <Suspense fallback=|| ()>
                {move || {
                    let code = code.clone();
                    Suspend::new(async move {
                        let c = coupons.await.ok()?.into_iter().find(|c| c.code == code)?;
                        Some(view! {
                            <p class="notice" role="status">{c.offer_title}": "{i18n::OFFER_CLAIMED.get(lang)}</p>
                        })
                    })
                }}
            </Suspense>
        }
    });
    let chip = move |value: Option<&'static str>| {
        let href = value.map_or("/offers".to_owned(), |v| format!("/offers?category={v}"));
        let label = value.unwrap_or(i18n::OFFERS_ALL.get(lang));
        view! {
            <a href=href aria-current=move || (category().as_deref() == value).then_some("page")>{label}</a>
        }
    };
    view! {
        <Title text=i18n::NAV_OFFERS.get(lang) />
        <div class="portal">
            <PortalNav lang current="/offers" />
            <main class="portal-main">
                <h1>{i18n::NAV_OFFERS.get(lang)}</h1>
                <nav class="tabs" aria-label=i18n::NAV_OFFERS.get(lang)>
                    {chip(None)}
                    {CATEGORIES.into_iter().map(|c| chip(Some(c))).collect_view()}
                </nav>
                {error}
                {notice}
                <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        match offers.await {
                            Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_OFFERS.get(lang) /> }.into_any(),
                            Ok(items) => view! {
                                <ul class="reward-grid">
                                    {items.into_iter().map(|o| offer_card(o, claim, lang)).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Transition>
                {my_coupons(coupons, lang)}
            </main>
        </div>
    }
}

fn offer_card(o: OfferView, claim: ServerAction<ClaimOffer>, lang: Lang) -> impl IntoView {
    let blocked = !o.eligible || o.remaining <= 0 || o.mine >= o.per_member_limit;
    let note = if !o.eligible {
        Some(format!(
            "{}{}",
            o.min_tier.label(lang),
            i18n::OFFER_TIER_ONLY.get(lang)
        ))
    } else if o.mine > 0 {
        Some(format!("{} {}", i18n::OFFER_HELD.get(lang), o.mine))
    } else {
        None
    };
    view! {
        <li class="reward">
            <span class="muted small">{o.merchant_name.clone()}" · "{o.category}</span>
            <strong>{o.title.clone()}</strong>
            <p class="points plus">{o.discount}</p>
            <p class="muted small">
                {i18n::OFFER_VALID_UNTIL.get(lang)}" "{time::date(o.valid_until - chrono::Duration::seconds(1))}
                " · "{i18n::OFFER_REMAINING.get(lang)}" "{o.remaining}
            </p>
            {note.map(|n| view! { <p class="small">{parts::tier_badge(o.min_tier, lang)}" "{n}</p> })}
            <ActionForm action=claim>
                <input type="hidden" name="offer_id" value=o.id.to_string() />
                <button type="submit" class="button small"
                    aria-label=format!("{} {}", i18n::OFFER_CLAIM.get(lang), o.title)
                    disabled=move || blocked || claim.pending().get()>
                    {i18n::OFFER_CLAIM.get(lang)}
                </button>
            </ActionForm>
        </li>
    }
}

fn my_coupons(list: Resource<Result<Vec<CouponView>, AppError>>, lang: Lang) -> impl IntoView {
    view! {
        <section class="card">
            <h2>{i18n::MY_COUPONS.get(lang)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::MY_COUPONS_EMPTY.get(lang) /> }.into_any(),
                        Ok(items) => view! {
                            <ul class="ledger">
                                {items.into_iter().map(|c| {
                                    let valid = c.status == CouponStatus::Valid;
                                    let qr = format!("/me/coupons/{}/qr.svg", c.code);
                                    view! {
                                        <li class="ledger-row coupon">
                                            <div>
                                                <strong>{c.merchant_name}" · "{c.offer_title}</strong>
                                                <p class="small">{c.discount}</p>
                                                <p class="coupon-code">
                                                    <span class="muted small">{i18n::COUPON_CODE.get(lang)}" "</span>
                                                    <code data-testid="coupon-code">{c.code.clone()}</code>
                                                </p>
                                                <p class="muted small">{i18n::OFFER_VALID_UNTIL.get(lang)}" "{time::date(c.expires_at - chrono::Duration::seconds(1))}</p>
                                                {valid.then(|| view! {
                                                    <img class="qr" src=qr width="180" height="180"
                                                        alt=format!("{} {}", i18n::COUPON_QR.get(lang), c.code) />
                                                })}
                                            </div>
                                            <span class=format!("badge coupon-{}", c.status.as_str())>{c.status.label(lang)}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
