use super::nav::PortalNav;
use super::news::NewsSection;
use crate::club::parts::grouped;
use crate::components::page::{Access, Page};
use crate::i18n;
use anju_types::member_home::MemberHome;
use anju_types::{AccountKind, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

/// The member home's tiles, in one request and one database read.
#[server(endpoint = "portal/home")]
pub async fn load_member_home() -> Result<MemberHome, crate::error::AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::member_home::summary(&svc.db, &actor).await?)
}

/// `/`: the member's home, or a welcome for visitors and other accounts.
#[component]
pub fn HomePage() -> impl IntoView {
    view! { <Page access=Access::Public content=home /> }
}

fn home(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    match info.user {
        Some(user) if user.kind == AccountKind::Member => {
            // One read for all the tiles, awaited in one Suspend under one
            // Suspense: the page renders on the server only (an islands
            // page), so no resource is needed to carry the answer to the
            // browser. The Suspense is what awaits the Suspend: under the
            // page's Suspense alone, a read still pending once the session
            // has loaded would render no tiles at all. "—" when it failed.
            let tiles = Suspend::new(async move {
                let home = load_member_home().await.ok();
                let tile = move |value: fn(&MemberHome) -> String| {
                    home.as_ref().map_or("—".to_owned(), value)
                };
                view! {
                    <div class="tiles">
                        <a class="tile" href="/points">
                            <span class="tile-label">{i18n::HOME_POINTS_BALANCE.get(lang)}</span>
                            <span class="tile-value">
                                // A homeowner who has not joined the club sees "—".
                                {tile(|h| h.points_balance.map_or("—".to_owned(), |b| grouped(b.max(0) as u64)))}
                            </span>
                        </a>
                        <a class="tile" href="/tickets">
                            <span class="tile-label">{i18n::HOME_OPEN_TICKETS.get(lang)}</span>
                            <span class="tile-value" data-testid="open-tickets">
                                {tile(|h| h.open_tickets.to_string())}
                            </span>
                        </a>
                        <a class="tile" href="/offers">
                            <span class="tile-label">{i18n::NAV_OFFERS.get(lang)}</span>
                            <span class="tile-value">"›"</span>
                        </a>
                        <a class="tile" href="/events">
                            <span class="tile-label">{i18n::NAV_EVENTS.get(lang)}</span>
                            <span class="tile-value">"›"</span>
                        </a>
                        <a class="tile" href="/surveys">
                            <span class="tile-label">{i18n::MY_SURVEYS_TODO.get(lang)}{i18n::MY_SURVEYS.get(lang)}</span>
                            <span class="tile-value" data-testid="surveys-to-answer">
                                {tile(|h| h.surveys_to_answer.to_string())}
                            </span>
                        </a>
                        <a class="tile" href="/referrals">
                            <span class="tile-label">{i18n::REFER_TITLE.get(lang)}</span>
                            <span class="tile-value">"›"</span>
                        </a>
                        <a class="tile" href="/homes">
                            <span class="tile-label">{i18n::NEWS_TITLE.get(lang)}</span>
                            <span class="tile-value">"›"</span>
                        </a>
                    </div>
                }
            });
            view! {
                <Title text=i18n::NAV_HOME.get(lang) />
                <div class="portal">
                    <PortalNav lang current="/" />
                    <main class="portal-main">
                        <h1>{i18n::WELCOME.get(lang)}{user.display_name}</h1>
                        <Suspense fallback=|| ()>{tiles}</Suspense>
                    </main>
                </div>
            }
            .into_any()
        }
        Some(user) => {
            let (hint, href, go) = match user.kind {
                AccountKind::Merchant => (i18n::HOME_MERCHANT_HINT, "/merchant", i18n::GO_MERCHANT),
                _ => (i18n::HOME_STAFF_HINT, "/console", i18n::GO_CONSOLE),
            };
            view! {
                <main class="narrow">
                    <h1>{i18n::WELCOME.get(lang)}{user.display_name}</h1>
                    <p>{hint.get(lang)}</p>
                    <p><a class="button" href=href>{go.get(lang)}</a></p>
                </main>
            }
            .into_any()
        }
        None => view! {
            <main class="hero">
                <h1>{i18n::WELCOME_GUEST.get(lang)}</h1>
                <p class="lead">{i18n::WELCOME_GUEST_BODY.get(lang)}</p>
                <p>
                    <a class="button" href="/join">{i18n::JOIN_CTA.get(lang)}</a>" "
                    <a class="button secondary" href="/login">{i18n::LOGIN.get(lang)}</a>
                </p>
                <NewsSection lang />
            </main>
        }
        .into_any(),
    }
}
