//! Service tickets (服务单): complaints, repairs, inquiries, suggestions and
//! handover defects, tracked like a parcel. The workflow is a pure function
//! ([`TicketStatus::after`]) so every legal and illegal step is testable.

use crate::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    pub enum TicketKind {
        Complaint = ("complaint", "投诉", "Complaint"),
        Repair = ("repair", "报修", "Repair"),
        Inquiry = ("inquiry", "咨询", "Inquiry"),
        Suggestion = ("suggestion", "建议", "Suggestion"),
        HandoverDefect = ("handover_defect", "收楼问题", "Handover defect"),
    }
}

code_enum! {
    pub enum TicketPriority {
        Urgent = ("urgent", "紧急", "Urgent"),
        High = ("high", "高", "High"),
        Normal = ("normal", "普通", "Normal"),
        Low = ("low", "低", "Low"),
    }
}

code_enum! {
    pub enum TicketChannel {
        Portal = ("portal", "会员门户", "Portal"),
        Hotline = ("hotline", "客服热线", "Hotline"),
        WalkIn = ("walk_in", "现场接待", "Walk-in"),
        Forum = ("forum", "业主论坛", "Forum"),
    }
}

code_enum! {
    /// 已受理 → 已派单 → 处理中 → 待确认 → 已关闭 → 已回访, plus reopen.
    pub enum TicketStatus {
        Received = ("received", "已受理", "Received"),
        Dispatched = ("dispatched", "已派单", "Dispatched"),
        InProgress = ("in_progress", "处理中", "In progress"),
        AwaitingConfirmation = ("awaiting_confirmation", "待确认", "Awaiting your confirmation"),
        Closed = ("closed", "已关闭", "Closed"),
        Revisited = ("revisited", "已回访", "Revisited"),
    }
}

code_enum! {
    /// What moves a ticket.
    pub enum TicketAction {
        /// An agent sends it to one more department (a sub-task).
        Dispatch = ("dispatch", "派单", "Dispatch"),
        /// A department's handler accepts its sub-task.
        Accept = ("accept", "接单", "Accept"),
        /// The work is done (an agent, or the last sub-task finished): the
        /// customer is asked to confirm; the SLA clock pauses.
        Resolve = ("resolve", "处理完成", "Resolve"),
        /// The customer confirms the fix.
        Confirm = ("confirm", "确认解决", "Confirm"),
        /// An agent closes it (e.g. confirmed by phone).
        Close = ("close", "关闭", "Close"),
        /// Not fixed after all: back to the desk, the clock runs again.
        Reopen = ("reopen", "重新打开", "Reopen"),
        /// The satisfaction revisit (回访) after closing.
        Revisit = ("revisit", "回访", "Revisit"),
    }
}

code_enum! {
    /// Product-defect feedback for the design / engineering / property report.
    pub enum DefectTag {
        Design = ("design", "设计", "Design"),
        Engineering = ("engineering", "工程", "Engineering"),
        Property = ("property", "物业", "Property management"),
    }
}

code_enum! {
    pub enum TaskStatus {
        Dispatched = ("dispatched", "待接单", "Waiting"),
        Accepted = ("accepted", "处理中", "In progress"),
        Done = ("done", "已完成", "Done"),
    }
}

impl TicketStatus {
    /// Where `action` leads from here, or `None` when it is not allowed.
    pub fn after(self, action: TicketAction) -> Option<TicketStatus> {
        use TicketAction as A;
        use TicketStatus as S;
        match (self, action) {
            (S::Received | S::Dispatched, A::Dispatch) => Some(S::Dispatched),
            (S::InProgress, A::Dispatch) => Some(S::InProgress),
            (S::Dispatched | S::InProgress, A::Accept) => Some(S::InProgress),
            (S::Received | S::Dispatched | S::InProgress, A::Resolve) => {
                Some(S::AwaitingConfirmation)
            }
            (S::AwaitingConfirmation, A::Confirm | A::Close) => Some(S::Closed),
            (S::AwaitingConfirmation | S::Closed, A::Reopen) => Some(S::Received),
            (S::Closed, A::Revisit) => Some(S::Revisited),
            _ => None,
        }
    }

