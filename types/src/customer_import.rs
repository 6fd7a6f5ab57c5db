//! Importing customers from a CSV file: upload, map columns, run in the
//! background with a progress bar, read the per-row report.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The customer fields a column can be mapped to, in form order.
pub const IMPORT_FIELDS: [&str; 13] = [
    "name",
    "mobile",
    "gender",
    "birthday",
    "id_number",
    "employer",
    "education",
    "city",
    "district",
    "source_channel",
    "tags",
    "notes",
    "consent_marketing",
];

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Uploaded; columns not mapped yet.
    Mapping,
    Queued,
    Running,
    Done,
}

impl ImportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Mapping => "mapping",
            ImportStatus::Queued => "queued",
            ImportStatus::Running => "running",
            ImportStatus::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<ImportStatus> {
        [
            ImportStatus::Mapping,
            ImportStatus::Queued,
            ImportStatus::Running,
            ImportStatus::Done,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// An import with its progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportView {
    pub id: i64,
    pub file_name: String,
    /// `utf-8` or `gbk`, as detected.
    pub encoding: String,
    pub headers: Vec<String>,
    /// The first few data rows, to check the mapping against.
    pub sample: Vec<Vec<String>>,
    /// Field → column index; guessed from the headers until started.
    pub mapping: BTreeMap<String, usize>,
    pub status: ImportStatus,
    pub total_rows: i32,
    pub done_rows: i32,
    pub created: i32,
    pub duplicates: i32,
    pub errors: i32,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Starting an import: which column feeds which field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ImportStart {
    /// Field (one of [`IMPORT_FIELDS`]) → 0-based column index. `name` and
    /// `mobile` are required.
    pub mapping: BTreeMap<String, usize>,
    /// A salesperson of the manager's team to own the new customers;
    /// unassigned when absent.
    pub assign_to_sales_id: Option<i64>,
}

/// What happened to one data row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    Created,
    /// The mobile or ID number is already in the ledger (or earlier in the
    /// file); nothing was changed.
    Duplicate,
    Error,
}

impl RowOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            RowOutcome::Created => "created",
            RowOutcome::Duplicate => "duplicate",
            RowOutcome::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<RowOutcome> {
        [
            RowOutcome::Created,
            RowOutcome::Duplicate,
            RowOutcome::Error,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// A field that made a row fail, with the same codes as the customer form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    pub field: String,
    pub code: String,
}

/// One line of the report (only duplicates and errors are listed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRowReport {
    /// 1-based data row; the file line is `row_no + 1` (after the header).
    pub row_no: i32,
    pub outcome: RowOutcome,
    /// The existing customer a duplicate matched, when the importer may see it.
    pub customer_id: Option<i64>,
    pub problems: Vec<RowProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReportPage {
    pub items: Vec<ImportRowReport>,
    /// Pass as `after` for the next page.
    pub next_after: Option<i32>,
}
