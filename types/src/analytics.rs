//! The analytics dashboard (数据看板): what each chart draws, as data. The
//! same rows feed the chart, its table view and its CSV export.

use crate::campaign::CampaignView;
use crate::pipeline::PipelineSummary;
use crate::segment::SegmentSummary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest period a dashboard covers.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// Which project and which days (Beijing, both included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardFilter {
    pub project_id: Option<i64>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Inbound calls and visits on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyContacts {
    pub day: NaiveDate,
    pub calls: i64,
    pub visits: i64,
}

/// A campaign's days, drawn behind the daily contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignPeriod {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// The club in one month (Beijing): who joined, how many members at its
/// end, and the points earned and redeemed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClubMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub new_members: i64,
    pub members: i64,
    pub points_earned: i64,
    pub points_redeemed: i64,
}

/// Service tickets one department worked on, opened in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentSla {
    /// `None`: tickets the service desk settled without dispatching.
    pub department_id: Option<i64>,
    pub department: String,
    pub tickets: i64,
    /// Resolved, or past their resolution target while still open.
    pub due: i64,
    /// Resolved by their resolution target.
    pub within_target: i64,
    /// `within_target ÷ due`, basis points.
    pub compliance_bp: Option<i64>,
}

/// One member of staff's figures for the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffKpi {
    pub user_id: i64,
    pub name: String,
    /// Calls and visits they logged.
    pub follow_ups: i64,
    /// Their opportunities opened in the period, and those now deals.
    pub opportunities: i64,
    pub deals: i64,
    pub conversion_bp: Option<i64>,
    /// Tickets opened in the period where they are the agent.
    pub tickets: i64,
    pub sla_bp: Option<i64>,
    /// The mean revisit rating (1–5) × 100, of those rated.
    pub satisfaction_x100: Option<i64>,
}

/// The club's conversions (客户会转化率): each a numerator over its base.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClubConversion {
    /// Members (by the period's end) who had not bought when they joined …
    pub first_purchase_base: i64,
    /// … and have signed since.
    pub first_purchases: i64,
    /// Members who own (a signed contract) …
    pub owners: i64,
    /// … with two or more.
    pub repurchases: i64,
    /// Members …
    pub members: i64,
    /// … who referred a friend who signed.
    pub referrers: i64,
    /// Members silent for the 180 days before the period …
    pub dormant: i64,
    /// … who came back in it (a two-way interaction).
    pub reactivated: i64,
}

/// Every figure the dashboard draws for one filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub filter: DashboardFilter,
    /// Opportunities opened in the period: the funnel and, by project,
    /// the open pipeline, its weighted forecast and the deals signed.
    pub pipeline: PipelineSummary,
    /// The customer pyramid as last computed (not by project or period).
    pub pyramid: SegmentSummary,
    /// Campaigns of the project (or all) whose dates meet the period.
    pub campaigns: Vec<CampaignView>,
    /// Every day of the period, zeros included.
    pub contacts: Vec<DailyContacts>,
    pub campaign_periods: Vec<CampaignPeriod>,
    /// Each month the period touches (company-wide: the club is not by project).
    pub club: Vec<ClubMonth>,
    pub conversion: ClubConversion,
    /// Service tickets opened in the period (of the project's units, or all).
    pub departments: Vec<DepartmentSla>,
    /// Staff with anything in the period, most follow-ups first.
    pub staff: Vec<StaffKpi>,
}
