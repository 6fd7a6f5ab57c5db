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

code_enum! {
    /// A coupon's state as its holder sees it; `expired` follows from the
    /// offer's validity.
    pub enum CouponStatus {
        Valid = ("valid", "可使用", "Valid"),
        Used = ("used", "已使用", "Used"),
        Expired = ("expired", "已过期", "Expired"),
    }
}

/// A partner merchant (联盟商家).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerchantView {
    pub id: i64,
    pub name: String,
    /// 餐饮, 家居, 教育, 健康, 生活服务 …
    pub category: String,
    pub address: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MerchantDraft {
    pub name: String,
    pub category: String,
    pub address: Option<String>,
    pub active: bool,
}

/// A merchant's offer as a member browses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferView {
    pub id: i64,
    pub merchant_id: i64,
    pub merchant_name: String,
    pub category: String,
    pub title: String,
    pub description: String,
    /// What the coupon grants: "饮品 8 折".
    pub discount: String,
    /// The lowest tier that may claim it.
    pub min_tier: Tier,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub per_member_limit: i32,
    pub total_quantity: i32,
    /// Coupons still to claim.
    pub remaining: i32,
    pub active: bool,
    /// For a member: coupons of this offer they hold, and whether their
    /// tier admits them.
    pub mine: i32,
    pub eligible: bool,
}

/// What the club manager types to add or change an offer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OfferDraft {
    pub merchant_id: i64,
    pub title: String,
    pub description: String,
    pub discount: String,
    /// A [`Tier`] code; `basic` admits every member.
    pub min_tier: String,
    /// `YYYY-MM-DD`, Beijing time: valid from the start of the first day to
    /// the end of the last.
    pub valid_from: String,
    pub valid_until: String,
    pub per_member_limit: i32,
    pub total_quantity: i32,
    pub active: bool,
}

/// A coupon as its member sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CouponView {
    /// Shown grouped for reading aloud: `ABCD-EFGH-JKLM`.
    pub code: String,
    pub offer_title: String,
    pub merchant_name: String,
    pub discount: String,
    pub status: CouponStatus,
    pub claimed_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub redeemed_at: Option<DateTime<Utc>>,
}

/// A coupon as the merchant's counter sees it: what it grants, for whom
/// (name masked) and whether it can be redeemed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterCoupon {
    pub code: String,
    pub offer_title: String,
    pub discount: String,
    pub member_name: String,
    pub member_tier: Tier,
    pub min_tier: Tier,
    pub status: CouponStatus,
    pub expires_at: DateTime<Utc>,
    pub redeemed_at: Option<DateTime<Utc>>,
}

/// The merchant's redemption history and totals (its own coupons only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerchantHistory {
    pub items: Vec<CounterCoupon>,
    pub today: u64,
    pub total: u64,
}
