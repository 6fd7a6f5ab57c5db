//! Value segmentation: the customer pyramid (客户金字塔).
//!
//! Each customer's **value score** (0–100) adds up:
//! - amount bought: 1 per ¥100,000 of signed contracts, at most 40;
//! - purchases: 5 per signed contract, at most 15;
//! - referrals: 5 per referred friend who signed, at most 15;
//! - engagement: 2 per interaction in the last 365 days, at most 20;
//! - recency: 10 for an interaction in the last 30 days, 6 in 90, 3 in 365.
//!
//! Interactions here are two-way: visits, calls, events, surveys,
//! complaints. An SMS or email sent out says nothing of the customer's
//! engagement (and a message to the inactive must not make them active).
//!
//! Segments: a customer with nothing in the last 365 days — no
//! interaction, no contract, not registered — is **inactive**. Active
//! owners (a signed contract) are ranked by score (then amount, then id):
//! the first 1 % (rounded up) are **top**, up to 5 % **high**, up to 20 %
//! **middle**, the rest **low**. Active customers who own nothing are
//! **potential** with an open opportunity, else **watching**.
//!
//! The job recomputes everything once per business day; several instances
//! may try, the first to commit wins and the others find it done.

use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::entity::{customer, customer_segment, deal, interaction, member, opportunity, referral};
use crate::{DomainError, business_date, business_day_start};
use anju_types::referral::ReferralStatus;
use anju_types::segment::{Segment, SegmentCount, SegmentMember, SegmentPage, SegmentSummary};
use anju_types::{MobilePhone, Permission, Stage};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::{HashMap, HashSet};

const FEN_PER_100K: i64 = 10_000_000;
const PAGE: u64 = 50;
/// Messages sent out, which do not count as engagement.
const ONE_WAY: [&str; 2] = ["sms", "email"];

/// What the score and the segment are computed from, per customer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    pub purchases: i64,
    pub amount_fen: i64,
    pub referrals_won: i64,
    pub interactions_365d: i64,
    pub interactions_90d: i64,
    pub interactions_30d: i64,
    pub contracts_365d: i64,
    pub registered_within_365d: bool,
    pub open_opportunity: bool,
}

impl Facts {
    pub fn score(&self) -> i32 {
        let recency = if self.interactions_30d > 0 {
            10
        } else if self.interactions_90d > 0 {
            6
        } else if self.interactions_365d > 0 {
            3
        } else {
            0
        };
        let points = (self.amount_fen / FEN_PER_100K).min(40)
            + self.purchases.min(3) * 5
            + self.referrals_won.min(3) * 5
            + self.interactions_365d.min(10) * 2
            + recency;
        points as i32
    }

    fn active(&self) -> bool {
        self.interactions_365d > 0 || self.contracts_365d > 0 || self.registered_within_365d
    }
}

/// How many of `owners` ranked owners are top, top-or-high and
/// top-to-middle: 1 %, 5 % and 20 %, each rounded up.
pub fn pyramid_cutoffs(owners: usize) -> (usize, usize, usize) {
    let up = |pct: usize| (owners * pct).div_ceil(100);
    (up(1), up(5), up(20))
}

/// Every customer's segment and score from their facts.
pub fn segment_all(facts: &HashMap<i64, Facts>) -> HashMap<i64, (Segment, i32)> {
    let mut out = HashMap::with_capacity(facts.len());
    let mut owners: Vec<(i64, i32, i64)> = Vec::new();
    for (&id, f) in facts {
        let score = f.score();
        let segment = if !f.active() {
            Segment::Inactive
        } else if f.purchases > 0 {
            owners.push((id, score, f.amount_fen));
            continue;
        } else if f.open_opportunity {
            Segment::Potential
        } else {
            Segment::Watching
        };
        out.insert(id, (segment, score));
    }
    owners.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let (top, high, middle) = pyramid_cutoffs(owners.len());
    for (rank, (id, score, _)) in owners.into_iter().enumerate() {
        let segment = match rank {
            r if r < top => Segment::Top,
            r if r < high => Segment::High,
            r if r < middle => Segment::Middle,
            _ => Segment::Low,
        };
        out.insert(id, (segment, score));
    }
    out
}

