use crate::i18n;
use anju_types::Lang;
use leptos::prelude::*;
use leptos_meta::Html;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let lang = Lang::Zh;
    view! {
        <Html attr:lang="zh-CN" />
        <main class="narrow">
            <h1>{i18n::NOT_FOUND_TITLE.get(lang)}" / "{i18n::NOT_FOUND_TITLE.get(Lang::En)}</h1>
            <p><a href="/">{i18n::BACK_HOME.get(lang)}</a></p>
        </main>
    }
}
