use super::api::{CreateKbArticle, UpdateKbArticle, kb_article, kb_draft_from_ticket, kb_search};
use crate::components::alert::alert;
use crate::components::empty_state::EmptyState;
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::error::{AppError, field_message};
use crate::i18n;
use anju_types::kb::KbArticleDraft;
use anju_types::ticket::TICKET_CATEGORIES;
use anju_types::{ConsoleArea, KbSection, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/console/kb`: every article, drafts included, for agents to keep up.
#[component]
pub fn KbListPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::HandleTickets) content=list /> }
}

/// `/console/kb/new` (`?ticket=ID` starts from that ticket's resolution).
#[component]
pub fn KbNewPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::HandleTickets) content=new_article /> }
}

/// `/console/kb/:id`: edit an article.
#[component]
pub fn KbEditPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::HandleTickets) content=edit_article /> }
}

fn list(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let articles = Resource::new(|| (), |_| kb_search(None, None));
    view! {
        <Title text=i18n::KB_TITLE.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::ServiceDesk)>
            <h1>{i18n::KB_TITLE.get(lang)}</h1>
            <p><a class="button" href="/console/kb/new">{i18n::KB_NEW.get(lang)}</a></p>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match articles.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::KB_EMPTY.get(lang) /> }.into_any(),
                        Ok(items) => view! {
                            <ul class="kb-list">
                                {items.into_iter().map(|a| view! {
                                    <li class="card">
                                        <a href=format!("/console/kb/{}", a.id)><strong>{a.title}</strong></a>
                                        " "<span class="badge">{a.section.label(lang)}</span>
                                        {(!a.published).then(|| view! { " "<span class="badge internal">{i18n::KB_DRAFT.get(lang)}</span> })}
                                        <p class="muted small">{a.excerpt}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

fn new_article(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let query = use_query_map();
    let ticket = move || {
        query
            .read()
            .get("ticket")
            .and_then(|t| t.parse::<i64>().ok())
    };
    let draft = Resource::new(ticket, |ticket| async move {
        match ticket {
            Some(t) => kb_draft_from_ticket(t).await,
            None => Ok(KbArticleDraft {
                section: KbSection::Faq.as_str().to_owned(),
                ..Default::default()
            }),
        }
    });
    view! {
        <Title text=i18n::KB_NEW.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::ServiceDesk)>
            <p><a href="/console/kb">"‹ "{i18n::KB_TITLE.get(lang)}</a></p>
            <h1>{i18n::KB_NEW.get(lang)}</h1>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match draft.await {
                        Ok(d) => article_form(d, None, lang).into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

fn edit_article(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let article = Resource::new(id, kb_article);
    view! {
        <Title text=i18n::KB_EDIT.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::ServiceDesk)>
            <p><a href="/console/kb">"‹ "{i18n::KB_TITLE.get(lang)}</a></p>
            <h1>{i18n::KB_EDIT.get(lang)}</h1>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match article.await {
                        Ok(a) => {
                            let id = a.id;
                            let draft = KbArticleDraft {
                                section: a.section.as_str().to_owned(),
                                ticket_category: a.ticket_category,
                                title: a.title,
                                body: a.body,
                                keywords: a.keywords.join("、"),
                                published: a.published,
                                source_ticket_id: a.source_ticket_id,
                            };
                            article_form(draft, Some(id), lang).into_any()
                        }
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

/// The article form: a new article, or the edit of article `id`.
fn article_form(d: KbArticleDraft, id: Option<i64>, lang: Lang) -> AnyView {
    match id {
        Some(id) => {
            let save = ServerAction::<UpdateKbArticle>::new();
            let error = Signal::derive(move || save.value().get().and_then(Result::err));
            view! {
                <ActionForm action=save attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    {fields(d, error, save.pending().into(), lang)}
                </ActionForm>
            }
            .into_any()
        }
        None => {
            let save = ServerAction::<CreateKbArticle>::new();
            let error = Signal::derive(move || save.value().get().and_then(Result::err));
            let source = d.source_ticket_id;
            view! {
                <ActionForm action=save attr:class="form">
                    {source.map(|t| view! {
                        <input type="hidden" name="source_ticket_id" value=t.to_string() />
                        <p class="muted small">{i18n::KB_SOURCE_TICKET.get(lang)}": "<a href=format!("/console/tickets/{t}")>{t.to_string()}</a></p>
                    })}
                    {fields(d, error, save.pending().into(), lang)}
                </ActionForm>
            }
            .into_any()
        }
    }
}

fn fields(
    d: KbArticleDraft,
    error: Signal<Option<AppError>>,
    pending: Signal<bool>,
    lang: Lang,
) -> impl IntoView {
    let field_error = move |field: &'static str| {
        move || {
            error.get().and_then(|e| {
                let code = e.field(field)?.to_owned();
                Some(view! { <p class="field-error">{field_message(&code, lang)}</p> })
            })
        }
    };
    let category = d.ticket_category.clone().unwrap_or_default();
    view! {
        <label for="section">{i18n::KB_SECTION.get(lang)}</label>
        <select id="section" name="section">
            {KbSection::ALL.iter().map(|s| view! {
                <option value=s.as_str() selected=d.section == s.as_str()>{s.label(lang)}</option>
            }).collect_view()}
        </select>
        {field_error("section")}
        <label for="ticket_category">{i18n::KB_CATEGORY.get(lang)}</label>
        <select id="ticket_category" name="ticket_category">
            <option value="">{i18n::KB_NONE.get(lang)}</option>
            {TICKET_CATEGORIES.iter().map(|(kind, code, zh, en)| view! {
                <option value=*code selected=category == *code>
                    {kind.label(lang)}" · "{if lang == Lang::Zh { *zh } else { *en }}
                </option>
            }).collect_view()}
        </select>
        {field_error("ticket_category")}
        <label for="title">{i18n::KB_ARTICLE_TITLE.get(lang)}</label>
        <input id="title" name="title" maxlength="120" required value=d.title />
        {field_error("title")}
        <label for="body">{i18n::KB_BODY.get(lang)}</label>
        <textarea id="body" name="body" rows="10" required>{crate::html_text::server_escaped(d.body)}</textarea>
        {field_error("body")}
        <label for="keywords">{i18n::KB_KEYWORDS.get(lang)}</label>
        <input id="keywords" name="keywords" maxlength="200" value=d.keywords />
        {field_error("keywords")}
        <label class="check"><input type="checkbox" name="published" checked=d.published />{i18n::KB_PUBLISHED.get(lang)}</label>
        <button type="submit" class="button" disabled=move || pending.get()>{i18n::KB_SAVE.get(lang)}</button>
    }
}
