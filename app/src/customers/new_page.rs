use super::api::{CreateCustomer, load_projects};
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::error::field_message;
use crate::i18n;
use anju_types::customer::SOURCE_CHANNELS;
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/console/customers/new`: register a walk-in or caller. A known mobile
/// number is refused and, when the user may open it, linked.
#[component]
pub fn NewCustomerPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::EditCustomers) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let create = ServerAction::<CreateCustomer>::new();
    let projects = Resource::new(|| (), |_| load_projects());
    let error = move || create.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        move || {
            error().and_then(|e| {
                let code = e.field(field)?.to_owned();
                let existing = (code == "duplicate").then_some(e.existing_id).flatten();
                Some(view! {
                    <p class="field-error" id=format!("{field}-error")>
                        {field_message(&code, lang)}
                        {existing.map(|id| view! {
                            " "<a href=format!("/console/customers/{id}")>{i18n::CUSTOMER_OPEN_EXISTING.get(lang)}</a>
                        })}
                    </p>
                })
            })
        }
    };
    let form_error = move || {
        error()
            .filter(|e| e.fields.is_empty())
            .map(|e| view! { <p class="form-error" role="alert">{e.message(lang)}</p> })
    };
    view! {
        <Title text=i18n::CUSTOMER_NEW.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Customers)>
            <h1>{i18n::CUSTOMER_NEW.get(lang)}</h1>
            <ActionForm action=create attr:class="card form narrow-form" attr:novalidate=true>
                {form_error}
                <label for="name">{i18n::CUSTOMER_NAME.get(lang)}</label>
                <input id="name" name="name" autocomplete="off" required />
                {field_error("name")}
                <label for="mobile">{i18n::CUSTOMER_MOBILE.get(lang)}</label>
                <input id="mobile" name="mobile" inputmode="tel" autocomplete="off" required />
                {field_error("mobile")}
                <label for="gender">{i18n::CUSTOMER_GENDER.get(lang)}</label>
                <select id="gender" name="gender">
                    <option value="">{i18n::UNKNOWN.get(lang)}</option>
                    <option value="male">{gender_label("male", lang)}</option>
                    <option value="female">{gender_label("female", lang)}</option>
                </select>
                <label for="source_channel">{i18n::CUSTOMER_SOURCE.get(lang)}</label>
                <select id="source_channel" name="source_channel">
                    {SOURCE_CHANNELS.map(|c| view! { <option value=c>{c}</option> }).collect_view()}
                </select>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = projects.await.unwrap_or_default();
                        (!list.is_empty()).then(|| view! {
                            <label for="project_id">{i18n::CUSTOMER_INTENT_PROJECT.get(lang)}</label>
                            <select id="project_id" name="project_id">
                                <option value="">{i18n::NONE_YET.get(lang)}</option>
                                {list.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                            </select>
                        })
                    })}
                </Suspense>
                <label class="check">
                    <input type="checkbox" name="consent_marketing" value="on" />
                    {i18n::CUSTOMER_CONSENT.get(lang)}
                </label>
                <label for="notes">{i18n::CUSTOMER_NOTES.get(lang)}</label>
                <textarea id="notes" name="notes" rows="3"></textarea>
                <button type="submit" class="button wide" disabled=move || create.pending().get()>
                    {i18n::SAVE.get(lang)}
                </button>
            </ActionForm>
        </ConsoleFrame>
    }
    .into_any()
}

pub fn gender_label(code: &str, lang: Lang) -> &'static str {
    match (code, lang) {
        ("male", Lang::Zh) => "男",
        ("male", Lang::En) => "Male",
        ("female", Lang::Zh) => "女",
        ("female", Lang::En) => "Female",
        (_, lang) => i18n::UNKNOWN.get(lang),
    }
}
