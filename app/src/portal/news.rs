//! Projects' news (楼盘资讯): on the members' homes page, with the items
//! members read before the public launch marked 会员抢先看; on the
//! visitors' welcome page, the public ones.

use crate::club::api::load_news;
use crate::components::time;
use crate::i18n;
use anju_types::Lang;
use anju_types::news::NewsView;
use leptos::prelude::*;

/// The news list; nothing at all when there is none (it is a side dish).
#[component]
pub fn NewsSection(lang: Lang) -> impl IntoView {
    let news = Resource::new(|| (), |_| load_news());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let items = news.await.unwrap_or_default();
                (!items.is_empty()).then(|| view! {
                    <section class="card news">
                        <h2>{i18n::NEWS_TITLE.get(lang)}</h2>
                        <ul class="ledger">{items.into_iter().map(|n| item(n, lang)).collect_view()}</ul>
                    </section>
                })
            })}
        </Suspense>
    }
}

fn item(n: NewsView, lang: Lang) -> impl IntoView {
    view! {
        <li class="news-item" data-testid="news-item">
            <strong>{n.title}</strong>
            {n.members_only.then(|| view! { " "<span class="badge member">{i18n::NEWS_MEMBERS_FIRST.get(lang)}</span> })}
            <p class="muted small">{n.project_name}" · "{time::date(n.members_from)}</p>
            <p class="small">{n.body}</p>
        </li>
    }
}
