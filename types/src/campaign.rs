//! Marketing campaigns (市场活动): what was spent on which channel when, and
//! what it brought — leads, visits, deals, revenue, and the ratios between.

use crate::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What marketing types to plan or correct a campaign.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CampaignDraft {
    /// Short code salespeople put on opportunities it brought
    /// (`SPRING26`): letters, digits and `-`, up to 32.
    pub code: String,
    pub name: String,
    /// The lead source it buys, as customers record it (`网络广告` …).
    pub channel: String,
    /// The project it advertises; none for the brand.
    pub project_id: Option<i64>,
    /// `YYYY-MM-DD`, Beijing time, both days included.
    pub starts_on: String,
    pub ends_on: String,
    /// What it cost, in yuan (`120000`, `1,200.50`).
    pub cost: String,
}

/// A campaign with what it brought.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub channel: String,
    pub project_id: Option<i64>,
    pub project_name: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// In fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub cost: Money,
    pub figures: CampaignFigures,
}

/// What a campaign brought. Rates are basis points (2,500 = 25 %), absent
/// when their denominator is zero.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignFigures {
    /// Customers attributed to it: an opportunity carrying its code, or —
    /// with no code at all — registered on its channel within its dates.
    pub leads: i64,
    /// Leads who visited a sales centre on or after its first day.
    pub visits: i64,
    /// Leads' contracts signed on or after its first day (not cancelled).
    pub deals: i64,
    /// Those contracts' prices, in fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub revenue: Money,
    /// Cost ÷ leads, in fen.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub cost_per_lead: Option<Money>,
    /// Visits ÷ leads.
    pub visit_rate_bp: Option<i64>,
    /// Deals ÷ leads.
    pub conversion_bp: Option<i64>,
    /// (Revenue − cost) ÷ cost.
    pub roi_bp: Option<i64>,
}
