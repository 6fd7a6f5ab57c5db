use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
};
use crate::i18n;
use anju_types::{Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/merchant`: the counter where coupons are verified and redeemed.
#[component]
pub fn CounterPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::RedeemCoupons) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let name = info.user.map(|u| u.display_name).unwrap_or_default();
    view! {
        <Title text=i18n::MERCHANT_TITLE.get(lang) />
        <main class="narrow">
            <h1>{i18n::MERCHANT_TITLE.get(lang)}</h1>
            <p class="muted">{name}</p>
            <section class="card">
                <h2>{i18n::MERCHANT_HISTORY.get(lang)}</h2>
                <EmptyState text=i18n::MERCHANT_HISTORY_EMPTY.get(lang) />
            </section>
        </main>
    }
}
