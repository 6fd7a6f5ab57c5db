//! The club's demo data: a rewards catalogue, events past and upcoming
//! (one of them full), and both demo members enrolled with a ledger that
//! has history (a redemption that ate the oldest points, points about to
//! lapse, a silver tier, events attended).

use crate::DomainError;
use crate::club::ledger::{self, Movement};
use crate::club::membership::insert_member;
use crate::entity::{
    club_event, customer, event_registration, merchant, offer, reward, reward_redemption,
};
use anju_types::club::{LedgerKind, PointsReason, RedemptionStatus};
use anju_types::club_event::RegistrationStatus;
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

/// (merchant, category, address, [(offer, discount, min tier, per member, total)]).
type DemoOffer = (&'static str, &'static str, &'static str, i32, i32);
const MERCHANTS: [(&str, &str, &str, &[DemoOffer]); 19] = [
    (
        "滨江海鲜酒家",
        "餐饮",
        "滨江府商业街 3 号",
        &[("会员宴请 9 折", "整单 9 折（酒水除外）", "basic", 2, 500)],
    ),
    (
        "禾木日料",
        "餐饮",
        "滨江府商业街 12 号",
        &[("午市套餐立减 30 元", "满 150 减 30", "basic", 3, 300)],
    ),
    (
        "麦香烘焙",
        "餐饮",
        "云栖苑社区中心 1 层",
        &[("生日蛋糕 8.5 折", "8.5 折", "basic", 1, 200)],
    ),
    (
        "居然之家 南山店",
        "家居建材",
        "南山区深南大道 9001 号",
        &[
            ("业主家具 9 折", "家具 9 折", "basic", 1, 1000),
            (
                "金卡专享 全屋定制 8.5 折",
                "全屋定制 8.5 折",
                "gold",
                1,
                100,
            ),
        ],
    ),
    (
        "欧派橱柜",
        "家居建材",
        "南山区科技园展厅",
        &[("橱柜立减 2000 元", "满 2 万减 2000", "silver", 1, 200)],
    ),
    (
        "雷士照明",
        "家居建材",
        "西湖区文三路 88 号",
        &[("灯具 8 折", "8 折", "basic", 1, 300)],
    ),
    (
        "立邦刷新服务",
        "家居建材",
        "上门服务",
        &[("墙面翻新 9 折", "9 折", "basic", 1, 200)],
    ),
    (
        "新东方少儿英语",
        "教育培训",
        "滨江府会所 2 层",
        &[("试听课免费 + 报名 95 折", "报名 95 折", "basic", 1, 150)],
    ),
    (
        "乐高机器人中心",
        "教育培训",
        "云栖苑社区中心 2 层",
        &[("体验课 1 节", "免费体验 1 节", "basic", 1, 100)],
    ),
    (
        "启明星钢琴",
        "教育培训",
        "滨江府商业街 20 号",
        &[("学期课程立减 500 元", "立减 500 元", "silver", 1, 80)],
    ),
    (
        "美年大健康",
        "健康医疗",
        "南山区海德三道 1 号",
        &[("业主体检套餐 7 折", "7 折", "basic", 2, 300)],
    ),
    (
        "瑞尔齿科",
        "健康医疗",
        "西湖区天目山路 100 号",
        &[("洁牙 1 次 99 元", "洁牙 99 元", "basic", 1, 200)],
    ),
    (
        "一兆韦德健身",
        "健康医疗",
        "滨江府会所 B1",
        &[("月卡 8 折", "8 折", "basic", 1, 150)],
    ),
    (
        "顺丰同城",
        "生活服务",
        "全城",
        &[("同城跑腿券 10 元", "立减 10 元", "basic", 5, 2000)],
    ),
    (
        "好管家家政",
        "生活服务",
        "上门服务",
        &[("开荒保洁 9 折", "9 折", "basic", 1, 300)],
    ),
    (
        "洁丽雅洗衣",
        "生活服务",
        "滨江府商业街 6 号",
        &[("洗衣 8 折", "8 折", "basic", 3, 500)],
    ),
    (
        "途牛旅游",
        "休闲娱乐",
        "线上",
        &[(
            "钻石卡专享 海岛游立减 1000 元",
            "立减 1000 元",
            "diamond",
            1,
            20,
        )],
    ),
    (
        "万达影城",
        "休闲娱乐",
        "南山区万达广场 5 层",
        &[("观影 2 人同行 1 人半价", "第二张半价", "basic", 2, 800)],
    ),
    (
        "湖畔高尔夫练习场",
        "休闲娱乐",
        "西湖区之江路 1 号",
        &[("练习球 100 颗", "免费 100 颗", "gold", 1, 60)],
    ),
];

pub async fn seed(
    tx: &impl ConnectionTrait,
    members: &[customer::Model],
    coffee_id: i64,
    project_name: &str,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    seed_offers(tx, coffee_id, now).await?;
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
    let events = seed_events(tx, now).await?;
    let mut member_ids = Vec::new();
    for (i, c) in members.iter().enumerate() {
        if i == 0 {
            // 张伟: enrolled ~2 years ago, bought a home, so his purchase
            // points are the oldest left and lapse within 90 days.
            let m = insert_member(tx, c.id, Some(1985), days_ago(700)).await?;
            member_ids.push(m.id);
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
                earn(PointsReason::Event, 50)
                    .source("业主中秋游园会")
                    .dedupe(format!("event:{}", events.mid_autumn)),
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
            member_ids.push(m.id);
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
                Movement::new(LedgerKind::Earn, PointsReason::Event, 50)
                    .source("亲子烘焙课堂")
                    .dedupe(format!("event:{}", events.baking)),
                days_ago(60),
            )
            .await?;
        }
    }
    // Who went where, and 李娜 holds the yoga class's only seat (so 张伟
    // meets a full event and its waitlist).
    let places = [
        (
            events.mid_autumn,
            0,
            RegistrationStatus::Attended,
            days_ago(305),
        ),
        (events.baking, 1, RegistrationStatus::Attended, days_ago(65)),
        (
            events.christmas,
            0,
            RegistrationStatus::Registered,
            days_ago(2),
        ),
        (events.yoga, 1, RegistrationStatus::Registered, days_ago(1)),
    ];
    for (event_id, who, status, at) in places {
        let Some(&member_id) = member_ids.get(who) else {
            continue;
        };
        let attended = status == RegistrationStatus::Attended;
        event_registration::ActiveModel {
            event_id: Set(event_id),
            member_id: Set(member_id),
            status: Set(status.as_str().to_owned()),
            queued_at: Set(at),
            checked_in_at: Set(attended.then_some(at + Duration::days(5))),
            checked_in_by: Set(None),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        club_event::Entity::update_many()
            .col_expr(
                club_event::Column::SeatsTaken,
                Expr::col(club_event::Column::SeatsTaken).add(1),
            )
            .filter(club_event::Column::Id.eq(event_id))
            .exec(tx)
            .await?;
    }
    Ok(())
}

struct DemoEvents {
    mid_autumn: i64,
    baking: i64,
    christmas: i64,
    yoga: i64,
}

/// Two past events, three upcoming (one with a single seat).
async fn seed_events(
    tx: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<DemoEvents, DomainError> {
    // (title, description, location, (days from now, hour in Beijing,
    // hours long), capacity, points)
    type Words = (&'static str, &'static str, &'static str);
    type When = (i64, i64, i64);
    let rows: [(Words, When, i32, Option<i32>); 5] = [
        (
            (
                "业主中秋游园会",
                "猜灯谜、做月饼，全家同乐。",
                "安居·滨江府 中心花园",
            ),
            (-300, 18, 3),
            300,
            None,
        ),
        (
            (
                "亲子烘焙课堂",
                "烘焙师带小朋友做曲奇。",
                "安居会所 二楼烘焙教室",
            ),
            (-60, 14, 2),
            16,
            None,
        ),
        (
            (
                "亲子烘焙课（圣诞特辑）",
                "圣诞姜饼屋，适合 5–12 岁小朋友和家长。",
                "安居会所 二楼烘焙教室",
            ),
            (6, 14, 2),
            12,
            Some(80),
        ),
        (
            (
                "周末瑜伽体验课",
                "专业教练带练，自备瑜伽垫。",
                "安居会所 一楼多功能厅",
            ),
            (4, 9, 1),
            1,
            None,
        ),
        (
            (
                "业主新春联欢会",
                "年夜饭、抽奖和文艺汇演。",
                "安居·滨江府 会所宴会厅",
            ),
            (20, 18, 3),
            200,
            Some(100),
        ),
    ];
    let mut ids = Vec::new();
    for ((title, description, location), (days, hour, hours), capacity, points) in rows {
        // The day `days` from now at `hour` o'clock Beijing time.
        let day = (now + Duration::days(days) + Duration::hours(8)).date_naive();
        let starts_at =
            day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() + Duration::hours(hour - 8);
        let row = club_event::ActiveModel {
            title: Set(title.to_owned()),
            description: Set(description.to_owned()),
            location: Set(location.to_owned()),
            project_id: Set(None),
            starts_at: Set(starts_at),
            ends_at: Set(starts_at + Duration::hours(hours)),
            capacity: Set(capacity),
            seats_taken: Set(0),
            points: Set(points),
            active: Set(true),
            created_at: Set(now - Duration::days(400)),
            updated_at: Set(now - Duration::days(400)),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        ids.push(row.id);
    }
    Ok(DemoEvents {
        mid_autumn: ids[0],
        baking: ids[1],
        christmas: ids[2],
        yoga: ids[3],
    })
}

async fn seed_offers(
    tx: &impl ConnectionTrait,
    coffee_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let offer =
        |merchant_id: i64, (title, discount, tier, limit, total): DemoOffer| offer::ActiveModel {
            merchant_id: Set(merchant_id),
            title: Set(title.to_owned()),
            description: Set("凭券到店出示会员码使用，不与其他优惠同享。".to_owned()),
            discount: Set(discount.to_owned()),
            min_tier: Set(tier.to_owned()),
            valid_from: Set(now - Duration::days(30)),
            valid_until: Set(now + Duration::days(180)),
            per_member_limit: Set(limit),
            total_quantity: Set(total),
            claimed_count: Set(0),
            active: Set(true),
            created_at: Set(now - Duration::days(30)),
            updated_at: Set(now - Duration::days(30)),
            ..Default::default()
        };
    offer(coffee_id, ("会员饮品 8 折", "饮品 8 折", "basic", 2, 1000))
        .insert(tx)
        .await?;
    merchant::Entity::update_many()
        .col_expr(merchant::Column::Address, Expr::value("滨江府商业街 1 号"))
        .filter(merchant::Column::Id.eq(coffee_id))
        .exec(tx)
        .await?;
    for (name, category, address, offers) in MERCHANTS {
        let m = merchant::ActiveModel {
            name: Set(name.to_owned()),
            category: Set(category.to_owned()),
            address: Set(Some(address.to_owned())),
            active: Set(true),
            created_at: Set(now - Duration::days(60)),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        for o in offers {
            offer(m.id, *o).insert(tx).await?;
        }
    }
    Ok(())
}
