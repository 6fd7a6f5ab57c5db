use crate::i18n;
use anju_types::{AccountKind, Lang, SessionInfo};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The top bar: brand, where this user can go, language switch, sign in/out.
#[component]
pub fn Header(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let location = use_location();
    let lang_href = move || {
        let here = location.pathname.get();
        let query = location.search.get();
        let next = if query.is_empty() {
            here
        } else {
            format!("{here}?{query}")
        };
        format!("/lang/{}?next={}", lang.other().code(), encode(&next))
    };
    let user = info.user.clone();
    let unread = info.unread_notifications;
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"安"</span>
                <span>{i18n::APP_NAME.get(lang)}</span>
            </a>
            <nav class="topnav" aria-label="account">
                {user.as_ref().map(|u| match u.kind {
                    // Another bundle's pages: a full load (see bundle.rs).
                    AccountKind::Staff => view! { <a href="/console" rel="external">{i18n::NAV_CONSOLE.get(lang)}</a> }.into_any(),
                    AccountKind::Merchant => view! { <a href="/merchant" rel="external">{i18n::NAV_MERCHANT.get(lang)}</a> }.into_any(),
                    AccountKind::Member => ().into_any(),
                })}
                <a href=lang_href rel="external" class="lang-switch" hreflang=lang.other().html_lang()>
                    {i18n::SWITCH_LANG.get(lang)}
                </a>
                {user.is_some().then(|| view! { <Bell lang unread /> })}
                {match user {
                    Some(u) => view! {
                        <span class="who">{u.display_name}</span>
                        <form method="post" action="/auth/logout" class="inline">
                            <button type="submit" class="link-button">{i18n::LOGOUT.get(lang)}</button>
                        </form>
                    }.into_any(),
                    None => view! { <a href="/login" class="button small">{i18n::LOGIN.get(lang)}</a> }.into_any(),
                }}
            </nav>
        </header>
    }
}

/// 通知 with the unread count (read with the sign-in), linking to `/notifications`.
#[component]
fn Bell(lang: Lang, unread: u64) -> impl IntoView {
    view! {
        <a href="/notifications" class="bell">
            {i18n::NAV_NOTIFICATIONS.get(lang)}
            {(unread > 0).then(|| view! { <span class="count" aria-label=i18n::NOTIFICATIONS_UNREAD.get(lang)>{unread}</span> })}
        </a>
    }
}

/// Percent-encodes a path for a query parameter.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn lang_of(info: &SessionInfo) -> Lang {
    info.lang
}
