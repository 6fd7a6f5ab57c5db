use crate::components::page::{Access, Page};
use crate::i18n::{self, Tr};
use anju_types::SessionInfo;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/login`: a plain HTML form posted to `/auth/login`, so it works with
/// JavaScript off; errors come back in the query string after the redirect.
#[component]
pub fn LoginPage() -> impl IntoView {
    view! { <Page access=Access::Public content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let query = use_query_map();
    let q = query.read_untracked();
    let error = q.get("error").unwrap_or_default();
    let identifier = q.get("identifier").unwrap_or_default();
    let next = q.get("next").unwrap_or_default();
    let retry = q.get("retry_minutes").unwrap_or_default();
    let (field_error, form_error): (Option<(&str, Tr)>, Option<Tr>) = match error.as_str() {
        "identifier_required" => (Some(("identifier", i18n::ERR_IDENTIFIER_REQUIRED)), None),
        "password_required" => (Some(("password", i18n::ERR_PASSWORD_REQUIRED)), None),
        "invalid_credentials" => (None, Some(i18n::ERR_INVALID_CREDENTIALS)),
        "too_many_requests" => (None, Some(i18n::ERR_TOO_MANY)),
        "" => (None, None),
        _ => (None, Some(i18n::ERR_INTERNAL)),
    };
    let error_for = move |field: &str| {
        field_error.filter(|(f, _)| *f == field).map(
            |(f, msg)| view! { <p class="field-error" id=format!("{f}-error")>{msg.get(lang)}</p> },
        )
    };
    let invalid = move |field: &str| {
        field_error
            .is_some_and(|(f, _)| f == field)
            .then_some("true")
    };
    view! {
        <Title text=i18n::LOGIN.get(lang) />
        <main class="narrow">
            <form method="post" action="/auth/login" class="card form" novalidate>
                <h1>{i18n::LOGIN_TITLE.get(lang)}</h1>
                {form_error.map(|msg| {
                    let retry = (!retry.is_empty()).then(|| format!(" ({} {})", retry, i18n::RETRY_MINUTES.get(lang)));
                    view! { <p class="form-error" role="alert">{msg.get(lang)}{retry}</p> }
                })}
                <label for="identifier">{i18n::LOGIN_IDENTIFIER.get(lang)}</label>
                <input
                    id="identifier"
                    name="identifier"
                    type="text"
                    autocomplete="username"
                    inputmode="text"
                    required
                    value=identifier
                    aria-invalid=invalid("identifier")
                />
                {error_for("identifier")}
                <label for="password">{i18n::LOGIN_PASSWORD.get(lang)}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-invalid=invalid("password")
                />
                {error_for("password")}
                <input type="hidden" name="next" value=next />
                <button type="submit" class="button wide">{i18n::LOGIN.get(lang)}</button>
                <p class="muted small">{i18n::LOGIN_HINT.get(lang)}</p>
            </form>
        </main>
    }
}
