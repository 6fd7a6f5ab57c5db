//! The customer pyramid (客户金字塔): owners ranked by value into the top
//! 1 %, the next 4 %, 15 % and the other 80 %, and everyone else by what
//! they are doing — potential buyers, watchers, and the inactive.

use crate::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    /// A customer's segment, recomputed by the segmentation job.
    pub enum Segment {
        /// Owners: the top 1 % by value score.
        Top = ("top", "顶端客户", "Top 1%"),
        /// Owners: the next 4 %.
        High = ("high", "高端客户", "High 4%"),
        /// Owners: the next 15 %.
        Middle = ("middle", "中端客户", "Middle 15%"),
        /// Owners: the other 80 %.
        Low = ("low", "低端客户", "Low 80%"),
        /// Not yet owners, with an open opportunity.
        Potential = ("potential", "潜在客户", "Potential"),
        /// Not yet owners, active, with nothing open.
        Watching = ("watching", "观望客户", "Watching"),
        /// Nothing from them or with them for a year.
        Inactive = ("inactive", "不活跃客户", "Inactive"),
    }
}

/// How many customers a segment holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentCount {
    pub segment: Segment,
    pub customers: i64,
}

/// The pyramid as last computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentSummary {
    /// Every segment, in the order above, with zero counts included.
    pub segments: Vec<SegmentCount>,
    /// When the job last ran; absent before its first run.
    pub computed_at: Option<DateTime<Utc>>,
}

/// One customer in a segment list, highest score first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentMember {
    pub customer_id: i64,
    pub name: String,
    /// Masked: `138****0001`.
    pub mobile: String,
    /// 0–100: purchases, amount, referrals, engagement and recency.
    pub score: i32,
    pub consent_marketing: bool,
}

/// A page of a segment's customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SegmentPage {
    pub items: Vec<SegmentMember>,
    /// Pass as `page` for the next page; absent on the last.
    pub next_page: Option<u64>,
}
