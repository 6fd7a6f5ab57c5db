//! `/surveys`: the member's questionnaires (问卷调查) — to answer first,
//! then answered; `/surveys/:id` answers one (once) and earns the club's
//! survey points.

use super::nav::PortalNav;
use crate::components::alert::alert;
use crate::components::{
    empty_state::EmptyState,
    page::{Access, Page},
    time,
};
use crate::error::AppError;
use crate::form_post;
use crate::i18n;
use anju_types::survey::{MySurvey, QuestionKind, QuestionView, SurveyForm};
use anju_types::{Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[server(endpoint = "portal/surveys")]
pub async fn load_my_surveys() -> Result<Vec<MySurvey>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::surveys::mine(&svc.db, &actor).await?)
}

#[server(endpoint = "portal/surveys/form")]
pub async fn load_survey_form(invitation_id: i64) -> Result<SurveyForm, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::surveys::form(&svc.db, &actor, invitation_id).await?)
}

/// The answer form as posted: `a[q12]=4`, `a[m13_0]=on` …
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AnswerForm {
    pub invitation_id: i64,
    #[serde(default)]
    pub a: HashMap<String, String>,
}

#[server(endpoint = "portal/surveys/answer")]
pub async fn answer_survey(form: AnswerForm) -> Result<MySurvey, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let answers = anju_types::survey::answers_from_form(&form.a);
    // One answer per invitation: a resubmitted form replays the first.
    let key = anju_domain::idempotency::IdempotencyKey::parse(&format!(
        "survey-answer-{}",
        form.invitation_id
    ))?;
    let done = anju_domain::marketing::surveys::answer(
        &svc.db,
        &actor,
        form.invitation_id,
        &answers,
        Some(&key),
        svc.clock.now(),
    )
    .await?;
    crate::form_post::back_with("answered", form.invitation_id);
    Ok(done)
}

#[component]
pub fn SurveysPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=list_page /> }
}

#[component]
pub fn SurveyPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::UsePortal) content=answer_page /> }
}

fn points_text(points: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("+{points} 积分"),
        Lang::En => format!("+{points} points"),
    }
}

