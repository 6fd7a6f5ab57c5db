//! `/console/club/news`: projects' news as written, with when members and
//! the public can read each item, and the form to publish more.

use super::api::{SaveNews, load_news, load_project_names};
use super::console_pages::{club_tabs, loading};
use super::parts;
use crate::components::alert::alert;
use crate::components::empty_state::EmptyState;
use crate::components::page::{Access, Page};
use crate::components::time;
use crate::console::frame::ConsoleFrame;
use crate::i18n;
use anju_types::{ConsoleArea, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NewsAdminPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageClub) content=news_admin /> }
}

fn news_admin(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let save = ServerAction::<SaveNews>::new();
    let list = Resource::new(move || save.version().get(), |_| load_news());
    let projects = Resource::new(|| (), |_| load_project_names());
    let last = move || save.value().get();
    let err = move |field: &'static str| move || parts::field_error(last(), field, lang);
    view! {
        <Title text=i18n::NEWS_TITLE.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Club)>
            <h1>{ConsoleArea::Club.label(lang)}</h1>
            {club_tabs(lang, "/console/club/news")}
            <Transition fallback=loading(lang)>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_NEWS.get(lang) /> }.into_any(),
                        Ok(items) => view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <thead><tr>
                                        <th>{i18n::NEWS_HEADLINE.get(lang)}</th>
                                        <th>{i18n::NEWS_PROJECT.get(lang)}</th>
                                        <th>{i18n::NEWS_MEMBERS_FROM.get(lang)}</th>
                                        <th>{i18n::NEWS_PUBLIC_FROM.get(lang)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|n| view! {
                                            <tr>
                                                <td>{n.title}</td>
                                                <td>{n.project_name}</td>
                                                <td>{time::date(n.members_from)}</td>
                                                <td>{n.public_from.map_or("—".to_owned(), time::date)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
            <section class="card">
                <h2>{i18n::NEWS_NEW.get(lang)}</h2>
                {move || parts::outcome_beside_fields(last(), i18n::NEWS_PUBLISHED, lang)}
                <ActionForm action=save attr:class="form narrow-form">
                    <label for="news-project">{i18n::NEWS_PROJECT.get(lang)}</label>
                    <select id="news-project" name="project_id" required>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                projects.await.unwrap_or_default().into_iter().map(|(id, name)| view! {
                                    <option value=id.to_string()>{name}</option>
                                }).collect_view()
                            })}
                        </Transition>
                    </select>
                    <label for="news-title">{i18n::NEWS_HEADLINE.get(lang)}</label>
                    <input id="news-title" name="title" maxlength="80" required />
                    {err("title")}
                    <label for="news-body">{i18n::NEWS_BODY.get(lang)}</label>
                    <textarea id="news-body" name="body" maxlength="5000" rows="4" required></textarea>
                    {err("body")}
                    <label for="news-members-from">{i18n::NEWS_MEMBERS_FROM.get(lang)}</label>
                    <input id="news-members-from" name="members_from" type="date" required />
                    {err("members_from")}
                    <label for="news-public-from">{i18n::NEWS_PUBLIC_FROM.get(lang)}</label>
                    <input id="news-public-from" name="public_from" type="date" />
                    {err("public_from")}
                    <button type="submit" class="button" disabled=move || save.pending().get()>{i18n::SAVE.get(lang)}</button>
                </ActionForm>
            </section>
        </ConsoleFrame>
    }
    .into_any()
}
