//! Projects' news (楼盘资讯): members read it first — before the public
//! launch — and everyone else from the launch date on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A news item as a reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewsView {
    pub id: i64,
    pub project_id: i64,
    pub project_name: String,
    pub title: String,
    pub body: String,
    /// Members read it from here on.
    pub members_from: DateTime<Utc>,
    /// Everyone else from here on; never when absent.
    pub public_from: Option<DateTime<Utc>>,
    /// Still for members only at the time of reading (会员抢先看).
    pub members_only: bool,
}

/// What the club or marketing team types to publish news.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewsDraft {
    pub project_id: i64,
    pub title: String,
    pub body: String,
    /// `YYYY-MM-DD`, Beijing time: members read it from that day.
    pub members_from: String,
    /// `YYYY-MM-DD`: the public launch, on or after `members_from`; empty
    /// keeps it for members only.
    pub public_from: Option<String>,
}
