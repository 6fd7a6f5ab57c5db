//! Surveys (满意度调查).
//!
//! Marketing writes a questionnaire as a draft (single and multiple choice,
//! 1–5 scales, NPS 0–10, text), then opens it by sending it to segments:
//! every customer of those segments with a portal account is invited once.
//! One open survey may be the **revisit survey**: a member whose service
//! ticket closes is invited to it for that ticket. Questions are fixed once
//! a survey is open, so every answer answers the same question.
//!
//! A member answers once per invitation, earns the club's survey points
//! (`club.survey_points`, once per invitation) and the answer is logged as
//! a `survey` interaction.
//!
//! **The four rates Vanke reports** come from 1–5 questions marked with
//! what they measure. Each is the share of respondents answering 4 or 5:
//! 满意度 on overall satisfaction, 再购率 on buying again, 推荐率 on
//! recommending; 忠诚度 is the share answering 4 or 5 on all three, of
//! those who answered all three (satisfied, would buy again and would
//! recommend: Vanke's loyal customer).

use crate::auth::{self, Actor};
use crate::club::ledger::{self, Movement};
use crate::club::rules;
use crate::db::begin_write;
use crate::entity::{
    customer, customer_segment, interaction, member, survey, survey_answer, survey_invitation,
    survey_question, ticket, user,
};
use crate::error::{FieldError, text_field};
use crate::idempotency::{self, IdempotencyKey};
use crate::marketing::campaigns::ratio_bp;
use crate::{DomainError, audit, business_date, settings};
use anju_types::club::{LedgerKind, PointsReason};
use anju_types::segment::Segment;
use anju_types::survey::{
    AnswerDraft, MAX_OPTIONS, MAX_QUESTIONS, Measure, MySurvey, QuestionDraft, QuestionKind,
    QuestionResult, QuestionView, SurveyDraft, SurveyForm, SurveyResults, SurveySend, SurveySent,
    SurveyStatus, SurveyView, VankeRates,
};
use anju_types::ticket::ticket_number;
use anju_types::{InteractionKind, Permission};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

const TITLE_MAX: usize = 80;
const INTRO_MAX: usize = 1_000;
const PROMPT_MAX: usize = 200;
const OPTION_MAX: usize = 60;
const TEXT_ANSWER_MAX: usize = 1_000;
const TEXTS_SHOWN: u64 = 20;
const BATCH: u64 = 500;
const SEGMENT_SOURCE: &str = "segment";

fn may_read(actor: &Actor) -> Result<(), DomainError> {
    if auth::can(actor, Permission::ManageMarketing) || auth::can(actor, Permission::ViewAnalytics)
    {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

fn status_of(s: &survey::Model) -> SurveyStatus {
    SurveyStatus::parse(&s.status).unwrap_or(SurveyStatus::Closed)
}

/// Starts a questionnaire as a draft.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    d: &SurveyDraft,
    now: DateTime<Utc>,
) -> Result<SurveyView, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    let mut errors = Vec::new();
    let title = text_field(&mut errors, "title", &d.title, TITLE_MAX, true);
    let intro = text_field(&mut errors, "intro", &d.intro, INTRO_MAX, false);
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    let tx = begin_write(db).await?;
    let row = survey::ActiveModel {
        title: Set(title),
        intro: Set(intro),
        status: Set(SurveyStatus::Draft.as_str().to_owned()),
        for_ticket_revisits: Set(d.for_ticket_revisits),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        true,
        ("survey.create", ""),
        "survey",
        row.id,
        d,
    )
    .await?;
    tx.commit().await?;
    view(db, row).await
}

struct ValidQuestion {
    prompt: String,
    kind: QuestionKind,
    options: Vec<String>,
    required: bool,
    measure: Option<Measure>,
}

