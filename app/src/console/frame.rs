use super::nav::ConsoleNav;
use anju_types::{ConsoleArea, Lang, SessionUser};
use leptos::prelude::*;

/// The console's layout: the permission-filtered navigation beside the page.
#[component]
pub fn ConsoleFrame(
    user: SessionUser,
    lang: Lang,
    current: Option<ConsoleArea>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="console">
            <ConsoleNav user lang current />
            <main class="console-main">{children()}</main>
        </div>
    }
}
