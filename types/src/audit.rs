//! The audit log as the administrator reads it: who changed what, when,
//! with what was there before and after.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntryView {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The acting user's login; absent for the system (jobs, enrolment).
    pub actor_login: Option<String>,
    pub actor_name: Option<String>,
    /// What was done, e.g. `customer.update`, `webhook.create`.
    pub action: String,
    /// The kind of record, e.g. `customer`, `setting`.
    pub entity: String,
    pub entity_id: String,
    /// JSON as recorded, ID numbers masked.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub items: Vec<AuditEntryView>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<i64>,
}