fn validate_question(d: &QuestionDraft) -> Result<ValidQuestion, DomainError> {
    let mut errors = Vec::new();
    let prompt = text_field(&mut errors, "prompt", &d.prompt, PROMPT_MAX, true);
    let kind = QuestionKind::parse(d.kind.trim());
    if kind.is_none() {
        errors.push(FieldError {
            field: "kind",
            code: "invalid",
        });
    }
    let mut options: Vec<String> = Vec::new();
    if kind.is_some_and(QuestionKind::has_options) {
        for line in d.options.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !options.iter().any(|o| o == line) {
                options.push(line.to_owned());
            }
        }
        let code = if options.len() < 2 {
            Some("too_few_options")
        } else if options.len() > MAX_OPTIONS {
            Some("too_many_options")
        } else if options.iter().any(|o| o.chars().count() > OPTION_MAX) {
            Some("too_long")
        } else {
            None
        };
        if let Some(code) = code {
            errors.push(FieldError {
                field: "options",
                code,
            });
        }
    }
    let measure = match d.measure.trim() {
        "" => None,
        m => match Measure::parse(m) {
            None => {
                errors.push(FieldError {
                    field: "measure",
                    code: "invalid",
                });
                None
            }
            Some(_) if kind.is_some() && kind != Some(QuestionKind::Scale) => {
                errors.push(FieldError {
                    field: "measure",
                    code: "measure_needs_scale",
                });
                None
            }
            m => m,
        },
    };
    match kind {
        Some(kind) if errors.is_empty() => Ok(ValidQuestion {
            prompt,
            kind,
            options,
            required: d.required,
            measure,
        }),
        _ => Err(DomainError::Validation(errors)),
    }
}

/// Reads a survey for a change that only a draft allows.
async fn draft_for_change(
    tx: &impl ConnectionTrait,
    survey_id: i64,
) -> Result<survey::Model, DomainError> {
    let s = survey::Entity::find_by_id(survey_id)
        .one(tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if status_of(&s) != SurveyStatus::Draft {
        return Err(DomainError::Conflict("survey_not_draft"));
    }
    Ok(s)
}

/// Adds a question at the end of a draft.
pub async fn add_question(
    db: &DatabaseConnection,
    actor: &Actor,
    survey_id: i64,
    d: &QuestionDraft,
    now: DateTime<Utc>,
) -> Result<SurveyView, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    let q = validate_question(d)?;
    let tx = begin_write(db).await?;
    let s = draft_for_change(&tx, survey_id).await?;
    let existing = survey_question::Entity::find()
        .filter(survey_question::Column::SurveyId.eq(survey_id))
        .all(&tx)
        .await?;
    if existing.len() >= MAX_QUESTIONS {
        return Err(DomainError::Conflict("too_many_questions"));
    }
    let position = existing.iter().map(|q| q.position).max().unwrap_or(0) + 1;
    survey_question::ActiveModel {
        survey_id: Set(survey_id),
        position: Set(position),
        prompt: Set(q.prompt),
        kind: Set(q.kind.as_str().to_owned()),
        options: Set(serde_json::to_string(&q.options).unwrap_or_else(|_| "[]".to_owned())),
        required: Set(q.required),
        measure: Set(q.measure.map(|m| m.as_str().to_owned())),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let s = touch(&tx, s, now).await?;
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        false,
        ("", "survey.question_add"),
        "survey",
        survey_id,
        d,
    )
    .await?;
    tx.commit().await?;
    view(db, s).await
}

/// Removes a question from a draft.
pub async fn remove_question(
    db: &DatabaseConnection,
    actor: &Actor,
    survey_id: i64,
    question_id: i64,
    now: DateTime<Utc>,
) -> Result<SurveyView, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    let tx = begin_write(db).await?;
    let s = draft_for_change(&tx, survey_id).await?;
    let gone = survey_question::Entity::delete_many()
        .filter(survey_question::Column::Id.eq(question_id))
        .filter(survey_question::Column::SurveyId.eq(survey_id))
        .exec(&tx)
        .await?;
    if gone.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    let s = touch(&tx, s, now).await?;
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        false,
        ("", "survey.question_remove"),
        "survey",
        survey_id,
        &question_id,
    )
    .await?;
    tx.commit().await?;
    view(db, s).await
}