    /// Still with the service desk (SLA clocks may run).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            TicketStatus::Received | TicketStatus::Dispatched | TicketStatus::InProgress
        )
    }
}

/// The standard category tree: (kind, code, 中文, English).
pub const TICKET_CATEGORIES: &[(TicketKind, &str, &str, &str)] = &[
    (
        TicketKind::Repair,
        "repair.plumbing_electric",
        "水电",
        "Plumbing and electrics",
    ),
    (
        TicketKind::Repair,
        "repair.doors_windows",
        "门窗",
        "Doors and windows",
    ),
    (
        TicketKind::Repair,
        "repair.walls_floors",
        "墙面地面",
        "Walls and floors",
    ),
    (TicketKind::Repair, "repair.leaks", "防水渗漏", "Leaks"),
    (
        TicketKind::Repair,
        "repair.common_areas",
        "公共设施",
        "Common areas",
    ),
    (
        TicketKind::Complaint,
        "complaint.service",
        "服务态度",
        "Service",
    ),
    (
        TicketKind::Complaint,
        "complaint.build_quality",
        "工程质量",
        "Build quality",
    ),
    (
        TicketKind::Complaint,
        "complaint.property",
        "物业管理",
        "Property management",
    ),
    (
        TicketKind::Complaint,
        "complaint.sales_promise",
        "销售承诺",
        "Sales promises",
    ),
    (
        TicketKind::Inquiry,
        "inquiry.handover",
        "交付办证",
        "Handover and certificates",
    ),
    (TicketKind::Inquiry, "inquiry.fees", "物业费用", "Fees"),
    (
        TicketKind::Inquiry,
        "inquiry.club",
        "会员权益",
        "Club benefits",
    ),
    (TicketKind::Inquiry, "inquiry.other", "其他", "Other"),
    (
        TicketKind::Suggestion,
        "suggestion.community",
        "社区环境",
        "Community",
    ),
    (
        TicketKind::Suggestion,
        "suggestion.service",
        "服务改进",
        "Service",
    ),
    (TicketKind::Suggestion, "suggestion.other", "其他", "Other"),
    (
        TicketKind::HandoverDefect,
        "handover.leaks",
        "渗漏",
        "Leaks",
    ),
    (
        TicketKind::HandoverDefect,
        "handover.cracks",
        "空鼓开裂",
        "Hollow or cracked surfaces",
    ),
    (
        TicketKind::HandoverDefect,
        "handover.doors_hardware",
        "门窗五金",
        "Doors, windows, hardware",
    ),
    (
        TicketKind::HandoverDefect,
        "handover.plumbing_electric",
        "水电",
        "Plumbing and electrics",
    ),
    (
        TicketKind::HandoverDefect,
        "handover.other",
        "其他",
        "Other",
    ),
];

/// The category's label, or the code itself when unknown.
pub fn category_label(code: &str, lang: crate::Lang) -> &str {
    TICKET_CATEGORIES
        .iter()
        .find(|(_, c, _, _)| *c == code)
        .map(|(_, _, zh, en)| match lang {
            crate::Lang::Zh => *zh,
            crate::Lang::En => *en,
        })
        .unwrap_or(code)
}

/// `TS-2026-000123`: the year the ticket was opened and its sequence.
pub fn ticket_number(year: i32, id: i64) -> String {
    // Four digits, as the parser wants: a year below 1000 (only ever seen by
    // the fuzzer) still reads back.
    format!("TS-{year:04}-{id:06}")
}

/// The inverse of [`ticket_number`]: `(year, id)`, or `None` when malformed.
pub fn parse_ticket_number(s: &str) -> Option<(i32, i64)> {
    let rest = s.trim().strip_prefix("TS-")?;
    let (year, seq) = rest.split_once('-')?;
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    // Digits only: `str::parse` would also take a sign ("+025" as 25).
    if year.len() != 4 || !digits(year) || seq.len() < 6 || !digits(seq) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let id: i64 = seq.parse().ok()?;
    (id > 0).then_some((year, id))
}

