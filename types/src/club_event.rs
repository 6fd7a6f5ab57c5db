//! Members' events (会员活动): what a member sees and signs up for, and what
//! the club manager plans and checks people in at.

use crate::club::Tier;
use crate::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    /// Where a member stands for one event.
    pub enum RegistrationStatus {
        Registered = ("registered", "已报名", "Signed up"),
        Waitlisted = ("waitlisted", "候补中", "On the waitlist"),
        Cancelled = ("cancelled", "已取消", "Cancelled"),
        Attended = ("attended", "已签到", "Attended"),
    }
}

/// An event as a member (with their own place) or the club manager sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub location: String,
    pub project_name: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub seats_left: i32,
    pub waitlist: u64,
    /// Points for attending.
    pub points: i64,
    pub active: bool,
    /// Sign-up closes when the event starts.
    pub open: bool,
    /// The signed-in member's registration, if any.
    pub mine: Option<MyRegistration>,
}

/// The member's own place: registered, or n-th on the waitlist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyRegistration {
    pub event_id: i64,
    pub status: RegistrationStatus,
    /// 1 = next in line; only while waitlisted.
    pub waitlist_position: Option<u64>,
}

/// What the club manager types to add or change an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EventDraft {
    pub title: String,
    pub description: String,
    pub location: String,
    pub project_id: Option<i64>,
    /// `YYYY-MM-DDTHH:MM`, Beijing time (a `datetime-local` field).
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: i32,
    /// Attendance points; empty for the club's default.
    pub points: Option<i32>,
    pub active: bool,
}

/// One line of an event's registration list (club manager).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationRow {
    pub registration_id: i64,
    pub member_id: i64,
    pub member_no: String,
    pub name: String,
    /// Masked: 138****0001.
    pub mobile: String,
    pub tier: Tier,
    pub status: RegistrationStatus,
    pub queued_at: DateTime<Utc>,
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// An event with everyone who signed up, for the club manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRoster {
    pub event: EventView,
    pub registrations: Vec<RegistrationRow>,
}

/// Check a member in at the door by member number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    pub member_no: String,
}

/// The result of a check-in: who, and the points they earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInResult {
    pub member_no: String,
    pub name: String,
    pub points: i64,
    pub checked_in_at: DateTime<Utc>,
}