async fn touch(
    tx: &impl ConnectionTrait,
    s: survey::Model,
    now: DateTime<Utc>,
) -> Result<survey::Model, DomainError> {
    let mut am = s.into_active_model();
    am.updated_at = Set(now);
    Ok(am.update(tx).await?)
}

/// Opens the survey (a draft) or keeps it open, and invites the members of
/// the segments who were not invited yet. With no segments it just opens
/// a revisit survey.
pub async fn send(
    db: &DatabaseConnection,
    actor: &Actor,
    survey_id: i64,
    to: &SurveySend,
    now: DateTime<Utc>,
) -> Result<SurveySent, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    let mut segments = Vec::new();
    for code in &to.segments {
        match Segment::parse(code.trim()) {
            Some(s) if !segments.contains(&s) => segments.push(s),
            Some(_) => {}
            None => return Err(DomainError::field("segments", "invalid")),
        }
    }
    let tx = begin_write(db).await?;
    let s = survey::Entity::find_by_id(survey_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if status_of(&s) == SurveyStatus::Closed {
        return Err(DomainError::Conflict("survey_closed"));
    }
    if segments.is_empty() && !s.for_ticket_revisits {
        return Err(DomainError::field("segments", "required"));
    }
    let questions = survey_question::Entity::find()
        .filter(survey_question::Column::SurveyId.eq(survey_id))
        .count(&tx)
        .await?;
    if questions == 0 {
        return Err(DomainError::Conflict("no_questions"));
    }
    if status_of(&s) == SurveyStatus::Draft {
        if s.for_ticket_revisits {
            // The newest revisit survey takes over from the one before.
            survey::Entity::update_many()
                .col_expr(survey::Column::ForTicketRevisits, Expr::value(false))
                .filter(survey::Column::ForTicketRevisits.eq(true))
                .filter(survey::Column::Id.ne(survey_id))
                .exec(&tx)
                .await?;
        }
        survey::Entity::update_many()
            .col_expr(
                survey::Column::Status,
                Expr::value(SurveyStatus::Open.as_str()),
            )
            .col_expr(survey::Column::UpdatedAt, Expr::value(now))
            .filter(survey::Column::Id.eq(survey_id))
            .exec(&tx)
            .await?;
    }
    let codes: Vec<&str> = segments.iter().map(|s| s.as_str()).collect();
    let in_segments = || {
        customer_segment::Entity::find()
            .join(
                sea_orm::JoinType::InnerJoin,
                customer_segment::Entity::belongs_to(customer::Entity)
                    .from(customer_segment::Column::CustomerId)
                    .to(customer::Column::Id)
                    .into(),
            )
            .filter(customer_segment::Column::Segment.is_in(codes.clone()))
            .filter(customer::Column::MergedIntoId.is_null())
    };
    let total = in_segments().count(&tx).await? as i64;
    let with_account = || {
        in_segments().filter(
            customer_segment::Column::CustomerId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(user::Column::CustomerId)
                    .from(user::Entity)
                    .and_where(user::Column::CustomerId.is_not_null())
                    .and_where(user::Column::Active.eq(true))
                    .to_owned(),
            ),
        )
    };
    let reachable = with_account().count(&tx).await? as i64;
    let mut invited = 0i64;
    let mut after = 0i64;
    loop {
        let batch: Vec<i64> = with_account()
            .select_only()
            .column(customer_segment::Column::CustomerId)
            .filter(customer_segment::Column::CustomerId.gt(after))
            .order_by_asc(customer_segment::Column::CustomerId)
            .limit(BATCH)
            .into_tuple()
            .all(&tx)
            .await?;
        let Some(last) = batch.last() else { break };
        after = *last;
        invited += invite(&tx, survey_id, &batch, SEGMENT_SOURCE, None, now).await?;
    }
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        false,
        ("", "survey.send"),
        "survey",
        survey_id,
        to,
    )
    .await?;
    tx.commit().await?;
    Ok(SurveySent {
        invited,
        already_invited: reachable - invited,
        without_account: total - reachable,
    })
}