/// A member opening a ticket, or an agent on a customer's behalf.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TicketDraft {
    /// `complaint`, `repair`, `inquiry`, `suggestion` or `handover_defect`.
    pub kind: String,
    /// A code from the category tree (`GET /api/v1/ticket-categories`).
    pub category: String,
    pub title: String,
    pub description: String,
    /// One of the member's own units.
    pub unit_id: Option<i64>,
}

/// Where a ticket's SLA stands for the viewer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaView {
    /// `first_response` or `resolution`.
    pub target: String,
    pub due_at: DateTime<Utc>,
    /// The clock is stopped while the customer is asked to confirm.
    pub paused: bool,
    pub overdue: bool,
    /// Minutes left on the wall clock when this was read (negative: how
    /// long overdue); while paused, as it stood when the clock stopped.
    pub remaining_minutes: i64,
}

/// `3 小时 20 分` / `3 h 20 min`: a countdown's words.
pub fn duration_words(minutes: i64, lang: crate::Lang) -> String {
    let m = minutes.abs();
    let (d, h, min) = (m / 1440, m % 1440 / 60, m % 60);
    match lang {
        crate::Lang::Zh if d > 0 => format!("{d} 天 {h} 小时"),
        crate::Lang::Zh if h > 0 => format!("{h} 小时 {min} 分"),
        crate::Lang::Zh => format!("{min} 分钟"),
        crate::Lang::En if d > 0 => format!("{d} d {h} h"),
        crate::Lang::En if h > 0 => format!("{h} h {min} min"),
        crate::Lang::En => format!("{min} min"),
    }
}

/// One step of the public timeline (or, for staff, of the full one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineStep {
    pub at: DateTime<Utc>,
    /// `received`, `dispatched`, `accepted`, `resolved`, `confirmed`,
    /// `closed`, `reopened`, `revisited`, `note`, `sla_warning`, `sla_breach`.
    pub kind: String,
    /// The handling department's name, when the step concerns one.
    pub department: Option<String>,
    pub note: Option<String>,
    /// `false` only for internal notes (never sent to members).
    pub public: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskView {
    pub id: i64,
    pub department: String,
    pub status: TaskStatus,
    pub handler: Option<String>,
    pub instructions: Option<String>,
    pub result: Option<String>,
    pub dispatched_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

/// A ticket in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketSummary {
    pub id: i64,
    pub number: String,
    pub kind: TicketKind,
    pub title: String,
    pub status: TicketStatus,
    pub priority: TicketPriority,
    pub customer_name: String,
    pub created_at: DateTime<Utc>,
    pub sla: Option<SlaView>,
}

/// A page of the agents' inbox.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketPage {
    pub items: Vec<TicketSummary>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

/// A ticket in the work queue: 80 % of a target has passed, or it is overdue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaQueueItem {
    pub ticket_id: i64,
    pub number: String,
    pub title: String,
    pub status: TicketStatus,
    pub sla: SlaView,
}

/// The SLA for one kind × priority: the administrator's setting or the
/// built-in default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPolicyView {
    pub kind: TicketKind,
    pub priority: TicketPriority,
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
    /// Count only 09:00–18:00 Beijing time, Monday to Friday.
    pub business_hours: bool,
    /// `false` while the built-in default applies.
    pub customised: bool,
}

/// A new SLA for one kind × priority (minutes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SlaPolicyUpdate {
    /// 5 minutes to 7 days.
    pub first_response_minutes: i64,
    /// At least the first-response target, at most 30 days.
    pub resolution_minutes: i64,
    pub business_hours: bool,
}

/// A handling department's sub-task with its ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentTask {
    pub task: TaskView,
    pub ticket: TicketSummary,
}

