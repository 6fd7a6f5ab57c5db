use leptos::prelude::*;

/// One line that screen readers announce: a page part that could not be
/// loaded, or why a form was refused.
pub fn alert(text: &'static str) -> AnyView {
    view! { <p class="form-error" role="alert">{text}</p> }.into_any()
}
