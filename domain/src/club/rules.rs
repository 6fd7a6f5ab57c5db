//! The club's earn rules and tier thresholds: settings the club manager
//! edits on `/console/club/rules` (stored like every other setting, audited).

use crate::DomainError;
use crate::auth::{self, Actor};
use crate::settings::{self, IntSetting};
use anju_types::Permission;
use anju_types::club::Tier;
use anju_types::settings::SettingView;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

const fn rule(key: &'static str, default: i64, max: i64) -> IntSetting {
    IntSetting {
        key,
        default,
        min: 0,
        max,
    }
}

/// Welcome points on enrolment.
pub const ENROLMENT_POINTS: IntSetting = rule("club.enrolment_points", 200, 100_000);
/// Points per full ¥10,000 of a contract signed by a member.
pub const PURCHASE_POINTS_PER_10K: IntSetting = rule("club.purchase_points_per_10k", 10, 10_000);
/// The referrer's reward when the friend's contract is signed.
pub const REFERRAL_POINTS: IntSetting = rule("club.referral_points", 2_000, 1_000_000);
/// Default points for attending an event (each event may set its own).
pub const EVENT_POINTS: IntSetting = rule("club.event_points", 50, 100_000);
/// Points for completing a survey.
pub const SURVEY_POINTS: IntSetting = rule("club.survey_points", 20, 100_000);
/// How long earned points stay valid.
pub const EXPIRY_DAYS: IntSetting = IntSetting {
    key: "club.expiry_days",
    default: 730,
    min: 30,
    max: 3_650,
};
/// Points ever earned to reach 银卡, 金卡 and 钻石卡.
pub const SILVER_FROM: IntSetting = rule("club.tier_silver_from", 2_000, 100_000_000);
pub const GOLD_FROM: IntSetting = rule("club.tier_gold_from", 10_000, 100_000_000);
pub const DIAMOND_FROM: IntSetting = rule("club.tier_diamond_from", 50_000, 100_000_000);
/// Enrolments tried from one network address per hour (a script is
/// stopped; raise it for an event on the sales office's wifi).
pub const ENROLMENTS_PER_ADDRESS_PER_HOUR: IntSetting = IntSetting {
    key: "club.enrolments_per_address_per_hour",
    default: 60,
    min: 1,
    max: 100_000,
};

pub const ALL: [IntSetting; 10] = [
    ENROLMENT_POINTS,
    PURCHASE_POINTS_PER_10K,
    REFERRAL_POINTS,
    EVENT_POINTS,
    SURVEY_POINTS,
    EXPIRY_DAYS,
    SILVER_FROM,
    GOLD_FROM,
    DIAMOND_FROM,
    ENROLMENTS_PER_ADDRESS_PER_HOUR,
];

/// The tier ladder: points ever earned needed for each tier above 普卡.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierThresholds {
    pub silver: i64,
    pub gold: i64,
    pub diamond: i64,
}

impl TierThresholds {
    /// All three in one query (every points summary reads them).
    pub async fn load(db: &impl ConnectionTrait) -> Result<TierThresholds, DbErr> {
        let [silver, gold, diamond] =
            settings::get_ints(db, [SILVER_FROM, GOLD_FROM, DIAMOND_FROM]).await?;
        Ok(TierThresholds {
            silver,
            gold,
            diamond,
        })
    }

    /// The tier for this many points ever earned.
    pub fn tier_for(&self, earned: i64) -> Tier {
        if earned >= self.diamond {
            Tier::Diamond
        } else if earned >= self.gold {
            Tier::Gold
        } else if earned >= self.silver {
            Tier::Silver
        } else {
            Tier::Basic
        }
    }

    /// The next tier up and the points still needed for it.
    pub fn next(&self, earned: i64) -> Option<(Tier, i64)> {
        [
            (Tier::Silver, self.silver),
            (Tier::Gold, self.gold),
            (Tier::Diamond, self.diamond),
        ]
        .into_iter()
        .find(|(_, from)| earned < *from)
        .map(|(tier, from)| (tier, from - earned))
    }
}

/// Every club rule with its current value (club manager).
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<SettingView>, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let mut out = Vec::with_capacity(ALL.len());
    for s in ALL {
        out.push(SettingView {
            key: s.key.to_owned(),
            value: settings::get_int(db, s).await?,
            default: s.default,
            min: s.min,
            max: s.max,
        });
    }
    Ok(out)
}

/// Changes one rule (club manager), audited. Tier thresholds must stay in
/// order: 银卡 < 金卡 < 钻石卡.
pub async fn set(
    db: &DatabaseConnection,
    actor: &Actor,
    key: &str,
    value: i64,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let s = ALL
        .into_iter()
        .find(|s| s.key == key)
        .ok_or(DomainError::NotFound)?;
    let mut t = TierThresholds::load(db).await?;
    match s.key {
        k if k == SILVER_FROM.key => t.silver = value,
        k if k == GOLD_FROM.key => t.gold = value,
        k if k == DIAMOND_FROM.key => t.diamond = value,
        _ => {}
    }
    if !(0 < t.silver && t.silver < t.gold && t.gold < t.diamond) {
        return Err(DomainError::field("value", "tiers_out_of_order"));
    }
    settings::write_int(db, actor, s, value, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_follow_points_ever_earned() {
        let t = TierThresholds {
            silver: 2_000,
            gold: 10_000,
            diamond: 50_000,
        };
        assert_eq!(t.tier_for(0), Tier::Basic);
        assert_eq!(t.tier_for(1_999), Tier::Basic);
        assert_eq!(t.tier_for(2_000), Tier::Silver);
        assert_eq!(t.tier_for(49_999), Tier::Gold);
        assert_eq!(t.tier_for(50_000), Tier::Diamond);
        assert_eq!(t.next(1_500), Some((Tier::Silver, 500)));
        assert_eq!(t.next(10_000), Some((Tier::Diamond, 40_000)));
        assert_eq!(t.next(60_000), None);
    }
}
