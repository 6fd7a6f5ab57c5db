//! Surveys (满意度调查): questionnaires marketing builds, sends to segments
//! or attaches to ticket revisits, and members answer in the portal — and
//! the four figures Vanke reports, computed from the answers.

use crate::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    /// What kind of answer a question takes.
    pub enum QuestionKind {
        Single = ("single", "单选", "Single choice"),
        Multiple = ("multiple", "多选", "Multiple choice"),
        /// 1 (very dissatisfied) … 5 (very satisfied).
        Scale = ("scale", "1–5 分", "Scale 1–5"),
        /// How likely to recommend, 0–10.
        Nps = ("nps", "推荐值 0–10", "NPS 0–10"),
        Text = ("text", "文字", "Text"),
    }
}

impl QuestionKind {
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multiple)
    }

    /// The answers a number question accepts.
    pub fn range(self) -> Option<(i32, i32)> {
        match self {
            QuestionKind::Scale => Some((1, 5)),
            QuestionKind::Nps => Some((0, 10)),
            _ => None,
        }
    }
}

code_enum! {
    /// What a 1–5 question measures for the four rates.
    pub enum Measure {
        /// 总体满意度: how satisfied overall.
        Satisfaction = ("satisfaction", "总体满意度", "Overall satisfaction"),
        /// 再次购买意愿: would buy from us again.
        Repurchase = ("repurchase", "再次购买意愿", "Would buy again"),
        /// 推荐购买意愿: would recommend us to friends.
        Referral = ("referral", "推荐意愿", "Would recommend"),
    }
}

code_enum! {
    pub enum SurveyStatus {
        /// Being written: questions can change, nobody is invited.
        Draft = ("draft", "草稿", "Draft"),
        /// Sent: members answer; questions are fixed.
        Open = ("open", "进行中", "Open"),
        /// No more answers.
        Closed = ("closed", "已结束", "Closed"),
    }
}

/// Most questions a survey may have.
pub const MAX_QUESTIONS: usize = 30;
/// Most options a choice question may have.
pub const MAX_OPTIONS: usize = 12;

/// A survey's title and introduction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SurveyDraft {
    pub title: String,
    pub intro: String,
    /// Members who close a service ticket are invited to it (one survey
    /// at a time may be the revisit survey).
    pub for_ticket_revisits: bool,
}

/// A question as marketing writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct QuestionDraft {
    pub prompt: String,
    /// `single`, `multiple`, `scale`, `nps`, `text`.
    pub kind: String,
    /// For choice questions: one option per line, 2–12.
    pub options: String,
    pub required: bool,
    /// For 1–5 questions: `satisfaction`, `repurchase`, `referral`, or empty.
    pub measure: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionView {
    pub id: i64,
    pub position: i32,
    pub prompt: String,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    pub required: bool,
    pub measure: Option<Measure>,
}

/// A survey as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyView {
    pub id: i64,
    pub title: String,
    pub intro: String,
    pub status: SurveyStatus,
    pub for_ticket_revisits: bool,
    pub questions: Vec<QuestionView>,
    pub invited: i64,
    pub responses: i64,
    pub created_at: DateTime<Utc>,
}

/// Sending a survey: the segments (codes) whose members are invited.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SurveySend {
    pub segments: Vec<String>,
}

/// What sending did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveySent {
    /// Members newly invited.
    pub invited: i64,
    /// Customers of the segments already invited before.
    pub already_invited: i64,
    /// Customers of the segments without a portal account: they cannot
    /// answer online.
    pub without_account: i64,
}

/// One answer. `value` holds the choice's index (single), the number
/// (scale, NPS) or the text; `choices` the indexes of a multiple choice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AnswerDraft {
    pub question_id: i64,
    pub value: String,
    pub choices: Vec<usize>,
}

/// The answers a portal form posts: `q{id}` holds a question's value,
/// `m{id}_{index}` is present for each ticked option of a multiple choice.
pub fn answers_from_form(fields: &std::collections::HashMap<String, String>) -> Vec<AnswerDraft> {
    let mut by_question: std::collections::BTreeMap<i64, AnswerDraft> = Default::default();
    for (name, value) in fields {
        if let Some(id) = name.strip_prefix('q').and_then(|id| id.parse::<i64>().ok()) {
            by_question.entry(id).or_default().value = value.clone();
        } else if let Some((id, index)) = name
            .strip_prefix('m')
            .and_then(|rest| rest.split_once('_'))
            .and_then(|(id, index)| Some((id.parse::<i64>().ok()?, index.parse::<usize>().ok()?)))
        {
            by_question.entry(id).or_default().choices.push(index);
        }
    }
    by_question
        .into_iter()
        .map(|(question_id, mut a)| {
            a.question_id = question_id;
            a.choices.sort_unstable();
            a
        })
        .collect()
}

/// An invitation as the member sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MySurvey {
    pub invitation_id: i64,
    pub title: String,
    pub intro: String,
    /// The service ticket it follows up, for revisit surveys.
    pub ticket_number: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// Points for answering (the club's survey rule).
    pub points: i64,
    pub open: bool,
}

/// The questionnaire to answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyForm {
    pub survey: MySurvey,
    pub questions: Vec<QuestionView>,
}

/// How one question was answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub question: QuestionView,
    pub answered: i64,
    /// Choice questions: how many picked each option; scale: how many
    /// gave 1…5; NPS: 0…10.
    pub counts: Vec<i64>,
    /// Scale and NPS: the mean × 100 (425 = 4.25).
    pub mean_x100: Option<i64>,
    /// NPS: % promoters (9–10) − % detractors (0–6), −100…100.
    pub nps: Option<i64>,
    /// Text: the latest 20 answers.
    pub texts: Vec<String>,
}

/// The four figures Vanke reports, in basis points of those who answered
/// the questions each needs; absent without any.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VankeRates {
    /// 满意度: 4 or 5 on overall satisfaction.
    pub satisfaction_bp: Option<i64>,
    /// 再购率: 4 or 5 on buying again.
    pub repurchase_bp: Option<i64>,
    /// 推荐率: 4 or 5 on recommending.
    pub referral_bp: Option<i64>,
    /// 忠诚度: 4 or 5 on all three, of those who answered all three.
    pub loyalty_bp: Option<i64>,
    /// Respondents behind each: satisfaction, repurchase, referral, loyalty.
    pub bases: [i64; 4],
}

/// A survey's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResults {
    pub survey: SurveyView,
    /// Responses ÷ invitations, basis points.
    pub response_rate_bp: Option<i64>,
    pub questions: Vec<QuestionResult>,
    pub rates: VankeRates,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posted_form_becomes_one_answer_per_question() {
        let fields: std::collections::HashMap<String, String> = [
            ("q7", "4"),
            ("m9_2", "on"),
            ("m9_0", "on"),
            ("q11", "很好"),
            ("junk", "x"),
            ("m9_x", "on"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let answers = answers_from_form(&fields);
        assert_eq!(
            answers,
            vec![
                AnswerDraft {
                    question_id: 7,
                    value: "4".to_owned(),
                    choices: vec![]
                },
                AnswerDraft {
                    question_id: 9,
                    value: String::new(),
                    choices: vec![0, 2]
                },
                AnswerDraft {
                    question_id: 11,
                    value: "很好".to_owned(),
                    choices: vec![]
                },
            ]
        );
    }
}