/// Reads every live customer's facts as of `now`.
pub async fn facts(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<HashMap<i64, Facts>, DomainError> {
    let since = |days: i64| now - Duration::days(days);
    let mut facts: HashMap<i64, Facts> = customer::Entity::find()
        .select_only()
        .column(customer::Column::Id)
        .column_as(customer::Column::CreatedAt.gte(since(365)), "recent")
        .filter(customer::Column::MergedIntoId.is_null())
        .into_tuple::<(i64, bool)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, recent)| {
            (
                id,
                Facts {
                    registered_within_365d: recent,
                    ..Facts::default()
                },
            )
        })
        .collect();
    let signed = || {
        deal::Entity::find()
            .select_only()
            .column(deal::Column::CustomerId)
            .filter(deal::Column::ContractedAt.is_not_null())
            .filter(deal::Column::CancelledAt.is_null())
            .group_by(deal::Column::CustomerId)
    };
    for (id, n, amount) in signed()
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .column_as(Expr::cust("CAST(SUM(price_fen) AS BIGINT)"), "amount")
        .into_tuple::<(i64, i64, Option<i64>)>()
        .all(db)
        .await?
    {
        if let Some(f) = facts.get_mut(&id) {
            f.purchases = n;
            f.amount_fen = amount.unwrap_or(0);
        }
    }
    for (id, n) in signed()
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .filter(deal::Column::ContractedAt.gte(since(365)))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
    {
        if let Some(f) = facts.get_mut(&id) {
            f.contracts_365d = n;
        }
    }
    for days in [365, 90, 30] {
        for (id, n) in interaction::Entity::find()
            .select_only()
            .column(interaction::Column::CustomerId)
            .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
            .filter(interaction::Column::OccurredAt.gte(since(days)))
            .filter(interaction::Column::OccurredAt.lte(now))
            .filter(interaction::Column::Kind.is_not_in(ONE_WAY))
            .group_by(interaction::Column::CustomerId)
            .into_tuple::<(i64, i64)>()
            .all(db)
            .await?
        {
            if let Some(f) = facts.get_mut(&id) {
                match days {
                    365 => f.interactions_365d = n,
                    90 => f.interactions_90d = n,
                    _ => f.interactions_30d = n,
                }
            }
        }
    }
    let won: Vec<(i64, i64)> = referral::Entity::find()
        .select_only()
        .column(referral::Column::ReferrerMemberId)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .filter(referral::Column::Status.eq(ReferralStatus::Won.as_str()))
        .group_by(referral::Column::ReferrerMemberId)
        .into_tuple()
        .all(db)
        .await?;
    let member_customer: HashMap<i64, i64> = member::Entity::find()
        .select_only()
        .columns([member::Column::Id, member::Column::CustomerId])
        .filter(member::Column::Id.is_in(won.iter().map(|(m, _)| *m)))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for (member_id, n) in won {
        if let Some(f) = member_customer
            .get(&member_id)
            .and_then(|c| facts.get_mut(c))
        {
            f.referrals_won += n;
        }
    }
    let open: HashSet<i64> = opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::CustomerId)
        .distinct()
        .filter(opportunity::Column::Stage.is_in(Stage::OPEN.iter().map(|s| s.as_str())))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for id in open {
        if let Some(f) = facts.get_mut(&id) {
            f.open_opportunity = true;
        }
    }
    Ok(facts)
}

/// Recomputes the pyramid unless it was already computed this business
/// day (the job); `Ok(None)` when it was.
pub async fn recompute_if_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Option<usize>, DomainError> {
    if last_computed(db).await? >= Some(business_day_start(business_date(now))) {
        return Ok(None);
    }
    recompute(db, now, false).await
}

/// Recomputes the pyramid now (marketing's "recompute" button).
pub async fn recompute_now(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<usize, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    Ok(recompute(db, now, true).await?.unwrap_or(0))
}

async fn last_computed(db: &impl ConnectionTrait) -> Result<Option<DateTime<Utc>>, DomainError> {
    Ok(customer_segment::Entity::find()
        .order_by_desc(customer_segment::Column::ComputedAt)
        .one(db)
        .await?
        .map(|r| r.computed_at))
}

/// Reads the facts outside the write lock, then replaces every row in one
/// transaction — unless, when not `forced`, another instance got there
/// first today.
async fn recompute(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    forced: bool,
) -> Result<Option<usize>, DomainError> {
    let segments = segment_all(&facts(db, now).await?);
    let tx = begin_write(db).await?;
    if !forced && last_computed(&tx).await? >= Some(business_day_start(business_date(now))) {
        return Ok(None);
    }
    customer_segment::Entity::delete_many().exec(&tx).await?;
    let rows: Vec<customer_segment::ActiveModel> = segments
        .iter()
        .map(
            |(&customer_id, &(segment, score))| customer_segment::ActiveModel {
                customer_id: Set(customer_id),
                segment: Set(segment.as_str().to_owned()),
                score: Set(score),
                computed_at: Set(now),
            },
        )
        .collect();
    for chunk in rows.chunks(500) {
        customer_segment::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Some(segments.len()))
}

