//! Referrals (老带新): a member recommends a friend by name and mobile; the
//! friend becomes a lead for the sales team, and the member earns the
//! club's referral reward when the friend signs a contract.

use crate::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    /// Where a referral stands, as the member follows it.
    pub enum ReferralStatus {
        /// Passed to the sales team.
        Submitted = ("submitted", "已推荐", "Referred"),
        /// The friend has visited a sales centre (an opportunity is open).
        Visited = ("visited", "已到访", "Visited"),
        /// The friend signed a contract; the reward was credited.
        Won = ("won", "已成交", "Signed"),
    }
}

/// What a member sends to refer a friend.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ReferralDraft {
    pub name: String,
    pub mobile: String,
    /// The project the friend is interested in, if any (a published one).
    pub project_id: Option<i64>,
    pub note: Option<String>,
}

/// One of the member's referrals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralView {
    pub id: i64,
    pub friend_name: String,
    /// Masked: 139****0001.
    pub friend_mobile: String,
    pub project_name: Option<String>,
    pub status: ReferralStatus,
    /// Points credited when the friend signed.
    pub reward_points: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
