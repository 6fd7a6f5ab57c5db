//! `/console/surveys` (问卷调查): the surveys with their response counts and
//! the form to start one; `/console/surveys/:id`: write the questions of a
//! draft, send it to segments or open it for ticket revisits, close it, and
//! read its results with the four rates and their definitions.

use super::campaigns_page::percent;
use crate::club::parts;
use crate::components::alert::alert;
use crate::components::empty_state::EmptyState;
use crate::components::page::{Access, Page};
use crate::console::frame::ConsoleFrame;
use crate::error::AppError;
use crate::i18n;
use anju_types::segment::Segment;
use anju_types::survey::{
    Measure, QuestionKind, QuestionResult, SurveyResults, SurveySent, SurveyStatus, SurveyView,
    VankeRates,
};
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[server(endpoint = "marketing/surveys")]
pub async fn load_surveys() -> Result<Vec<SurveyView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::surveys::list(&svc.db, &actor).await?)
}

#[server(endpoint = "marketing/surveys/create")]
pub async fn create_survey(
    title: String,
    intro: String,
    revisits: Option<String>,
) -> Result<SurveyView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::survey::SurveyDraft {
        title,
        intro,
        for_ticket_revisits: revisits.is_some(),
    };
    Ok(anju_domain::marketing::surveys::create(&svc.db, &actor, &draft, svc.clock.now()).await?)
}

#[server(endpoint = "marketing/surveys/results")]
pub async fn load_survey(id: i64) -> Result<SurveyResults, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::surveys::results(&svc.db, &actor, id).await?)
}

/// The add-question form as posted (a checkbox is present or absent).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct QuestionForm {
    pub survey_id: i64,
    pub prompt: String,
    pub kind: String,
    #[serde(default)]
    pub options: String,
    #[serde(default)]
    pub required: Option<String>,
    #[serde(default)]
    pub measure: String,
}

#[server(endpoint = "marketing/surveys/questions/add")]
pub async fn add_survey_question(q: QuestionForm) -> Result<SurveyView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::survey::QuestionDraft {
        prompt: q.prompt,
        kind: q.kind,
        options: q.options,
        required: q.required.is_some(),
        measure: q.measure,
    };
    Ok(anju_domain::marketing::surveys::add_question(
        &svc.db,
        &actor,
        q.survey_id,
        &draft,
        svc.clock.now(),
    )
    .await?)
}

#[server(endpoint = "marketing/surveys/questions/remove")]
pub async fn remove_survey_question(
    survey_id: i64,
    question_id: i64,
) -> Result<SurveyView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::surveys::remove_question(
        &svc.db,
        &actor,
        survey_id,
        question_id,
        svc.clock.now(),
    )
    .await?)
}

/// The send form: the survey and the ticked segments (`picked[top]=on`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SendForm {
    pub survey_id: i64,
    #[serde(default)]
    pub picked: HashMap<String, String>,
}

#[server(endpoint = "marketing/surveys/send")]
pub async fn send_survey(send: SendForm) -> Result<SurveySent, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let mut segments: Vec<String> = send.picked.into_keys().collect();
    segments.sort();
    let to = anju_types::survey::SurveySend { segments };
    Ok(
        anju_domain::marketing::surveys::send(
            &svc.db,
            &actor,
            send.survey_id,
            &to,
            svc.clock.now(),
        )
        .await?,
    )
}

#[server(endpoint = "marketing/surveys/close")]
pub async fn close_survey(survey_id: i64) -> Result<SurveyView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::marketing::surveys::close(&svc.db, &actor, survey_id, svc.clock.now()).await?)
}

#[component]
pub fn SurveysPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageMarketing) content=surveys_page /> }
}

#[component]
pub fn SurveyPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ManageMarketing) content=survey_page /> }
}

fn status_badge(status: SurveyStatus, lang: Lang) -> impl IntoView {
    view! { <span class=format!("badge survey-{}", status.as_str())>{status.label(lang)}</span> }
}

