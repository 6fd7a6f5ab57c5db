//! `/merchant`: the partner merchant's counter. Type or scan a coupon code,
//! see what it grants and for whom (name masked), redeem it once; below,
//! today's and all-time totals and the latest redemptions — this merchant's
//! own only.

use crate::club::api::{CounterCheck, counter_history};
use crate::club::parts;
use crate::components::alert::alert;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
    time,
};
use crate::error::field_message;
use crate::i18n;
use anju_types::club::{CounterCoupon, CouponStatus};
use anju_types::{ErrorCode, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CounterPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::RedeemCoupons) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let name = info.user.map(|u| u.display_name).unwrap_or_default();
    let check = ServerAction::<CounterCheck>::new();
    let history = Resource::new(move || check.version().get(), |_| counter_history());
    let result = move || {
        check.value().get().map(|r| match r {
            Ok(c) => coupon_card(c, check, lang).into_any(),
            Err(e) if e.code == ErrorCode::NotFound => {
                view! { <p class="form-error" role="alert">{i18n::COUNTER_NOT_FOUND.get(lang)}</p> }
                    .into_any()
            }
            Err(e) => {
                let msg = e
                    .fields
                    .first()
                    .map(|f| field_message(&f.code, lang))
                    .unwrap_or_else(|| e.describe(lang));
                view! { <p class="form-error" role="alert">{msg}</p> }.into_any()
            }
        })
    };
    view! {
        <Title text=i18n::MERCHANT_TITLE.get(lang) />
        <main class="narrow">
            <h1>{i18n::MERCHANT_TITLE.get(lang)}</h1>
            <p class="muted">{name}</p>
            <section class="card">
                <ActionForm action=check attr:class="form">
                    <label for="code">{i18n::COUNTER_CODE.get(lang)}</label>
                    <input id="code" name="code" autocomplete="off" autocapitalize="characters" required
                        placeholder="ABCD-EFGH-JKLM" />
                    <button type="submit" class="button wide" disabled=move || check.pending().get()>
                        {i18n::COUNTER_CHECK.get(lang)}
                    </button>
                </ActionForm>
                {result}
            </section>
            <section class="card">
                <h2>{i18n::MERCHANT_HISTORY.get(lang)}</h2>
                <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        match history.await {
                            Ok(h) => view! {
                                <p class="small">
                                    {i18n::COUNTER_TODAY.get(lang)}" "<strong data-testid="today">{h.today}</strong>
                                    " · "{i18n::COUNTER_TOTAL.get(lang)}" "<strong>{h.total}</strong>
                                </p>
                                {if h.items.is_empty() {
                                    view! { <EmptyState text=i18n::MERCHANT_HISTORY_EMPTY.get(lang) /> }.into_any()
                                } else {
                                    view! {
                                        <ul class="ledger">
                                            {h.items.into_iter().map(|c| view! {
                                                <li class="ledger-row">
                                                    <div>
                                                        <strong>{c.offer_title}</strong>
                                                        <p class="muted small">{c.code}" · "{c.member_name}</p>
                                                    </div>
                                                    <span class="muted small">{c.redeemed_at.map(time::date_time)}</span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any(),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Transition>
            </section>
        </main>
    }
}

fn coupon_card(c: CounterCoupon, check: ServerAction<CounterCheck>, lang: Lang) -> impl IntoView {
    let redeemable = c.status == CouponStatus::Valid && c.member_tier.rank() >= c.min_tier.rank();
    let done = c.status == CouponStatus::Used && c.redeemed_at.is_some();
    view! {
        <div class="counter-result">
            {done.then(|| view! { <p class="notice" role="status">{i18n::COUNTER_REDEEMED.get(lang)}</p> })}
            <p><strong>{c.offer_title}</strong>" "<span class=format!("badge coupon-{}", c.status.as_str())>{c.status.label(lang)}</span></p>
            <p class="points plus">{c.discount}</p>
            <dl class="facts">
                <dt>{i18n::COUPON_CODE.get(lang)}</dt><dd><code>{c.code.clone()}</code></dd>
                <dt>{i18n::COUNTER_MEMBER.get(lang)}</dt><dd>{c.member_name}" "{parts::tier_badge(c.member_tier, lang)}</dd>
                <dt>{i18n::COUNTER_NEEDS.get(lang)}</dt><dd>{c.min_tier.label(lang)}</dd>
                <dt>{i18n::OFFER_VALID_UNTIL.get(lang)}</dt><dd>{time::date(c.expires_at - chrono::Duration::seconds(1))}</dd>
            </dl>
            {redeemable.then(|| view! {
                <ActionForm action=check>
                    <input type="hidden" name="code" value=c.code.clone() />
                    <input type="hidden" name="redeem" value="1" />
                    <button type="submit" class="button wide" disabled=move || check.pending().get()>
                        {i18n::COUNTER_REDEEM.get(lang)}
                    </button>
                </ActionForm>
            })}
        </div>
    }
}
