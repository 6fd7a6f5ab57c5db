use super::api::{MarkNotificationsRead, load_notifications};
use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::i18n;
use anju_types::notification::NotificationView;
use anju_types::{AccountKind, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/notifications`: the signed-in user's notifications, newest first,
/// each linked to its request; unread ones stand out until marked read.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! { <Page access=Access::SignedIn content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let staff = info
        .user
        .as_ref()
        .is_some_and(|u| u.kind == AccountKind::Staff);
    let query = use_query_map();
    let cursor = move || {
        query
            .read()
            .get("cursor")
            .and_then(|c| c.parse::<i64>().ok())
    };
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(
        move || (cursor(), mark.version().get()),
        |(cursor, _)| load_notifications(cursor),
    );
    view! {
        <Title text=i18n::NAV_NOTIFICATIONS.get(lang) />
        <main class="narrow-page">
            <h1>{i18n::NAV_NOTIFICATIONS.get(lang)}</h1>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(p) if p.items.is_empty() => view! { <EmptyState text=i18n::NOTIFICATIONS_EMPTY.get(lang) /> }.into_any(),
                        Ok(p) => {
                            let unread = p.unread;
                            let older = p.next_cursor.map(|c| view! {
                                <p><a href=format!("/notifications?cursor={c}")>{i18n::NOTIFICATIONS_OLDER.get(lang)}</a></p>
                            });
                            view! {
                                <p class="muted">{unread}" "{i18n::NOTIFICATIONS_UNREAD.get(lang)}</p>
                                {(unread > 0).then(|| view! {
                                    <ActionForm action=mark>
                                        <button type="submit" class="button secondary small">{i18n::NOTIFICATIONS_MARK_ALL.get(lang)}</button>
                                    </ActionForm>
                                })}
                                <ul class="notifications">
                                    {p.items.into_iter().map(|n| item(n, staff)).collect_view()}
                                </ul>
                                {older}
                            }.into_any()
                        }
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </main>
    }
}

fn item(n: NotificationView, staff: bool) -> impl IntoView {
    let href = n.ticket_id.map(|id| {
        if staff {
            format!("/console/tickets/{id}")
        } else {
            format!("/tickets/{id}")
        }
    });
    let class = if n.read { "card" } else { "card unread" };
    view! {
        <li class=class>
            {match href {
                Some(href) => view! { <a href=href>{n.text}</a> }.into_any(),
                None => view! { <span>{n.text}</span> }.into_any(),
            }}
            <p class="muted small">{time::date_time(n.created_at)}</p>
        </li>
    }
}