/// Invites customers once per source; the number newly invited.
async fn invite(
    tx: &impl ConnectionTrait,
    survey_id: i64,
    customers: &[i64],
    source_key: &str,
    ticket_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let inserted = survey_invitation::Entity::insert_many(customers.iter().map(|c| {
        survey_invitation::ActiveModel {
            survey_id: Set(survey_id),
            customer_id: Set(*c),
            source_key: Set(source_key.to_owned()),
            ticket_id: Set(ticket_id),
            created_at: Set(now),
            answered_at: Set(None),
            ..Default::default()
        }
    }))
    .on_conflict(
        OnConflict::columns([
            survey_invitation::Column::SurveyId,
            survey_invitation::Column::CustomerId,
            survey_invitation::Column::SourceKey,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx)
    .await?;
    Ok(inserted as i64)
}

/// Called in the transaction that closes a ticket: invites its customer to
/// the revisit survey, if one is open and they have a portal account.
pub async fn invite_after_ticket(
    tx: &impl ConnectionTrait,
    t: &ticket::Model,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let Some(s) = survey::Entity::find()
        .filter(survey::Column::ForTicketRevisits.eq(true))
        .filter(survey::Column::Status.eq(SurveyStatus::Open.as_str()))
        .one(tx)
        .await?
    else {
        return Ok(());
    };
    let has_account = user::Entity::find()
        .filter(user::Column::CustomerId.eq(t.customer_id))
        .filter(user::Column::Active.eq(true))
        .count(tx)
        .await?
        > 0;
    if has_account {
        let source = format!("ticket:{}", t.id);
        invite(tx, s.id, &[t.customer_id], &source, Some(t.id), now).await?;
    }
    Ok(())
}

/// Stops answers.
pub async fn close(
    db: &DatabaseConnection,
    actor: &Actor,
    survey_id: i64,
    now: DateTime<Utc>,
) -> Result<SurveyView, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    let tx = begin_write(db).await?;
    let s = survey::Entity::find_by_id(survey_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if status_of(&s) != SurveyStatus::Open {
        return Err(DomainError::Conflict("survey_not_open"));
    }
    let mut am = s.into_active_model();
    am.status = Set(SurveyStatus::Closed.as_str().to_owned());
    am.for_ticket_revisits = Set(false);
    am.updated_at = Set(now);
    let s = am.update(&tx).await?;
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        false,
        ("", "survey.close"),
        "survey",
        survey_id,
        &(),
    )
    .await?;
    tx.commit().await?;
    view(db, s).await
}

fn question_view(q: survey_question::Model) -> Option<QuestionView> {
    Some(QuestionView {
        id: q.id,
        position: q.position,
        prompt: q.prompt,
        kind: QuestionKind::parse(&q.kind)?,
        options: serde_json::from_str(&q.options).unwrap_or_default(),
        required: q.required,
        measure: q.measure.as_deref().and_then(Measure::parse),
    })
}

async fn questions_of(
    db: &impl ConnectionTrait,
    survey_id: i64,
) -> Result<Vec<QuestionView>, DomainError> {
    Ok(survey_question::Entity::find()
        .filter(survey_question::Column::SurveyId.eq(survey_id))
        .order_by_asc(survey_question::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter_map(question_view)
        .collect())
}

async fn view(db: &impl ConnectionTrait, s: survey::Model) -> Result<SurveyView, DomainError> {
    let invitations =
        || survey_invitation::Entity::find().filter(survey_invitation::Column::SurveyId.eq(s.id));
    Ok(SurveyView {
        invited: invitations().count(db).await? as i64,
        responses: invitations()
            .filter(survey_invitation::Column::AnsweredAt.is_not_null())
            .count(db)
            .await? as i64,
        questions: questions_of(db, s.id).await?,
        status: status_of(&s),
        id: s.id,
        title: s.title,
        intro: s.intro,
        for_ticket_revisits: s.for_ticket_revisits,
        created_at: s.created_at,
    })
}

/// Every survey, newest first.
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<SurveyView>, DomainError> {
    may_read(actor)?;
    let rows = survey::Entity::find()
        .order_by_desc(survey::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for s in rows {
        out.push(view(db, s).await?);
    }
    Ok(out)
}

pub async fn get(
    db: &DatabaseConnection,
    actor: &Actor,
    survey_id: i64,
) -> Result<SurveyView, DomainError> {
    may_read(actor)?;
    let s = survey::Entity::find_by_id(survey_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    view(db, s).await
}

/// A survey's answers, question by question, and its four rates.
pub async fn results(
    db: &DatabaseConnection,
    actor: &Actor,
    survey_id: i64,
) -> Result<SurveyResults, DomainError> {
    let survey = get(db, actor, survey_id).await?;
    let ids: Vec<i64> = survey.questions.iter().map(|q| q.id).collect();
    // (question, value, choices, how many)
    let grouped: Vec<(i64, Option<i32>, Option<String>, i64)> = survey_answer::Entity::find()
        .select_only()
        .column(survey_answer::Column::QuestionId)
        .column(survey_answer::Column::ValueInt)
        .column(survey_answer::Column::Choices)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .filter(survey_answer::Column::QuestionId.is_in(ids.clone()))
        .filter(survey_answer::Column::Text.is_null())
        .group_by(survey_answer::Column::QuestionId)
        .group_by(survey_answer::Column::ValueInt)
        .group_by(survey_answer::Column::Choices)
        .into_tuple()
        .all(db)
        .await?;
    let mut questions = Vec::with_capacity(survey.questions.len());
    for q in &survey.questions {
        let rows = grouped.iter().filter(|r| r.0 == q.id);
        let slots = match q.kind.range() {
            Some((lo, hi)) => (hi - lo + 1) as usize,
            None => q.options.len(),
        };
        let mut counts = vec![0i64; slots];
        let mut answered = 0i64;
        let (mut sum, mut promoters, mut detractors) = (0i64, 0i64, 0i64);
        for (_, value, choices, n) in rows {
            answered += n;
            let lo = q.kind.range().map_or(0, |r| r.0);
            if let Some(v) = value {
                if let Some(slot) = counts.get_mut((v - lo) as usize) {
                    *slot += n;
                }
                sum += i64::from(*v) * n;
                if q.kind == QuestionKind::Nps {
                    if *v >= 9 {
                        promoters += n;
                    } else if *v <= 6 {
                        detractors += n;
                    }
                }
            }
            for i in choices.iter().flat_map(|c| c.split(',')) {
                if let Some(slot) = i.parse::<usize>().ok().and_then(|i| counts.get_mut(i)) {
                    *slot += n;
                }
            }
        }
        let texts = if q.kind == QuestionKind::Text {
            let rows: Vec<Option<String>> = survey_answer::Entity::find()
                .select_only()
                .column(survey_answer::Column::Text)
                .filter(survey_answer::Column::QuestionId.eq(q.id))
                .filter(survey_answer::Column::Text.is_not_null())
                .order_by_desc(survey_answer::Column::Id)
                .limit(TEXTS_SHOWN)
                .into_tuple()
                .all(db)
                .await?;
            answered = survey_answer::Entity::find()
                .filter(survey_answer::Column::QuestionId.eq(q.id))
                .filter(survey_answer::Column::Text.is_not_null())
                .count(db)
                .await? as i64;
            rows.into_iter().flatten().collect()
        } else {
            Vec::new()
        };
        let numeric = q.kind.range().is_some() && answered > 0;
        questions.push(QuestionResult {
            question: q.clone(),
            answered,
            counts,
            mean_x100: numeric.then(|| (sum * 100 + answered / 2) / answered),
            nps: (q.kind == QuestionKind::Nps && answered > 0)
                .then(|| ((promoters - detractors) * 100 + answered / 2).div_euclid(answered)),
            texts,
        });
    }
    Ok(SurveyResults {
        response_rate_bp: ratio_bp(survey.responses, survey.invited),
        rates: vanke_rates(db, Some(survey_id)).await?,
        questions,
        survey,
    })
}

/// The four rates over one survey's answers, or every survey's.
pub async fn vanke_rates(
    db: &impl ConnectionTrait,
    survey_id: Option<i64>,
) -> Result<VankeRates, DomainError> {
    let mut q = survey_answer::Entity::find()
        .select_only()
        .column(survey_answer::Column::InvitationId)
        .column(survey_question::Column::Measure)
        .column(survey_answer::Column::ValueInt)
        .join(
            sea_orm::JoinType::InnerJoin,
            survey_answer::Entity::belongs_to(survey_question::Entity)
                .from(survey_answer::Column::QuestionId)
                .to(survey_question::Column::Id)
                .into(),
        )
        .filter(survey_question::Column::Measure.is_not_null())
        .filter(survey_answer::Column::ValueInt.is_not_null())
        .order_by_asc(survey_question::Column::Position);
    if let Some(id) = survey_id {
        q = q.filter(survey_question::Column::SurveyId.eq(id));
    }
    let rows: Vec<(i64, String, i32)> = q.into_tuple().all(db).await?;
    // Per respondent: the first answer to each measure.
    let mut by_invitation: HashMap<i64, [Option<bool>; 3]> = HashMap::new();
    for (invitation, measure, value) in rows {
        let slot = match Measure::parse(&measure) {
            Some(Measure::Satisfaction) => 0,
            Some(Measure::Repurchase) => 1,
            Some(Measure::Referral) => 2,
            None => continue,
        };
        let entry = by_invitation.entry(invitation).or_default();
        entry[slot].get_or_insert(value >= 4);
    }
    Ok(rates_from(by_invitation.values()))
}

/// The four rates from each respondent's answers to the three measures
/// (`Some(true)`: 4 or 5).
pub fn rates_from<'a>(respondents: impl Iterator<Item = &'a [Option<bool>; 3]>) -> VankeRates {
    let mut yes = [0i64; 4];
    let mut bases = [0i64; 4];
    for r in respondents {
        for (i, answer) in r.iter().enumerate() {
            if let Some(positive) = answer {
                bases[i] += 1;
                yes[i] += i64::from(*positive);
            }
        }
        if let [Some(a), Some(b), Some(c)] = r {
            bases[3] += 1;
            yes[3] += i64::from(*a && *b && *c);
        }
    }
    VankeRates {
        satisfaction_bp: ratio_bp(yes[0], bases[0]),
        repurchase_bp: ratio_bp(yes[1], bases[1]),
        referral_bp: ratio_bp(yes[2], bases[2]),
        loyalty_bp: ratio_bp(yes[3], bases[3]),
        bases,
    }
}

// The member's side.

async fn my_view(
    db: &impl ConnectionTrait,
    inv: &survey_invitation::Model,
    s: &survey::Model,
    points: i64,
) -> Result<MySurvey, DomainError> {
    let number = match inv.ticket_id {
        Some(id) => ticket::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|t| ticket_number(business_date(t.created_at).year(), t.id)),
        None => None,
    };
    Ok(MySurvey {
        invitation_id: inv.id,
        title: s.title.clone(),
        intro: s.intro.clone(),
        ticket_number: number,
        answered_at: inv.answered_at,
        points,
        open: status_of(s) == SurveyStatus::Open,
    })
}

/// The survey points this customer would earn: the rule's, for members.
async fn points_for(db: &impl ConnectionTrait, customer_id: i64) -> Result<i64, DomainError> {
    let is_member = member::Entity::find()
        .filter(member::Column::CustomerId.eq(customer_id))
        .count(db)
        .await?
        > 0;
    Ok(if is_member {
        settings::get_int(db, rules::SURVEY_POINTS).await?
    } else {
        0
    })
}

fn me(actor: &Actor) -> Result<i64, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    actor.customer_id.ok_or(DomainError::NotFound)
}

/// The member's surveys: still to answer (open ones) first, then answered.
pub async fn mine(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<MySurvey>, DomainError> {
    let customer_id = me(actor)?;
    let rows = survey_invitation::Entity::find()
        .filter(survey_invitation::Column::CustomerId.eq(customer_id))
        .order_by_desc(survey_invitation::Column::Id)
        .all(db)
        .await?;
    let surveys: HashMap<i64, survey::Model> = survey::Entity::find()
        .filter(survey::Column::Id.is_in(rows.iter().map(|r| r.survey_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let points = points_for(db, customer_id).await?;
    let mut out = Vec::new();
    for inv in rows {
        let Some(s) = surveys.get(&inv.survey_id) else {
            continue;
        };
        if inv.answered_at.is_some() || status_of(s) == SurveyStatus::Open {
            out.push(my_view(db, &inv, s, points).await?);
        }
    }
    out.sort_by_key(|m| m.answered_at.is_some());
    Ok(out)
}

async fn my_invitation(
    db: &impl ConnectionTrait,
    actor: &Actor,
    invitation_id: i64,
) -> Result<(survey_invitation::Model, survey::Model), DomainError> {
    let customer_id = me(actor)?;
    let inv = survey_invitation::Entity::find_by_id(invitation_id)
        .filter(survey_invitation::Column::CustomerId.eq(customer_id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let s = survey::Entity::find_by_id(inv.survey_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((inv, s))
}

/// The questionnaire behind one of the member's invitations.
pub async fn form(
    db: &DatabaseConnection,
    actor: &Actor,
    invitation_id: i64,
) -> Result<SurveyForm, DomainError> {
    let (inv, s) = my_invitation(db, actor, invitation_id).await?;
    let points = points_for(db, inv.customer_id).await?;
    Ok(SurveyForm {
        survey: my_view(db, &inv, &s, points).await?,
        questions: questions_of(db, s.id).await?,
    })
}

/// An answer as stored: `(value_int, choices, text)`.
type Stored = (Option<i32>, Option<String>, Option<String>);

/// Checks one answer against its question; `None` when left blank.
fn check_answer(q: &QuestionView, a: Option<&AnswerDraft>) -> Result<Option<Stored>, &'static str> {
    let value = a.map_or("", |a| a.value.trim());
    let blank = match q.kind {
        QuestionKind::Multiple => a.is_none_or(|a| a.choices.is_empty()),
        _ => value.is_empty(),
    };
    if blank {
        return if q.required {
            Err("required")
        } else {
            Ok(None)
        };
    }
    match q.kind {
        QuestionKind::Single => match value.parse::<usize>() {
            Ok(i) if i < q.options.len() => Ok(Some((Some(i as i32), None, None))),
            _ => Err("invalid_choice"),
        },
        QuestionKind::Multiple => {
            let mut picked: Vec<usize> = a.map(|a| a.choices.clone()).unwrap_or_default();
            picked.sort_unstable();
            picked.dedup();
            if picked.iter().any(|i| *i >= q.options.len()) {
                return Err("invalid_choice");
            }
            let joined = picked
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",");
            Ok(Some((None, Some(joined), None)))
        }
        QuestionKind::Scale | QuestionKind::Nps => {
            let (lo, hi) = q.kind.range().unwrap_or((0, 0));
            match value.parse::<i32>() {
                Ok(v) if (lo..=hi).contains(&v) => Ok(Some((Some(v), None, None))),
                _ => Err("out_of_range"),
            }
        }
        QuestionKind::Text => {
            if value.chars().count() > TEXT_ANSWER_MAX {
                Err("too_long")
            } else {
                Ok(Some((None, None, Some(value.to_owned()))))
            }
        }
    }
}

/// The member answers: once per invitation, while the survey is open.
/// Earns the survey points (members) and logs a `survey` interaction. A
/// retry with the same key returns the first result; without one, a
/// second answer is `already_answered`.
pub async fn answer(
    db: &DatabaseConnection,
    actor: &Actor,
    invitation_id: i64,
    answers: &[AnswerDraft],
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<MySurvey, DomainError> {
    let (inv, s) = my_invitation(db, actor, invitation_id).await?;
    let questions = questions_of(db, s.id).await?;
    let mut stored = Vec::new();
    let mut problem = None;
    for q in &questions {
        let given = answers.iter().find(|a| a.question_id == q.id);
        match check_answer(q, given) {
            Ok(Some(v)) => stored.push((q.id, v)),
            Ok(None) => {}
            Err(code) => {
                problem.get_or_insert(code);
            }
        }
    }
    let fingerprint = idempotency::fingerprint("survey.answer", &(invitation_id, answers));
    let tx = begin_write(db).await?;
    if let Some(done) = idempotency::replay(&tx, actor.user_id, key, &fingerprint).await? {
        return Ok(done);
    }
    if status_of(&s) != SurveyStatus::Open {
        return Err(DomainError::Conflict("survey_closed"));
    }
    if let Some(code) = problem {
        return Err(DomainError::field("answers", code));
    }
    let claimed = survey_invitation::Entity::update_many()
        .col_expr(survey_invitation::Column::AnsweredAt, Expr::value(now))
        .filter(survey_invitation::Column::Id.eq(inv.id))
        .filter(survey_invitation::Column::AnsweredAt.is_null())
        .exec(&tx)
        .await?;
    if claimed.rows_affected == 0 {
        return Err(DomainError::Conflict("already_answered"));
    }
    if !stored.is_empty() {
        survey_answer::Entity::insert_many(stored.into_iter().map(
            |(question_id, (value_int, choices, text))| survey_answer::ActiveModel {
                invitation_id: Set(inv.id),
                question_id: Set(question_id),
                value_int: Set(value_int),
                choices: Set(choices),
                text: Set(text),
                ..Default::default()
            },
        ))
        .exec_without_returning(&tx)
        .await?;
    }
    let points = points_for(&tx, inv.customer_id).await?;
    if points > 0 {
        let membership = member::Entity::find()
            .filter(member::Column::CustomerId.eq(inv.customer_id))
            .one(&tx)
            .await?
            .ok_or(DomainError::NotFound)?;
        ledger::lock_member(&tx, membership.id, now).await?;
        let movement = Movement::new(LedgerKind::Earn, PointsReason::Survey, points)
            .source(s.title.clone())
            .dedupe(format!("survey:{}", inv.id));
        if ledger::find_by_dedupe(&tx, membership.id, &format!("survey:{}", inv.id))
            .await?
            .is_none()
        {
            ledger::credit(&tx, membership.id, movement, now).await?;
        }
    }
    interaction::ActiveModel {
        customer_id: Set(inv.customer_id),
        kind: Set(InteractionKind::Survey.as_str().to_owned()),
        occurred_at: Set(now),
        staff_user_id: Set(None),
        notes: Set(s.title.clone()),
        next_follow_up_on: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let answered = survey_invitation::Model {
        answered_at: Some(now),
        ..inv
    };
    let result = my_view(&tx, &answered, &s, points).await?;
    idempotency::remember(&tx, actor.user_id, key, &fingerprint, &result, now).await?;
    tx.commit().await?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loyalty_needs_all_three_and_each_rate_its_own_base() {
        let t = Some(true);
        let f = Some(false);
        let respondents = [
            [t, t, t], // loyal
            [t, f, t], // satisfied, would not buy again
            [t, t, None],
            [f, None, t],
        ];
        let r = rates_from(respondents.iter());
        assert_eq!(r.bases, [4, 3, 3, 2]);
        assert_eq!(r.satisfaction_bp, Some(7_500));
        assert_eq!(r.repurchase_bp, Some(6_667));
        assert_eq!(r.referral_bp, Some(10_000));
        assert_eq!(r.loyalty_bp, Some(5_000));
        assert_eq!(rates_from([].iter()), VankeRates::default());
    }
}
