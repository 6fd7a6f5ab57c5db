//! The customer ledger's data as it crosses the wire: forms and API bodies
//! in, views out. Built by the domain, shown by the UI.

use crate::InteractionKind;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The usual source channels (来源渠道) offered in forms.
pub const SOURCE_CHANNELS: [&str; 6] = [
    "自然来访",
    "朋友推荐",
    "网络广告",
    "户外广告",
    "老带新",
    "电话咨询",
];

/// A customer as typed into a form or sent to the API; the domain validates it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CustomerDraft {
    pub name: String,
    pub mobile: String,
    /// `male` or `female`.
    pub gender: Option<String>,
    /// `YYYY-MM-DD`.
    pub birthday: Option<String>,
    pub id_number: Option<String>,
    pub employer: Option<String>,
    pub education: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub source_channel: Option<String>,
    pub consent_marketing: bool,
    pub notes: Option<String>,
    pub tags: Vec<String>,
}

/// Who a customer's salesperson is, for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRef {
    pub id: i64,
    pub name: String,
}

/// Prospect / owner / member: derived from the data, never typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerKinds {
    pub prospect: bool,
    pub owner: bool,
    pub member: bool,
}

/// One customer as a staff user in scope sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerView {
    pub id: i64,
    pub name: String,
    pub mobile: String,
    pub gender: Option<String>,
    pub birthday: Option<NaiveDate>,
    /// Masked (`1101**********002X`) unless the actor may see ID numbers.
    pub id_number: Option<String>,
    pub employer: Option<String>,
    pub education: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub source_channel: Option<String>,
    pub consent_marketing: bool,
    pub notes: Option<String>,
    pub tags: Vec<String>,
    pub assigned_sales: Option<StaffRef>,
    pub kinds: CustomerKinds,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A line of a customer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerRow {
    pub id: i64,
    pub name: String,
    pub mobile: String,
    pub source_channel: Option<String>,
    pub assigned_sales: Option<StaffRef>,
    pub kinds: CustomerKinds,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerPage {
    pub items: Vec<CustomerRow>,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next_after: Option<i64>,
}

/// One change of a key field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub changed_by: Option<StaffRef>,
    pub changed_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InteractionDraft {
    /// `visit`, `call_in`, `call_out`, `sms`, `email`, `event_attendance`, `survey`, `complaint`.
    pub kind: String,
    pub notes: String,
    /// When it happened; now if absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// `YYYY-MM-DD`: when to follow up next.
    pub next_follow_up_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InteractionView {
    pub id: i64,
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    pub staff_name: Option<String>,
    pub notes: String,
    pub next_follow_up_on: Option<NaiveDate>,
}

/// One customer in a work-queue list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub customer_id: i64,
    pub name: String,
    pub mobile: String,
    /// The planned follow-up date, or the birthday this week.
    pub on: Option<NaiveDate>,
    /// The last interaction, if any.
    pub last_contact_at: Option<DateTime<Utc>>,
}

/// A public holiday this week worth a greeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HolidayItem {
    pub name_zh: String,
    pub name_en: String,
    pub on: NaiveDate,
}

/// A salesperson's or manager's 待办: what to do about customers today.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkQueue {
    /// Follow-ups planned for today.
    pub due_today: Vec<QueueItem>,
    /// Follow-ups whose date has passed without a newer interaction.
    pub overdue: Vec<QueueItem>,
    /// 未跟进预警: no contact for `stale_after_days` and nothing planned.
    pub stale: Vec<QueueItem>,
    pub stale_after_days: i64,
    /// Customers whose birthday falls in the next 7 days.
    pub birthdays: Vec<QueueItem>,
    /// Holidays in the next 7 days (春节, 中秋 …).
    pub holidays: Vec<HolidayItem>,
    /// Discounts waiting for this manager's approval (for a salesperson:
    /// their own requests still waiting).
    pub approvals: Vec<crate::deal::ApprovalItem>,
    /// Tickets this user (or, for a department head, their department) is
    /// responsible for whose SLA is at 80 % or breached; the most urgent first.
    pub sla_alerts: Vec<crate::ticket::SlaQueueItem>,
}

/// Why another outbound contact (call, SMS, email) should not happen now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ContactWarning {
    /// The customer has not agreed to marketing contact.
    NoMarketingConsent,
    /// Already `recent` outbound contacts in the last `window_days` days.
    TooFrequent {
        recent: u64,
        max: u64,
        window_days: i64,
    },
}

/// The answer to logging an interaction: what was recorded, and the
/// contact-frequency warnings that applied to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoggedInteraction {
    pub interaction: InteractionView,
    pub warnings: Vec<ContactWarning>,
}