fn surveys_page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let create = ServerAction::<CreateSurvey>::new();
    let list = Resource::new(|| (), |_| load_surveys());
    let last = move || create.value().get();
    let err = move |field: &'static str| move || parts::field_error(last(), field, lang);
    // A new survey opens on its own page, to add questions.
    Effect::new(move || {
        if let Some(Ok(s)) = create.value().get() {
            use_navigate()(&format!("/console/surveys/{}", s.id), Default::default());
        }
    });
    view! {
        <Title text=i18n::SURVEYS.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Marketing)>
            <p class="muted small"><a href="/console/marketing">{ConsoleArea::Marketing.label(lang)}</a>" › "</p>
            <h1>{i18n::SURVEYS.get(lang)}</h1>
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_SURVEYS.get(lang) /> }.into_any(),
                        Ok(items) => view! {
                            <div class="table-wrap">
                                <table class="table surveys">
                                    <thead><tr>
                                        <th>{i18n::SURVEY_TITLE.get(lang)}</th>
                                        <th>{i18n::SURVEY_STATUS.get(lang)}</th>
                                        <th class="num">{i18n::SURVEY_QUESTIONS.get(lang)}</th>
                                        <th class="num">{i18n::SURVEY_INVITED.get(lang)}</th>
                                        <th class="num">{i18n::SURVEY_RESPONSES.get(lang)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {items.into_iter().map(|s| view! {
                                            <tr>
                                                <td><a href=format!("/console/surveys/{}", s.id)>{s.title}</a></td>
                                                <td>{status_badge(s.status, lang)}</td>
                                                <td class="num">{s.questions.len()}</td>
                                                <td class="num">{s.invited}</td>
                                                <td class="num">{s.responses}</td>
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
                <h2>{i18n::SURVEY_NEW.get(lang)}</h2>
                {move || parts::outcome_beside_fields(last(), i18n::CAMPAIGN_SAVED, lang)}
                <ActionForm action=create attr:class="form narrow-form">
                    <label for="survey-title">{i18n::SURVEY_TITLE.get(lang)}</label>
                    <input id="survey-title" name="title" maxlength="80" required />
                    {err("title")}
                    <label for="survey-intro">{i18n::SURVEY_INTRO.get(lang)}</label>
                    <textarea id="survey-intro" name="intro" maxlength="1000" rows="2"></textarea>
                    {err("intro")}
                    <label class="checkbox">
                        <input type="checkbox" name="revisits" />
                        {i18n::SURVEY_FOR_REVISITS.get(lang)}
                    </label>
                    <button type="submit" class="button" disabled=move || create.pending().get()>{i18n::SURVEY_CREATE.get(lang)}</button>
                </ActionForm>
            </section>
        </ConsoleFrame>
    }
    .into_any()
}

fn survey_page(info: SessionInfo) -> impl IntoView {
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
            .unwrap_or_default()
    };
    let add = ServerAction::<AddSurveyQuestion>::new();
    let remove = ServerAction::<RemoveSurveyQuestion>::new();
    let send = ServerAction::<SendSurvey>::new();
    let close = ServerAction::<CloseSurvey>::new();
    // Reload only after a change went through: a refused question keeps
    // the form as typed, with the error beside the field.
    let changed = RwSignal::new(0u32);
    let bump = move |ok: bool| {
        if ok {
            changed.update(|n| *n += 1);
        }
    };
    Effect::new(move || bump(matches!(add.value().get(), Some(Ok(_)))));
    Effect::new(move || bump(matches!(remove.value().get(), Some(Ok(_)))));
    Effect::new(move || bump(matches!(send.value().get(), Some(Ok(_)))));
    Effect::new(move || bump(matches!(close.value().get(), Some(Ok(_)))));
    let data = Resource::new(move || (id(), changed.get()), |(id, _)| load_survey(id));
    let actions = SurveyActions {
        add,
        remove,
        send,
        close,
    };
    view! {
        <ConsoleFrame user lang current=Some(ConsoleArea::Marketing)>
            <p class="muted small"><a href="/console/surveys">{i18n::SURVEYS.get(lang)}</a>" › "</p>
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(r) => survey_body(r, actions, lang).into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Transition>
        </ConsoleFrame>
    }
    .into_any()
}

#[derive(Clone, Copy)]
struct SurveyActions {
    add: ServerAction<AddSurveyQuestion>,
    remove: ServerAction<RemoveSurveyQuestion>,
    send: ServerAction<SendSurvey>,
    close: ServerAction<CloseSurvey>,
}

fn survey_body(r: SurveyResults, a: SurveyActions, lang: Lang) -> impl IntoView {
    let s = r.survey.clone();
    let draft = s.status == SurveyStatus::Draft;
    let open = s.status == SurveyStatus::Open;
    let sid = s.id;
    let sent_note = move || {
        a.send.value().get().map(|r| match r {
            Ok(sent) => {
                view! { <p class="notice" role="status">{sent_message(&sent, lang)}</p> }.into_any()
            }
            Err(e) => {
                view! { <p class="form-error" role="alert">{e.describe(lang)}</p> }.into_any()
            }
        })
    };
    view! {
        <Title text=s.title.clone() />
        <h1>{s.title.clone()}" "{status_badge(s.status, lang)}</h1>
        {(!s.intro.is_empty()).then(|| view! { <p class="muted">{s.intro.clone()}</p> })}
        {s.for_ticket_revisits.then(|| view! { <p class="small">"↻ "{i18n::SURVEY_FOR_REVISITS.get(lang)}</p> })}
        {move || parts::outcome(a.close.value().get(), i18n::SURVEY_CLOSED_DONE, lang)}
        {move || parts::outcome(a.remove.value().get(), i18n::QUESTION_REMOVED, lang)}
        <section class="card">
            <h2>{i18n::SURVEY_QUESTIONS.get(lang)}</h2>
            {if s.questions.is_empty() {
                view! { <EmptyState text=i18n::EMPTY_QUESTIONS.get(lang) /> }.into_any()
            } else {
                view! {
                    <ol class="questions">
                        {s.questions.clone().into_iter().map(|q| {
                            let meta = match q.measure {
                                Some(m) => format!("{} · {}", q.kind.label(lang), m.label(lang)),
                                None => q.kind.label(lang).to_owned(),
                            };
                            view! {
                                <li>
                                    <strong>{q.prompt}</strong>
                                    {q.required.then(|| view! { " "<span class="badge">{i18n::QUESTION_REQUIRED.get(lang)}</span> })}
                                    <span class="muted small">" "{meta}</span>
                                    {(!q.options.is_empty()).then(|| view! { <p class="small muted">{q.options.join(" / ")}</p> })}
                                    {draft.then(|| view! {
                                        <ActionForm action=a.remove attr:class="inline-form">
                                            <input type="hidden" name="survey_id" value=sid.to_string() />
                                            <input type="hidden" name="question_id" value=q.id.to_string() />
                                            <button type="submit" class="link-button">{i18n::QUESTION_REMOVE.get(lang)}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {draft.then(|| question_form(s.id, a.add, lang).into_any())}
        </section>
        {(draft || open).then(|| view! {
            <section class="card">
                <h2>{i18n::SURVEY_SEND.get(lang)}</h2>
                <p class="muted small">{i18n::SURVEY_SEND_HINT.get(lang)}</p>
                {sent_note}
                <ActionForm action=a.send attr:class="form">
                    <input type="hidden" name="send[survey_id]" value=s.id.to_string() />
                    <fieldset class="checks">
                        {Segment::ALL.iter().map(|seg| view! {
                            <label class="checkbox">
                                <input type="checkbox" name=format!("send[picked][{}]", seg.as_str()) />
                                {seg.label(lang)}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="button" disabled=move || a.send.pending().get()>
                        {if s.for_ticket_revisits && draft { i18n::SURVEY_OPEN_FOR_REVISITS.get(lang) } else { i18n::SURVEY_SEND_BUTTON.get(lang) }}
                    </button>
                </ActionForm>
                {open.then(|| view! {
                    <ActionForm action=a.close>
                        <input type="hidden" name="survey_id" value=s.id.to_string() />
                        <button type="submit" class="button secondary">{i18n::SURVEY_CLOSE.get(lang)}</button>
                    </ActionForm>
                })}
            </section>
        }.into_any())}
        {(!draft).then(|| results_view(r, lang).into_any())}
    }
}

fn sent_message(sent: &SurveySent, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "已邀请 {} 人（此前已邀请 {} 人，{} 人没有会员账号）",
            sent.invited, sent.already_invited, sent.without_account
        ),
        Lang::En => format!(
            "Invited {} (already invited: {}; without a member account: {})",
            sent.invited, sent.already_invited, sent.without_account
        ),
    }
}

fn question_form(
    survey_id: i64,
    add: ServerAction<AddSurveyQuestion>,
    lang: Lang,
) -> impl IntoView {
    let last = move || add.value().get();
    let err = move |field: &'static str| move || parts::field_error(last(), field, lang);
    view! {
        <h3>{i18n::SURVEY_ADD_QUESTION.get(lang)}</h3>
        {move || parts::outcome_beside_fields(last(), i18n::QUESTION_ADDED, lang)}
        <ActionForm action=add attr:class="form narrow-form">
            <input type="hidden" name="q[survey_id]" value=survey_id.to_string() />
            <label for="question-prompt">{i18n::QUESTION_PROMPT.get(lang)}</label>
            <input id="question-prompt" name="q[prompt]" maxlength="200" required />
            {err("prompt")}
            <label for="question-kind">{i18n::QUESTION_KIND.get(lang)}</label>
            <select id="question-kind" name="q[kind]">
                {QuestionKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.label(lang)}</option> }).collect_view()}
            </select>
            {err("kind")}
            <label for="question-options">{i18n::QUESTION_OPTIONS.get(lang)}</label>
            <textarea id="question-options" name="q[options]" rows="3"></textarea>
            {err("options")}
            <label for="question-measure">{i18n::QUESTION_MEASURE.get(lang)}</label>
            <select id="question-measure" name="q[measure]">
                <option value="">{i18n::QUESTION_MEASURE_NONE.get(lang)}</option>
                {Measure::ALL.iter().map(|m| view! { <option value=m.as_str()>{m.label(lang)}</option> }).collect_view()}
            </select>
            {err("measure")}
            <label class="checkbox">
                <input type="checkbox" name="q[required]" checked=true />
                {i18n::QUESTION_REQUIRED.get(lang)}
            </label>
            <button type="submit" class="button secondary" disabled=move || add.pending().get()>{i18n::SURVEY_ADD_QUESTION.get(lang)}</button>
        </ActionForm>
    }
}

fn results_view(r: SurveyResults, lang: Lang) -> impl IntoView {
    view! {
        <section class="card" data-testid="survey-results">
            <h2>{i18n::SURVEY_RESULTS.get(lang)}</h2>
            <dl class="figures">
                <div><dt>{i18n::SURVEY_INVITED.get(lang)}</dt><dd>{r.survey.invited}</dd></div>
                <div><dt>{i18n::SURVEY_RESPONSES.get(lang)}</dt><dd data-testid="survey-responses">{r.survey.responses}</dd></div>
                <div><dt>{i18n::SURVEY_RESPONSE_RATE.get(lang)}</dt><dd>{percent(r.response_rate_bp)}</dd></div>
            </dl>
            {rates_view(&r.rates, lang).into_any()}
            {r.questions.into_iter().map(|q| question_result(q, lang).into_any()).collect_view()}
        </section>
    }
}

/// The four rates with how each is computed.
pub fn rates_view(rates: &VankeRates, lang: Lang) -> impl IntoView + use<> {
    let rows = [
        (
            i18n::RATE_SATISFACTION,
            i18n::RATE_SATISFACTION_DEF,
            rates.satisfaction_bp,
            rates.bases[0],
            "satisfaction",
        ),
        (
            i18n::RATE_REPURCHASE,
            i18n::RATE_REPURCHASE_DEF,
            rates.repurchase_bp,
            rates.bases[1],
            "repurchase",
        ),
        (
            i18n::RATE_REFERRAL,
            i18n::RATE_REFERRAL_DEF,
            rates.referral_bp,
            rates.bases[2],
            "referral",
        ),
        (
            i18n::RATE_LOYALTY,
            i18n::RATE_LOYALTY_DEF,
            rates.loyalty_bp,
            rates.bases[3],
            "loyalty",
        ),
    ];
    view! {
        <h3>{i18n::VANKE_RATES.get(lang)}</h3>
        <div class="table-wrap">
            <table class="table rates">
                <tbody>
                    {rows.into_iter().map(|(name, def, bp, base, key)| view! {
                        <tr>
                            <th>{name.get(lang)}</th>
                            <td class="num" data-testid=format!("rate-{key}")>{percent(bp)}</td>
                            <td class="small muted">{def.get(lang)}" · "{i18n::RATE_BASE.get(lang)}" "{base}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn question_result(r: QuestionResult, lang: Lang) -> impl IntoView {
    let q = r.question;
    let labels: Vec<String> = match q.kind.range() {
        Some((lo, hi)) => (lo..=hi).map(|v| v.to_string()).collect(),
        None => q.options.clone(),
    };
    let most = r.counts.iter().copied().max().unwrap_or(0).max(1);
    let mean = r.mean_x100.map(|m| format!("{}.{:02}", m / 100, m % 100));
    view! {
        <div class="question-result">
            <h4>{q.prompt}</h4>
            <p class="muted small">
                {i18n::SURVEY_ANSWERED.get(lang)}" "{r.answered}
                {mean.map(|m| view! { " · "{i18n::SURVEY_MEAN.get(lang)}" "{m} })}
                {r.nps.map(|n| view! { " · "<abbr title=i18n::SURVEY_NPS_RULE.get(lang)>{i18n::SURVEY_NPS.get(lang)}</abbr>" "{n} })}
            </p>
            {(!labels.is_empty()).then(|| view! {
                <table class="table bars">
                    <tbody>
                        {labels.into_iter().zip(r.counts.clone()).map(|(label, n)| view! {
                            <tr>
                                <th>{label}</th>
                                <td class="bar-cell"><span class="bar" style=format!("width:{}%", n * 100 / most)></span></td>
                                <td class="num">{n}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!r.texts.is_empty()).then(|| view! {
                <ul class="texts">{r.texts.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            })}
        </div>
    }
}