fn may_read(actor: &Actor) -> Result<(), DomainError> {
    if auth::can(actor, Permission::ManageMarketing) || auth::can(actor, Permission::ViewAnalytics)
    {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// The pyramid's counts as last computed (marketing, analysts).
pub async fn summary(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<SegmentSummary, DomainError> {
    may_read(actor)?;
    let counts: HashMap<String, i64> = customer_segment::Entity::find()
        .select_only()
        .column(customer_segment::Column::Segment)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .group_by(customer_segment::Column::Segment)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(SegmentSummary {
        segments: Segment::ALL
            .iter()
            .map(|s| SegmentCount {
                segment: *s,
                customers: counts.get(s.as_str()).copied().unwrap_or(0),
            })
            .collect(),
        computed_at: last_computed(db).await?,
    })
}

/// A segment's customers, highest score first, 50 a page.
pub async fn members(
    db: &DatabaseConnection,
    actor: &Actor,
    segment: Segment,
    page: u64,
) -> Result<SegmentPage, DomainError> {
    may_read(actor)?;
    let rows: Vec<(i64, i32, String, String, bool)> = customer_segment::Entity::find()
        .select_only()
        .column(customer_segment::Column::CustomerId)
        .column(customer_segment::Column::Score)
        .column(customer::Column::Name)
        .column(customer::Column::Mobile)
        .column(customer::Column::ConsentMarketing)
        .join(
            sea_orm::JoinType::InnerJoin,
            customer_segment::Entity::belongs_to(customer::Entity)
                .from(customer_segment::Column::CustomerId)
                .to(customer::Column::Id)
                .into(),
        )
        .filter(customer_segment::Column::Segment.eq(segment.as_str()))
        // A record merged since the last run is gone from every list.
        .filter(customer::Column::MergedIntoId.is_null())
        .order_by_desc(customer_segment::Column::Score)
        .order_by_asc(customer_segment::Column::CustomerId)
        .offset(page * PAGE)
        .limit(PAGE + 1)
        .into_tuple()
        .all(db)
        .await?;
    let more = rows.len() as u64 > PAGE;
    Ok(SegmentPage {
        items: rows
            .into_iter()
            .take(PAGE as usize)
            .map(
                |(customer_id, score, name, mobile, consent)| SegmentMember {
                    customer_id,
                    name,
                    mobile: MobilePhone::parse(&mobile)
                        .map(|m| m.masked())
                        .unwrap_or_default(),
                    score,
                    consent_marketing: consent,
                },
            )
            .collect(),
        next_page: more.then_some(page + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pyramid_cuts_at_1_5_and_20_percent_rounded_up() {
        assert_eq!(pyramid_cutoffs(0), (0, 0, 0));
        assert_eq!(pyramid_cutoffs(1), (1, 1, 1));
        assert_eq!(pyramid_cutoffs(10), (1, 1, 2));
        assert_eq!(pyramid_cutoffs(100), (1, 5, 20));
        assert_eq!(pyramid_cutoffs(250), (3, 13, 50));
    }

    #[test]
    fn the_score_adds_its_five_parts_with_their_caps() {
        let f = Facts {
            purchases: 2,
            amount_fen: 250_000_000, // ¥2.5M → 25
            referrals_won: 1,
            interactions_365d: 4,
            interactions_90d: 1,
            ..Facts::default()
        };
        assert_eq!(f.score(), 25 + 10 + 5 + 8 + 6);
        let max = Facts {
            purchases: 9,
            amount_fen: i64::MAX / 2,
            referrals_won: 9,
            interactions_365d: 99,
            interactions_90d: 99,
            interactions_30d: 99,
            ..Facts::default()
        };
        assert_eq!(max.score(), 100);
    }

    #[test]
    fn owners_rank_into_the_pyramid_and_others_by_activity() {
        let owner = |amount_fen| Facts {
            purchases: 1,
            amount_fen,
            contracts_365d: 1,
            ..Facts::default()
        };
        let mut facts: HashMap<i64, Facts> =
            (1..=10).map(|i| (i, owner(i * FEN_PER_100K))).collect();
        facts.insert(
            11,
            Facts {
                open_opportunity: true,
                registered_within_365d: true,
                ..Facts::default()
            },
        );
        facts.insert(
            12,
            Facts {
                interactions_365d: 1,
                ..Facts::default()
            },
        );
        facts.insert(
            13,
            Facts {
                purchases: 3,
                amount_fen: 99 * FEN_PER_100K,
                ..Facts::default()
            },
        );
        let s = segment_all(&facts);
        // Ten active owners: one top (the largest), one middle, eight low.
        assert_eq!(s[&10].0, Segment::Top);
        assert_eq!(s[&9].0, Segment::Middle);
        assert_eq!(s[&8].0, Segment::Low);
        assert_eq!(s[&11].0, Segment::Potential);
        assert_eq!(s[&12].0, Segment::Watching);
        assert_eq!(s[&13].0, Segment::Inactive, "an owner silent for a year");
    }
}
