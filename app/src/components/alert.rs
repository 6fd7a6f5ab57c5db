use leptos::prelude::*;

/// What a page part says when its data could not be loaded: one line that
/// screen readers announce, in place of the part.
pub fn load_failed(text: &'static str) -> AnyView {
    view! { <p class="form-error" role="alert">{text}</p> }.into_any()
}
