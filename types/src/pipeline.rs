//! The sales pipeline (SFA): opportunities of a customer for a project,
//! moving 来访 → 意向 → 准成交 → 成交, or 流失 with a reason.

use crate::customer::StaffRef;
use crate::{Lang, Money};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where an opportunity stands. `Deal` is reached by signing a contract for
/// a unit, never set by hand; `Lost` needs a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Visit,
    Intent,
    PreDeal,
    Deal,
    Lost,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Visit,
        Stage::Intent,
        Stage::PreDeal,
        Stage::Deal,
        Stage::Lost,
    ];
    /// The stages an opportunity is still being worked in.
    pub const OPEN: [Stage; 3] = [Stage::Visit, Stage::Intent, Stage::PreDeal];
    /// The funnel's steps, in order.
    pub const FUNNEL: [Stage; 4] = [Stage::Visit, Stage::Intent, Stage::PreDeal, Stage::Deal];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Visit => "visit",
            Stage::Intent => "intent",
            Stage::PreDeal => "pre_deal",
            Stage::Deal => "deal",
            Stage::Lost => "lost",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Stage::Visit, Lang::Zh) => "来访",
            (Stage::Visit, Lang::En) => "Visitor",
            (Stage::Intent, Lang::Zh) => "意向",
            (Stage::Intent, Lang::En) => "Intent",
            (Stage::PreDeal, Lang::Zh) => "准成交",
            (Stage::PreDeal, Lang::En) => "Pre-deal",
            (Stage::Deal, Lang::Zh) => "成交",
            (Stage::Deal, Lang::En) => "Deal",
            (Stage::Lost, Lang::Zh) => "流失",
            (Stage::Lost, Lang::En) => "Lost",
        }
    }

    /// The chance of closing, in percent, used for the weighted forecast.
    pub fn probability(self) -> u8 {
        match self {
            Stage::Visit => 10,
            Stage::Intent => 30,
            Stage::PreDeal => 70,
            Stage::Deal => 100,
            Stage::Lost => 0,
        }
    }

    /// Position in the funnel; `Lost` has none of its own.
    pub fn rank(self) -> i32 {
        match self {
            Stage::Visit => 1,
            Stage::Intent => 2,
            Stage::PreDeal => 3,
            Stage::Deal => 4,
            Stage::Lost => 0,
        }
    }

    pub fn is_open(self) -> bool {
        Stage::OPEN.contains(&self)
    }
}

/// Why an opportunity was lost (流失原因), offered in forms.
pub const LOST_REASONS: [&str; 7] = [
    "价格因素",
    "户型不合适",
    "区位交通",
    "购买竞品",
    "资金或贷款问题",
    "暂缓购房",
    "其他",
];

/// A new opportunity as typed in; amounts in yuan (`1234567.50`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OpportunityDraft {
    pub customer_id: i64,
    pub project_id: i64,
    /// Stage to start in: `visit` (default), `intent` or `pre_deal`.
    pub stage: Option<String>,
    /// Expected amount in yuan, up to two decimals.
    pub expected_amount: Option<String>,
    /// `YYYY-MM-DD`.
    pub expected_close_on: Option<String>,
    /// Defaults to the customer's source channel.
    pub source_channel: Option<String>,
    pub campaign_code: Option<String>,
}

/// Moving an opportunity to another stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct StageMove {
    /// `visit`, `intent`, `pre_deal` or `lost` (`deal` comes from a contract).
    pub stage: String,
    /// Required when `stage` is `lost`.
    pub lost_reason: Option<String>,
    /// Optionally update the expectation at the same time.
    pub expected_amount: Option<String>,
    pub expected_close_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpportunityView {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub project_id: i64,
    pub project_name: String,
    pub stage: Stage,
    /// Percent.
    pub probability: u8,
    /// In fen.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub expected_amount: Option<Money>,
    pub expected_close_on: Option<NaiveDate>,
    pub source_channel: Option<String>,
    pub campaign_code: Option<String>,
    pub sales: Option<StaffRef>,
    pub lost_reason: Option<String>,
    pub stage_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// One column of the kanban.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KanbanColumn {
    pub stage: Stage,
    /// How many opportunities are in this stage (the cards may be fewer).
    pub count: u64,
    /// Sum of expected amounts, in fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Money,
    /// The most recently moved cards.
    pub cards: Vec<OpportunityView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kanban {
    pub columns: Vec<KanbanColumn>,
}

/// One step of the funnel: how many opportunities ever reached the stage,
/// and the conversion from the first step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelStep {
    pub stage: Stage,
    pub reached: u64,
    /// Percent of the first step, one decimal (e.g. 12.5).
    pub conversion: f64,
}

/// Pipeline figures of one salesperson or project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForecastRow {
    /// The salesperson's or project's id (`None`: unassigned).
    pub key: Option<i64>,
    pub name: String,
    /// Open opportunities (来访, 意向, 准成交).
    pub open: u64,
    /// Sum of their expected amounts, in fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub pipeline: Money,
    /// Expected amounts × stage probability, in fen (rounded to the fen).
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub weighted: Money,
    pub deals: u64,
    /// Contracted value of the deals, in fen.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub deal_amount: Money,
    pub lost: u64,
}

/// The funnel and the forecast in the actor's scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineSummary {
    pub funnel: Vec<FunnelStep>,
    pub total: ForecastRow,
    pub by_sales: Vec<ForecastRow>,
    pub by_project: Vec<ForecastRow>,
}

/// A project to choose in forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectRef {
    pub id: i64,
    pub name: String,
    pub status: crate::unit::ProjectStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip_and_rank_in_funnel_order() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        assert!(
            Stage::FUNNEL
                .windows(2)
                .all(|w| w[0].rank() < w[1].rank() && w[0].probability() < w[1].probability())
        );
        assert!(!Stage::Deal.is_open() && !Stage::Lost.is_open());
    }
}
