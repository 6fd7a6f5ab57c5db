//! Surveys over REST: marketing builds, sends, closes and reads results;
//! members list their invitations and answer.

use super::club::IdemKey;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::Path;
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::marketing::surveys;
use anju_types::survey::{
    AnswerDraft, MySurvey, QuestionDraft, SurveyDraft, SurveyForm, SurveyResults, SurveySend,
    SurveySent, SurveyView,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// Every survey, newest first, with invitation and response counts.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "marketing", security(("bearer" = [])),
    responses((status = 200, description = "Surveys", body = Vec<SurveyView>),
        (status = 403, description = "Neither marketing nor analytics", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<SurveyView>>, ApiError> {
    Ok(Json(surveys::list(&state.svc.db, &actor).await?))
}

/// Start a questionnaire (a draft).
#[utoipa::path(post, path = "/api/v1/surveys", tag = "marketing", request_body = SurveyDraft, security(("bearer" = [])),
    responses((status = 201, description = "The draft", body = SurveyView),
        (status = 403, description = "Not marketing", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(d): ApiJson<SurveyDraft>,
) -> Result<(StatusCode, Json<SurveyView>), ApiError> {
    let s = surveys::create(&state.svc.db, &actor, &d, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(s)))
}

/// One survey with its questions.
#[utoipa::path(get, path = "/api/v1/surveys/{id}", tag = "marketing", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    responses((status = 200, description = "The survey", body = SurveyView),
        (status = 404, description = "No such survey", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<SurveyView>, ApiError> {
    Ok(Json(surveys::get(&state.svc.db, &actor, id).await?))
}

/// Add a question to a draft.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/questions", tag = "marketing", request_body = QuestionDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    responses((status = 201, description = "The survey with the question", body = SurveyView),
        (status = 409, description = "`survey_not_draft`, `too_many_questions`", body = ErrorBody),
        (status = 422, description = "Invalid fields (`too_few_options`, `measure_needs_scale` …)", body = ErrorBody)))]
pub async fn add_question(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<QuestionDraft>,
) -> Result<(StatusCode, Json<SurveyView>), ApiError> {
    let s = surveys::add_question(&state.svc.db, &actor, id, &d, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(s)))
}

/// Remove a question from a draft.
#[utoipa::path(delete, path = "/api/v1/surveys/{id}/questions/{question_id}", tag = "marketing", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id"), ("question_id" = i64, Path, description = "Question id")),
    responses((status = 200, description = "The survey without it", body = SurveyView),
        (status = 409, description = "`survey_not_draft`", body = ErrorBody)))]
pub async fn remove_question(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, question_id)): Path<(i64, i64)>,
) -> Result<Json<SurveyView>, ApiError> {
    Ok(Json(
        surveys::remove_question(
            &state.svc.db,
            &actor,
            id,
            question_id,
            state.svc.clock.now(),
        )
        .await?,
    ))
}

/// Open the survey and invite the members of these segments (each once).
#[utoipa::path(post, path = "/api/v1/surveys/{id}/send", tag = "marketing", request_body = SurveySend, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    responses((status = 200, description = "Who was invited", body = SurveySent),
        (status = 409, description = "`no_questions`, `survey_closed`", body = ErrorBody),
        (status = 422, description = "`segments`", body = ErrorBody)))]
pub async fn send(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(to): ApiJson<SurveySend>,
) -> Result<Json<SurveySent>, ApiError> {
    Ok(Json(
        surveys::send(&state.svc.db, &actor, id, &to, state.svc.clock.now()).await?,
    ))
}

/// Stop answers.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/close", tag = "marketing", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    responses((status = 200, description = "Closed", body = SurveyView),
        (status = 409, description = "`survey_not_open`", body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<SurveyView>, ApiError> {
    Ok(Json(
        surveys::close(&state.svc.db, &actor, id, state.svc.clock.now()).await?,
    ))
}

/// Answers question by question, the response rate and the four rates.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/results", tag = "marketing", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    responses((status = 200, description = "Results", body = SurveyResults),
        (status = 404, description = "No such survey", body = ErrorBody)))]
pub async fn results(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<SurveyResults>, ApiError> {
    Ok(Json(surveys::results(&state.svc.db, &actor, id).await?))
}

/// The member's surveys: to answer first, then answered.
#[utoipa::path(get, path = "/api/v1/me/surveys", tag = "me", security(("bearer" = [])),
    responses((status = 200, description = "My surveys", body = Vec<MySurvey>)))]
pub async fn mine(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<MySurvey>>, ApiError> {
    Ok(Json(surveys::mine(&state.svc.db, &actor).await?))
}

/// One of my invitations with its questions.
#[utoipa::path(get, path = "/api/v1/me/surveys/{invitation_id}", tag = "me", security(("bearer" = [])),
    params(("invitation_id" = i64, Path, description = "Invitation id")),
    responses((status = 200, description = "The questionnaire", body = SurveyForm),
        (status = 404, description = "Not mine", body = ErrorBody)))]
pub async fn form(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<SurveyForm>, ApiError> {
    Ok(Json(surveys::form(&state.svc.db, &actor, id).await?))
}

/// Answer (once): earns the club's survey points.
#[utoipa::path(post, path = "/api/v1/me/surveys/{invitation_id}/answers", tag = "me", request_body = Vec<AnswerDraft>, security(("bearer" = [])),
    params(("invitation_id" = i64, Path, description = "Invitation id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses((status = 201, description = "Answered", body = MySurvey),
        (status = 404, description = "Not mine", body = ErrorBody),
        (status = 409, description = "`already_answered`, `survey_closed`", body = ErrorBody),
        (status = 422, description = "`answers`: `required`, `invalid_choice`, `out_of_range`, `too_long`", body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdemKey(key): IdemKey,
    Path(id): Path<i64>,
    ApiJson(answers): ApiJson<Vec<AnswerDraft>>,
) -> Result<(StatusCode, Json<MySurvey>), ApiError> {
    let done = surveys::answer(
        &state.svc.db,
        &actor,
        id,
        &answers,
        key.as_ref(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}
