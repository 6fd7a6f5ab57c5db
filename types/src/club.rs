//! The club (客户会): tiers, the points ledger, rewards and enrolment as the
//! member, the merchant counter and the club manager see them.

use crate::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    /// Follows the points a member has ever earned (see the club rules).
    pub enum Tier {
        Basic = ("basic", "普卡", "Classic"),
        Silver = ("silver", "银卡", "Silver"),
        Gold = ("gold", "金卡", "Gold"),
        Diamond = ("diamond", "钻石卡", "Diamond"),
    }
}

impl Tier {
    /// Position in the ladder: a tier-restricted offer admits this rank and above.
    pub fn rank(self) -> usize {
        Tier::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

code_enum! {
    /// The five kinds of ledger entry; the ledger is append-only.
    pub enum LedgerKind {
        Earn = ("earn", "获得", "Earned"),
        Redeem = ("redeem", "兑换", "Redeemed"),
        Expire = ("expire", "过期", "Expired"),
        Adjust = ("adjust", "调整", "Adjusted"),
        Reverse = ("reverse", "冲正", "Reversed"),
    }
}

code_enum! {
    /// Why points moved.
    pub enum PointsReason {
        Enrolment = ("enrolment", "入会礼", "Welcome points"),
        Purchase = ("purchase", "购房积分", "Home purchase"),
        Referral = ("referral", "推荐成交", "Successful referral"),
        Event = ("event", "活动签到", "Event attendance"),
        Survey = ("survey", "问卷调查", "Survey"),
        Reward = ("reward", "礼品兑换", "Reward"),
        Manual = ("manual", "人工调整", "Manual adjustment"),
        Expiry = ("expiry", "积分到期", "Points expired"),
    }
}

code_enum! {
    pub enum RedemptionStatus {
        Placed = ("placed", "待领取", "To collect"),
        Fulfilled = ("fulfilled", "已领取", "Collected"),
        Cancelled = ("cancelled", "已取消", "Cancelled"),
    }
}

code_enum! {
    /// The enrolment form's choices.
    pub enum Education {
        HighSchool = ("high_school", "高中及以下", "High school or below"),
        College = ("college", "大专", "College"),
        Bachelor = ("bachelor", "本科", "Bachelor"),
        Master = ("master", "硕士", "Master"),
        Doctor = ("doctor", "博士", "Doctorate"),
    }
}

/// 入会: what a visitor fills in to join the club online.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Enrolment {
    pub name: String,
    pub mobile: String,
    pub password: String,
    /// `male` or `female`.
    pub gender: Option<String>,
    /// Members must be 18 or older.
    pub birth_year: Option<i32>,
    pub employer: Option<String>,
    /// One of [`Education`]'s codes.
    pub education: Option<String>,
    pub consent_marketing: bool,
}

/// A membership as its member sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub member_no: String,
    pub name: String,
    pub tier: Tier,
    pub points_balance: i64,
    pub points_earned: i64,
    pub enrolled_at: DateTime<Utc>,
}

/// The member's points at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsSummary {
    pub member_no: String,
    pub tier: Tier,
    pub balance: i64,
    pub earned_total: i64,
    /// Points that lapse before `expiring_before` (90 days from now).
    pub expiring_soon: i64,
    pub expiring_before: DateTime<Utc>,
    /// The next tier and the points still to earn for it (none at the top).
    pub next_tier: Option<Tier>,
    pub points_to_next_tier: Option<i64>,
}

/// One ledger entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsEntryView {
    pub id: i64,
    pub kind: LedgerKind,
    pub reason: PointsReason,
    /// Signed: positive adds, negative takes.
    pub points: i64,
    /// A reward's, event's or project's name, when there is one.
    pub source: Option<String>,
    /// The club manager's reason for a manual adjustment.
    pub note: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A page of the ledger, newest first; pass `next_cursor` back for more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsEntriesPage {
    pub items: Vec<PointsEntryView>,
    pub next_cursor: Option<i64>,
}

/// A reward in the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RewardView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub points_cost: i64,
    pub stock: i64,
    pub active: bool,
}

/// What the club manager types to add or change a reward.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RewardDraft {
    pub name: String,
    pub description: String,
    pub points_cost: i64,
    pub stock: i64,
    pub active: bool,
}

/// A reward the member redeemed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedemptionView {
    pub id: i64,
    pub reward_name: String,
    pub points: i64,
    pub status: RedemptionStatus,
    pub created_at: DateTime<Utc>,
    /// The member's balance right after this redemption.
    pub balance_after: i64,
}

/// A member in the club manager's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberRow {
    pub member_id: i64,
    pub customer_id: i64,
    pub member_no: String,
    pub name: String,
    pub mobile: String,
    pub tier: Tier,
    pub points_balance: i64,
    pub points_earned: i64,
    pub enrolled_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberPage {
    pub items: Vec<MemberRow>,
    pub total: u64,
}

/// A manual points adjustment; the reason is mandatory and audited.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Adjustment {
    /// Non-zero; negative takes points (never below a zero balance).
    pub points: i64,
    pub reason: String,
}
