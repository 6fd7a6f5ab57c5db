use super::api::{ReassignCustomers, load_team};
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::error::field_message;
use crate::i18n;
use anju_types::{ConsoleArea, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/console/customers/reassign`: a manager hands a leaver's customers to a
/// colleague in one step.
#[component]
pub fn ReassignPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ReassignCustomers) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let team = Resource::new(|| (), |_| load_team());
    let action = ServerAction::<ReassignCustomers>::new();
    let outcome = move || {
        action.value().get().map(|r| match r {
            Ok(n) => {
                view! { <p class="notice" role="status">{i18n::REASSIGN_DONE.get(lang)}" "{n}</p> }
                    .into_any()
            }
            Err(e) => {
                let text = e
                    .fields
                    .first()
                    .map(|f| field_message(&f.code, lang))
                    .unwrap_or_else(|| e.message(lang));
                view! { <p class="form-error" role="alert">{text}</p> }.into_any()
            }
        })
    };
    view! {
        <Title text=i18n::REASSIGN.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Customers)>
            <h1>{i18n::REASSIGN.get(lang)}</h1>
            <p class="muted">{i18n::REASSIGN_HINT.get(lang)}</p>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    let people = team.await.unwrap_or_default();
                    let options = move || {
                        people
                            .iter()
                            .map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> })
                            .collect_view()
                    };
                    view! {
                        <ActionForm action=action attr:class="card form narrow-form">
                            {outcome}
                            <label for="from_sales_id">{i18n::REASSIGN_FROM.get(lang)}</label>
                            <select id="from_sales_id" name="from_sales_id">{options()}</select>
                            <label for="to_sales_id">{i18n::REASSIGN_TO.get(lang)}</label>
                            <select id="to_sales_id" name="to_sales_id">{options()}</select>
                            <button type="submit" class="button wide" disabled=move || action.pending().get()>
                                {i18n::REASSIGN_SUBMIT.get(lang)}
                            </button>
                        </ActionForm>
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}
