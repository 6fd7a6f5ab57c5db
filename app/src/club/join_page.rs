//! `/join`: 入会. A plain HTML form posted to `/join` (works with JavaScript
//! off); errors come back in the query string with what was typed.

use crate::components::page::{Access, Page};
use crate::error::{conflict_message, field_message};
use crate::i18n;
use anju_types::SessionInfo;
use anju_types::club::Education;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn JoinPage() -> impl IntoView {
    view! { <Page access=Access::Public content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let q = use_query_map().read_untracked().clone();
    let value = |k: &str| q.get(k).unwrap_or_default();
    // "field:code,field:code" from the form handler.
    let errors: Vec<(String, String)> = value("errors")
        .split(',')
        .filter_map(|pair| pair.split_once(':'))
        .map(|(f, c)| (f.to_owned(), c.to_owned()))
        .collect();
    let form_error = match value("error").as_str() {
        "" | "invalid" => None,
        "internal" => Some(i18n::ERR_INTERNAL.get(lang)),
        "throttled" => Some(i18n::ERR_TOO_MANY_ENROLMENTS.get(lang)),
        reason => Some(conflict_message(Some(reason), lang)),
    };
    let error_for = move |field: &str| {
        errors.iter().find(|(f, _)| f == field).map(|(f, code)| {
            view! { <p class="field-error" id=format!("{f}-error")>{field_message(code, lang)}</p> }
        })
    };
    let gender = value("gender");
    let education = value("education");
    let consent = !value("consent_marketing").is_empty() || value("error").is_empty();
    view! {
        <Title text=i18n::JOIN_TITLE.get(lang) />
        <main class="narrow">
            <form method="post" action="/join" class="card form" novalidate>
                <h1>{i18n::JOIN_TITLE.get(lang)}</h1>
                <p class="muted">{i18n::JOIN_LEAD.get(lang)}</p>
                {form_error.map(|msg| view! { <p class="form-error" role="alert">{msg}</p> })}
                <label for="name">{i18n::JOIN_NAME.get(lang)}</label>
                <input id="name" name="name" autocomplete="name" maxlength="40" required value=value("name") />
                {error_for("name")}
                <label for="mobile">{i18n::JOIN_MOBILE.get(lang)}</label>
                <input id="mobile" name="mobile" type="tel" inputmode="numeric" autocomplete="tel" required value=value("mobile") />
                {error_for("mobile")}
                <label for="password">{i18n::JOIN_PASSWORD.get(lang)}</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required />
                <p class="muted small">{i18n::JOIN_PASSWORD_HINT.get(lang)}</p>
                {error_for("password")}
                <label for="birth_year">{i18n::JOIN_BIRTH_YEAR.get(lang)}</label>
                <input id="birth_year" name="birth_year" type="number" inputmode="numeric" min="1900" max="2100" required value=value("birth_year") />
                {error_for("birth_year")}
                <label for="gender">{i18n::CUSTOMER_GENDER.get(lang)}</label>
                <select id="gender" name="gender">
                    <option value="">{i18n::NOT_SAY.get(lang)}</option>
                    <option value="male" selected=gender == "male">{i18n::GENDER_MALE.get(lang)}</option>
                    <option value="female" selected=gender == "female">{i18n::GENDER_FEMALE.get(lang)}</option>
                </select>
                {error_for("gender")}
                <label for="employer">{i18n::CUSTOMER_EMPLOYER.get(lang)}</label>
                <input id="employer" name="employer" maxlength="128" value=value("employer") />
                {error_for("employer")}
                <label for="education">{i18n::CUSTOMER_EDUCATION.get(lang)}</label>
                <select id="education" name="education">
                    <option value="">{i18n::NOT_SAY.get(lang)}</option>
                    {Education::ALL.iter().map(|e| view! {
                        <option value=e.as_str() selected=education == e.as_str()>{e.label(lang)}</option>
                    }).collect_view()}
                </select>
                {error_for("education")}
                <label class="checkbox">
                    <input type="checkbox" name="consent_marketing" checked=consent />
                    {i18n::JOIN_CONSENT.get(lang)}
                </label>
                <button type="submit" class="button wide">{i18n::JOIN_SUBMIT.get(lang)}</button>
                <p class="muted small"><a href="/login">{i18n::JOIN_HAVE_ACCOUNT.get(lang)}</a></p>
            </form>
        </main>
    }
}