/// One ticket with its timeline. Members get the public steps only and no
/// staff names or phone numbers; staff also get tasks and internal notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketView {
    pub id: i64,
    pub number: String,
    pub kind: TicketKind,
    pub category: String,
    pub title: String,
    pub description: String,
    pub channel: TicketChannel,
    pub priority: TicketPriority,
    pub status: TicketStatus,
    pub unit_label: Option<String>,
    pub customer_name: String,
    pub created_at: DateTime<Utc>,
    pub sla: Option<SlaView>,
    pub timeline: Vec<TimelineStep>,
    /// Staff only (empty for members).
    pub tasks: Vec<TaskView>,
    pub defect_tag: Option<DefectTag>,
    pub rating: Option<i32>,
    pub revisit_comment: Option<String>,
    /// Photos of the problem (and of the fix), oldest first.
    pub photos: Vec<TicketPhotoView>,
}

/// A photo on a ticket; the image itself is at
/// `/api/v1/me/tickets/{ticket}/photos/{id}` (members),
/// `/api/v1/tickets/{ticket}/photos/{id}` (staff) or, in the browser,
/// `/tickets/{ticket}/photos/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketPhotoView {
    pub id: i64,
    /// `image/jpeg` or `image/png`, judged from the bytes.
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketAction as A;
    use TicketStatus as S;

    #[test]
    fn every_transition_is_legal_or_refused_as_specified() {
        let legal = [
            (S::Received, A::Dispatch, S::Dispatched),
            (S::Dispatched, A::Dispatch, S::Dispatched),
            (S::InProgress, A::Dispatch, S::InProgress),
            (S::Dispatched, A::Accept, S::InProgress),
            (S::InProgress, A::Accept, S::InProgress),
            (S::Received, A::Resolve, S::AwaitingConfirmation),
            (S::Dispatched, A::Resolve, S::AwaitingConfirmation),
            (S::InProgress, A::Resolve, S::AwaitingConfirmation),
            (S::AwaitingConfirmation, A::Confirm, S::Closed),
            (S::AwaitingConfirmation, A::Close, S::Closed),
            (S::AwaitingConfirmation, A::Reopen, S::Received),
            (S::Closed, A::Reopen, S::Received),
            (S::Closed, A::Revisit, S::Revisited),
        ];
        for &from in S::ALL {
            for &action in A::ALL {
                let expected = legal
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(from.after(action), expected, "{from:?} + {action:?}");
            }
        }
    }

    #[test]
    fn countdowns_read_naturally() {
        use crate::Lang;
        assert_eq!(duration_words(200, Lang::Zh), "3 小时 20 分");
        assert_eq!(duration_words(-45, Lang::Zh), "45 分钟");
        assert_eq!(duration_words(3 * 1440 + 125, Lang::Zh), "3 天 2 小时");
        assert_eq!(duration_words(200, Lang::En), "3 h 20 min");
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for &s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).expect("json"),
                format!("\"{}\"", s.as_str())
            );
        }
        for &k in TicketKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).expect("json"),
                format!("\"{}\"", k.as_str())
            );
        }
        assert_eq!(
            serde_json::to_string(&TicketChannel::WalkIn).expect("json"),
            "\"walk_in\""
        );
    }

    #[test]
    fn ticket_numbers_round_trip_and_reject_garbage() {
        assert_eq!(ticket_number(2026, 123), "TS-2026-000123");
        // Found by the cargo-fuzz target `ticket_number`: a year with a
        // leading zero parsed, then printed as three digits.
        assert_eq!(ticket_number(957, 123), "TS-0957-000123");
        assert_eq!(parse_ticket_number("TS-0957-000123"), Some((957, 123)));
        assert_eq!(parse_ticket_number("TS-2026-000123"), Some((2026, 123)));
        assert_eq!(
            parse_ticket_number("TS-2026-1234567"),
            Some((2026, 1_234_567))
        );
        for bad in [
            "",
            "TS-2026-12",
            "TS-26-000123",
            "XX-2026-000123",
            "TS-2026-00012a",
            "TS-2026-000000",
            "TS-2026--00012",
            // Found by the cargo-fuzz target `ticket_number`: a signed year.
            "TS-+025-000123",
            "TS--025-000123",
        ] {
            assert_eq!(parse_ticket_number(bad), None, "{bad}");
        }
    }
}