fn list_page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let items = Resource::new(|| (), |_| load_my_surveys());
    view! {
        <Title text=i18n::MY_SURVEYS.get(lang) />
        <div class="portal">
            <PortalNav lang current="/surveys" />
            <main class="portal-main">
                <h1>{i18n::MY_SURVEYS.get(lang)}</h1>
                <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        match items.await {
                            Ok(list) if list.is_empty() => view! { <EmptyState text=i18n::EMPTY_MY_SURVEYS.get(lang) /> }.into_any(),
                            Ok(list) => view! {
                                <ul class="event-list">
                                    {list.into_iter().map(|s| survey_card(s, lang)).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Transition>
            </main>
        </div>
    }
}

fn survey_card(s: MySurvey, lang: Lang) -> impl IntoView {
    let todo = s.answered_at.is_none() && s.open;
    view! {
        <li class="card event">
            <div class="event-head">
                <h2>
                    {if todo {
                        view! { <a href=format!("/surveys/{}", s.invitation_id)>{s.title.clone()}</a> }.into_any()
                    } else {
                        view! { <span>{s.title.clone()}</span> }.into_any()
                    }}
                </h2>
                {if todo {
                    view! { <span class="badge event-waitlisted">{i18n::MY_SURVEYS_TODO.get(lang)}</span> }.into_any()
                } else {
                    view! { <span class="badge event-attended">{i18n::MY_SURVEYS_DONE.get(lang)}</span> }.into_any()
                }}
            </div>
            {s.ticket_number.map(|n| view! { <p class="small muted">{i18n::SURVEY_FOR_TICKET.get(lang)}{n}</p> })}
            {s.answered_at.map(|t| view! { <p class="small muted">{time::date_time(t)}</p> })}
            {(todo && s.points > 0).then(|| view! { <p class="small">{i18n::SURVEY_EARN.get(lang)}" "{points_text(s.points, lang)}</p> })}
        </li>
    }
}

fn answer_page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let submit = ServerAction::<AnswerSurvey>::new();
    let form = Resource::new(id, load_survey_form);
    // Sent back here by the answer's server function.
    let answered = form_post::done()
        .filter(|(what, _)| what == "answered")
        .and_then(|(_, id)| id.parse::<i64>().ok());
    view! {
        <Title text=i18n::MY_SURVEYS.get(lang) />
        <div class="portal">
            <PortalNav lang current="/surveys" />
            <main class="portal-main">
                <p class="muted small"><a href="/surveys">{i18n::MY_SURVEYS.get(lang)}</a>" › "</p>
                // A refusal comes back in the address (see `form_post`).
                {move || submit.value().get().and_then(Result::err).map(|e| view! {
                    <p class="form-error" role="alert">{e.describe(lang)}</p>
                })}
                <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                    {move || Suspend::new(async move {
                        match form.await {
                            Ok(f) => questionnaire(f, submit, answered, lang).into_any(),
                            Err(e) => alert(e.message(lang)),
                        }
                    })}
                </Transition>
            </main>
        </div>
    }
}

fn questionnaire(
    f: SurveyForm,
    submit: ServerAction<AnswerSurvey>,
    answered: Option<i64>,
    lang: Lang,
) -> impl IntoView {
    let s = f.survey;
    let state = if s.answered_at.is_some() {
        Some(i18n::SURVEY_ALREADY)
    } else if !s.open {
        Some(i18n::SURVEY_NOT_OPEN)
    } else {
        None
    };
    let body = match state {
        // Just answered: thanks, and the points it earned.
        Some(_) if answered == Some(s.invitation_id) && s.answered_at.is_some() => view! {
            <div class="notice" role="status">
                <p><strong>{i18n::SURVEY_THANKS.get(lang)}</strong></p>
                {(s.points > 0).then(|| view! { <p data-testid="survey-points">{points_text(s.points, lang)}</p> })}
                <p><a href="/surveys">{i18n::MY_SURVEYS.get(lang)}" ›"</a></p>
            </div>
        }
        .into_any(),
        Some(note) => view! { <p class="notice">{note.get(lang)}</p> }.into_any(),
        None => view! {
            <ActionForm action=submit attr:class="form survey-form">
                <input type="hidden" name="form[invitation_id]" value=s.invitation_id.to_string() />
                {f.questions.into_iter().map(|q| question_field(q, lang)).collect_view()}
                {(s.points > 0).then(|| view! { <p class="small muted">{i18n::SURVEY_EARN.get(lang)}" "{points_text(s.points, lang)}</p> })}
                <button type="submit" class="button">{i18n::SURVEY_SUBMIT.get(lang)}</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <h1>{s.title.clone()}</h1>
        {s.ticket_number.clone().map(|n| view! { <p class="small muted">{i18n::SURVEY_FOR_TICKET.get(lang)}{n}</p> })}
        {(!s.intro.is_empty()).then(|| view! { <p>{s.intro.clone()}</p> })}
        {body}
    }
}

fn question_field(q: QuestionView, lang: Lang) -> impl IntoView {
    let name = format!("form[a][q{}]", q.id);
    let required = q.required;
    let scale = |lo: i32, hi: i32, low: i18n::Tr, high: i18n::Tr| {
        let name = name.clone();
        view! {
            <div class="scale" role="radiogroup">
                <span class="small muted">{low.get(lang)}</span>
                {(lo..=hi).map(|v| view! {
                    <label class="scale-point">
                        <input type="radio" name=name.clone() value=v.to_string() required=required />
                        <span>{v}</span>
                    </label>
                }).collect_view()}
                <span class="small muted">{high.get(lang)}</span>
            </div>
        }
        .into_any()
    };
    let input = match q.kind {
        QuestionKind::Single => q
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                view! {
                    <label class="checkbox">
                        <input type="radio" name=name.clone() value=i.to_string() required=required />
                        {o.clone()}
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        QuestionKind::Multiple => q
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                view! {
                    <label class="checkbox">
                        <input type="checkbox" name=format!("form[a][m{}_{i}]", q.id) />
                        {o.clone()}
                    </label>
                }
            })
            .collect_view()
            .into_any(),
        QuestionKind::Scale => scale(1, 5, i18n::SCALE_LOW, i18n::SCALE_HIGH),
        QuestionKind::Nps => scale(0, 10, i18n::NPS_LOW, i18n::NPS_HIGH),
        QuestionKind::Text => view! {
            <textarea name=name.clone() rows="3" maxlength="1000" required=required></textarea>
        }
        .into_any(),
    };
    view! {
        <fieldset class="question">
            <legend>
                {q.prompt.clone()}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </legend>
            {input}
        </fieldset>
    }
}
