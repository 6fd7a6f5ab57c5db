//! Merging duplicate customer records (重复客户合并) and undoing it.

use crate::customer::StaffRef;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why a record looks like the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same name (and, when both are known, the same birthday).
    SameName,
    /// One record's mobile was the other's before a change.
    FormerMobile,
}

/// A record that may be a duplicate of the one being looked at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateCandidate {
    pub id: i64,
    pub name: String,
    pub mobile: String,
    pub reasons: Vec<DuplicateReason>,
    pub assigned_sales: Option<StaffRef>,
    pub created_at: DateTime<Utc>,
}

/// Merge `merged_id` into `survivor_id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRequest {
    pub survivor_id: i64,
    pub merged_id: i64,
}

/// How much moved in a merge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeCounts {
    pub interactions: usize,
    pub opportunities: usize,
    /// The duplicate's opportunities for a project the survivor already
    /// had, closed as 流失 (重复客户合并).
    pub closed_opportunities: usize,
    pub deals: usize,
    pub units: usize,
    pub accounts: usize,
    #[serde(default)]
    pub tickets: usize,
    pub tags: usize,
    /// Profile fields the survivor lacked, filled from the duplicate.
    pub filled_fields: Vec<String>,
}

/// One merge, as listed on the survivor's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRecord {
    pub id: i64,
    pub survivor_id: i64,
    pub merged_id: i64,
    pub merged_name: String,
    pub merged_mobile: String,
    pub counts: MergeCounts,
    pub merged_by: Option<StaffRef>,
    pub merged_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
}
