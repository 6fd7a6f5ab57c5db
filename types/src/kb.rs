//! The knowledge base (知识库): 常见问题 and 新业主须知 articles members read
//! and search, suggested while they open a request; agents write them, often
//! from a ticket's resolution.

use crate::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    pub enum KbSection {
        Faq = ("faq", "常见问题", "FAQ"),
        NewOwner = ("new_owner", "新业主须知", "For new owners"),
    }
}

/// An article in a list or a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbArticleSummary {
    pub id: i64,
    pub section: KbSection,
    pub title: String,
    /// The first lines of the body.
    pub excerpt: String,
    /// Staff lists also show drafts.
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KbArticleView {
    pub id: i64,
    pub section: KbSection,
    /// A code from the ticket category tree, when it answers one.
    pub ticket_category: Option<String>,
    pub title: String,
    pub body: String,
    pub keywords: Vec<String>,
    pub published: bool,
    /// The ticket it was written from (staff only).
    pub source_ticket_id: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

/// What an agent writes (create or replace).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct KbArticleDraft {
    /// `faq` or `new_owner`.
    pub section: String,
    pub ticket_category: Option<String>,
    pub title: String,
    pub body: String,
    /// Words separated by commas or 、 (漏水、渗水).
    pub keywords: String,
    pub published: bool,
    /// Set when promoting a ticket's resolution.
    pub source_ticket_id: Option<i64>,
}
