//! Targeted messages (定向消息): one SMS to every customer of a segment who
//! may be contacted — marketing consent given and not contacted too often —
//! with a preview of who is left out and why before anything is sent.

use crate::segment::Segment;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Appended to every marketing SMS that does not already say how to opt
/// out: Chinese rules for commercial SMS require it.
pub const OPT_OUT_SUFFIX: &str = "拒收请回复R";

/// Longest text marketing may write (before the opt-out line).
pub const MAX_BODY_CHARS: usize = 300;

/// `{name}` in the text becomes each customer's name.
pub const NAME_PLACEHOLDER: &str = "{name}";

/// What marketing writes: the segment and the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct BroadcastDraft {
    /// A segment code: `top`, `high`, `middle`, `low`, `potential`,
    /// `watching` or `inactive`.
    pub segment: String,
    /// 1–300 characters; `{name}` is replaced by the customer's name.
    pub body: String,
}

/// The text as customers will receive it, with the opt-out line added
/// when missing.
pub fn final_body(body: &str) -> String {
    let body = body.trim();
    let opts_out = ["退订", "拒收", "回复R", "回R", "回T"]
        .iter()
        .any(|w| body.contains(w));
    if opts_out {
        body.to_owned()
    } else {
        format!("{body} {OPT_OUT_SUFFIX}")
    }
}

/// How many SMS one message takes: 70 characters fit in one, longer texts
/// go in parts of 67 (the carriers' rule for Chinese text).
pub fn sms_parts(text: &str) -> u32 {
    let chars = text.chars().count() as u32;
    if chars <= 70 { 1 } else { chars.div_ceil(67) }
}

/// Why a customer of the segment will not get the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// No marketing consent on record.
    NoConsent,
    /// Already contacted as often as the contact-frequency guard allows.
    ContactedRecently,
}

impl Exclusion {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (Exclusion::NoConsent, crate::Lang::Zh) => "未同意营销联系",
            (Exclusion::NoConsent, crate::Lang::En) => "No marketing consent",
            (Exclusion::ContactedRecently, crate::Lang::Zh) => "近期联系过于频繁",
            (Exclusion::ContactedRecently, crate::Lang::En) => "Contacted too often lately",
        }
    }
}

/// One customer left out, for the preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExcludedCustomer {
    pub name: String,
    /// Masked: `138****0001`.
    pub mobile: String,
    pub reasons: Vec<Exclusion>,
}

/// Who a message to a segment would reach, before sending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BroadcastPreview {
    pub segment: Segment,
    /// Customers in the segment (merged records left out).
    pub total: i64,
    /// Those who would get it.
    pub recipients: i64,
    /// Left out for no consent (some also for the next reason).
    pub no_consent: i64,
    /// Left out for the contact-frequency guard.
    pub contacted_recently: i64,
    /// The guard as set: at most `max_contacts` in `window_days` days.
    pub max_contacts: i64,
    pub window_days: i64,
    /// Up to 20 of those left out, highest value first.
    pub excluded_sample: Vec<ExcludedCustomer>,
    /// The text with the opt-out line, `{name}` shown as is.
    pub final_body: String,
    /// SMS per recipient.
    pub sms_parts: u32,
}

/// A message sent to a segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BroadcastView {
    pub id: i64,
    pub segment: Segment,
    pub body: String,
    /// Messages queued.
    pub recipients: i64,
    /// Customers of the segment left out.
    pub excluded: i64,
    pub sent_by: String,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opt_out_line_is_added_once() {
        assert_eq!(final_body(" 新盘开放 "), "新盘开放 拒收请回复R");
        assert_eq!(final_body("新盘开放，退订回T"), "新盘开放，退订回T");
    }

    #[test]
    fn long_texts_take_parts_of_67() {
        assert_eq!(sms_parts(&"字".repeat(70)), 1);
        assert_eq!(sms_parts(&"字".repeat(71)), 2);
        assert_eq!(sms_parts(&"字".repeat(134)), 2);
        assert_eq!(sms_parts(&"字".repeat(135)), 3);
    }
}
