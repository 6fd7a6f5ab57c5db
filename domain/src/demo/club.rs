//! The club's demo data: a rewards catalogue, and both demo members
//! enrolled with a ledger that has history (a redemption that ate the
//! oldest points, points about to lapse, a silver tier).

use crate::DomainError;
use crate::club::ledger::{self, Movement};
use crate::club::membership::insert_member;
use crate::entity::{customer, reward, reward_redemption};
use anju_types::club::{LedgerKind, PointsReason, RedemptionStatus};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

const REWARDS: [(&str, &str, i64, i64); 6] = [
    (
        "星河咖啡 饮品券",
        "任意中杯饮品一杯，星河咖啡各门店通用。",
        300,
        500,
    ),
    (
        "物业费抵扣 100 元",
        "抵扣下期物业费 100 元，由物业服务中心核销。",
        1_000,
        200,
    ),
    (
        "家居清洁服务 2 小时",
        "专业保洁上门服务 2 小时，提前三天预约。",
        1_500,
        80,
    ),
    (
        "儿童乐园全天票",
        "社区儿童乐园全天畅玩，限 1.2 米以下儿童。",
        800,
        120,
    ),
    ("精品雨伞", "客户会定制双人雨伞。", 600, 300),
    ("空调深度清洗", "挂机或柜机一台深度清洗，含上门。", 2_000, 0),
];

pub async fn seed(
    tx: &impl ConnectionTrait,
    members: &[customer::Model],
    project_name: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let mut rewards = Vec::new();
    for (name, description, cost, stock) in REWARDS {
        rewards.push(
            reward::ActiveModel {
                name: Set(name.to_owned()),
                description: Set(description.to_owned()),
                points_cost: Set(cost),
                stock: Set(stock),
                active: Set(true),
                created_at: Set(now - Duration::days(400)),
                updated_at: Set(now - Duration::days(400)),
                ..Default::default()
            }
            .insert(tx)
            .await?,
        );
    }
    let days_ago = |d: i64| now - Duration::days(d);
    for (i, c) in members.iter().enumerate() {
        if i == 0 {
            // 张伟: enrolled ~2 years ago, bought a home, so his purchase
            // points are the oldest left and lapse within 90 days.
            let m = insert_member(tx, c.id, Some(1985), days_ago(700)).await?;
            let earn = |reason, points| Movement::new(LedgerKind::Earn, reason, points);
            ledger::credit(
                tx,
                m.id,
                earn(PointsReason::Enrolment, 200).dedupe("enrolment"),
                days_ago(700),
            )
            .await?;
            ledger::credit(
                tx,
                m.id,
                earn(PointsReason::Purchase, 3_000).source(project_name),
                days_ago(650),
            )
            .await?;
            ledger::credit(
                tx,
                m.id,
                earn(PointsReason::Event, 50).source("业主中秋游园会"),
                days_ago(300),
            )
            .await?;
            let prize = &rewards[1];
            let entry = ledger::debit(
                tx,
                m.id,
                Movement::new(LedgerKind::Redeem, PointsReason::Reward, prize.points_cost)
                    .source(prize.name.clone()),
                days_ago(120),
            )
            .await?;
            reward_redemption::ActiveModel {
                reward_id: Set(prize.id),
                member_id: Set(m.id),
                points: Set(prize.points_cost),
                entry_id: Set(entry.id),
                status: Set(RedemptionStatus::Fulfilled.as_str().to_owned()),
                created_at: Set(days_ago(120)),
                ..Default::default()
            }
            .insert(tx)
            .await?;
            reward::Entity::update_many()
                .col_expr(
                    reward::Column::Stock,
                    Expr::col(reward::Column::Stock).sub(1),
                )
                .filter(reward::Column::Id.eq(prize.id))
                .exec(tx)
                .await?;
            ledger::credit(
                tx,
                m.id,
                earn(PointsReason::Survey, 20).source("2026 年度业主满意度调查"),
                days_ago(30),
            )
            .await?;
        } else {
            let m = insert_member(tx, c.id, Some(1992), days_ago(90)).await?;
            ledger::credit(
                tx,
                m.id,
                Movement::new(LedgerKind::Earn, PointsReason::Enrolment, 200).dedupe("enrolment"),
                days_ago(90),
            )
            .await?;
            ledger::credit(
                tx,
                m.id,
                Movement::new(LedgerKind::Earn, PointsReason::Event, 50).source("亲子烘焙课堂"),
                days_ago(60),
            )
            .await?;
        }
    }
    Ok(())
}
