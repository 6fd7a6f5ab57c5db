use leptos::prelude::*;

/// What a list shows when it has nothing yet: a friendly line, never a blank.
#[component]
pub fn EmptyState(text: &'static str) -> impl IntoView {
    view! {
        <div class="empty-state" role="status">
            <span class="empty-icon" aria-hidden="true">"○"</span>
            <p>{text}</p>
        </div>
    }
}
