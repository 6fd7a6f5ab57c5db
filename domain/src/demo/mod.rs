//! Demo data (`ANJU_DEMO=1` or `anju seed-demo`): a believable developer with
//! two projects, staff of every role, two members and a partner merchant.
//! Every demo login uses the password [`DEMO_PASSWORD`].

mod club;
pub mod scale;
mod service;

use crate::customers::initials::name_initials;
use crate::deals::sale::plan;
use crate::entity::{
    building, customer, deal, deal_installment, deal_payment, department, merchant, opportunity,
    project, unit,
};
use crate::pipeline::opportunities::record_change;
use crate::users::{self, NewUser};
use crate::{DomainError, db::begin_write};
use anju_types::customer::SOURCE_CHANNELS;
use anju_types::pipeline::LOST_REASONS;
use anju_types::{AccountKind, DealStatus, Money, Role, Stage, UnitStatus};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

pub const DEMO_PASSWORD: &str = "Demo@2026";

/// The demo logins, for printing at start-up: (login, who).
pub const DEMO_LOGINS: [(&str, &str); 11] = [
    ("13800000001", "会员 张伟 / member"),
    ("13800000002", "会员 李娜 / member"),
    ("admin", "系统管理员 / admin"),
    ("sales1", "置业顾问 王芳 / sales"),
    ("sales2", "置业顾问 李明 / sales"),
    ("manager1", "销售经理 刘强 / sales manager"),
    ("service1", "客服 陈静 / service agent"),
    ("eng1", "工程部 杨洋 / engineering"),
    ("club1", "客户会 赵敏 / club manager"),
    ("mkt1", "营销策划 黄磊 / marketing"),
    ("merchant1", "星河咖啡 / partner merchant"),
];

/// Seeds the demo data into an empty database. Returns `false` (and writes
/// nothing) when the database already has users.
pub async fn seed(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<bool, DomainError> {
    if crate::entity::user::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let tx = begin_write(db).await?;

    let mut dept_ids = std::collections::HashMap::new();
    for (code, name) in [
        ("sales", "销售部"),
        ("service", "客服中心"),
        ("engineering", "工程部"),
        ("property", "物业部"),
        ("design", "设计部"),
        ("club", "客户会"),
        ("marketing", "营销部"),
        ("it", "信息部"),
    ] {
        let d = department::ActiveModel {
            code: Set(code.to_owned()),
            name: Set(name.to_owned()),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        dept_ids.insert(code, d.id);
    }

    let coffee = merchant::ActiveModel {
        name: Set("星河咖啡".to_owned()),
        category: Set("餐饮".to_owned()),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;

    let mut member_customers = Vec::new();
    for (name, mobile, gender) in [
        ("张伟", "13800000001", "male"),
        ("李娜", "13800000002", "female"),
    ] {
        let c = customer::ActiveModel {
            name: Set(name.to_owned()),
            name_initials: Set(name_initials(name)),
            mobile: Set(mobile.to_owned()),
            mobile_last4: Set(mobile[7..].to_owned()),
            consent_marketing: Set(true),
            source_channel: Set(Some("老带新".to_owned())),
            gender: Set(Some(gender.to_owned())),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        member_customers.push(c);
    }
    for c in &member_customers {
        users::create_user(
            &tx,
            NewUser {
                kind: AccountKind::Member,
                login: c.mobile.clone(),
                display_name: c.name.clone(),
                password: DEMO_PASSWORD.to_owned(),
                roles: vec![Role::Member],
                department_id: None,
                customer_id: Some(c.id),
                merchant_id: None,
            },
            now,
        )
        .await?;
    }

    let staff: [(&str, &str, Role, &str); 8] = [
        ("admin", "系统管理员", Role::Admin, "it"),
        ("sales1", "王芳", Role::Sales, "sales"),
        ("sales2", "李明", Role::Sales, "sales"),
        ("manager1", "刘强", Role::SalesManager, "sales"),
        ("service1", "陈静", Role::ServiceAgent, "service"),
        ("eng1", "杨洋", Role::ServiceHandler, "engineering"),
        ("club1", "赵敏", Role::ClubManager, "club"),
        ("mkt1", "黄磊", Role::Marketing, "marketing"),
    ];
    let mut staff_ids = std::collections::HashMap::new();
    for (login, name, role, dept) in staff {
        let created = users::create_user(
            &tx,
            NewUser {
                kind: AccountKind::Staff,
                login: login.to_owned(),
                display_name: name.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                roles: vec![role],
                department_id: dept_ids.get(dept).copied(),
                customer_id: None,
                merchant_id: None,
            },
            now,
        )
        .await?;
        staff_ids.insert(login, created.id);
    }
    users::create_user(
        &tx,
        NewUser {
            kind: AccountKind::Merchant,
            login: "merchant1".to_owned(),
            display_name: "星河咖啡 前台".to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            roles: vec![Role::Merchant],
            department_id: None,
            customer_id: None,
            merchant_id: Some(coffee.id),
        },
        now,
    )
    .await?;

    seed_inventory(&tx, now).await?;
    seed_prospects(&tx, &staff_ids, now).await?;
    seed_sales(&tx, &staff_ids, now).await?;
    seed_lead_history(&tx, &staff_ids, now).await?;
    service::seed(&tx, &staff_ids, now).await?;
    club::seed(&tx, &member_customers, coffee.id, "安居·滨江府", now).await?;
    tx.commit().await?;
    Ok(true)
}

async fn seed_inventory(
    tx: &impl sea_orm::ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    // (code, name, city, district, status, buildings: (name, floors, units/floor),
    //  base price per m² in yuan)
    let projects = [
        (
            "BJF",
            "安居·滨江府",
            "深圳",
            "南山区",
            "selling",
            [("1栋", 18, 4), ("2栋", 18, 4)],
            68_000,
        ),
        (
            "YQY",
            "安居·云栖苑",
            "杭州",
            "西湖区",
            "presale",
            [("A座", 12, 4), ("B座", 12, 4)],
            42_000,
        ),
    ];
    // Layout and area (hundredths of m²) by position on the floor.
    let plans = [
        ("三室两厅", 8950),
        ("两室两厅", 7820),
        ("四室两厅", 12860),
        ("三室两厅", 9630),
    ];
    for (code, name, city, district, status, buildings, price_per_m2) in projects {
        let p = project::ActiveModel {
            code: Set(code.to_owned()),
            name: Set(name.to_owned()),
            city: Set(city.to_owned()),
            district: Set(district.to_owned()),
            status: Set(status.to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        for (b_name, floors, per_floor) in buildings {
            let b = building::ActiveModel {
                project_id: Set(p.id),
                name: Set(b_name.to_owned()),
                floors: Set(floors),
                units_per_floor: Set(per_floor),
                ..Default::default()
            }
            .insert(tx)
            .await?;
            let mut rows = Vec::new();
            for floor in 1..=floors {
                for pos in 1..=per_floor {
                    let (layout, area) = plans[(pos as usize - 1) % plans.len()];
                    // Higher floors cost more: +0.5% per floor, rounded to the yuan.
                    let price_yuan =
                        area as i64 * price_per_m2 as i64 / 100 * (200 + floor as i64) / 200;
                    let status = demo_status(floor, pos, status == "selling");
                    rows.push(unit::ActiveModel {
                        building_id: Set(b.id),
                        floor: Set(floor),
                        number: Set(format!("{floor}{pos:02}")),
                        layout: Set(layout.to_owned()),
                        area_centi_m2: Set(area as i64),
                        list_price_fen: Set(price_yuan * 100),
                        status: Set(status.to_owned()),
                        updated_at: Set(now),
                        ..Default::default()
                    });
                }
            }
            unit::Entity::insert_many(rows).exec(tx).await?;
        }
    }
    Ok(())
}

/// A plausible spread of sales progress in a project that is selling.
fn demo_status(floor: i32, pos: i32, selling: bool) -> &'static str {
    if !selling {
        return "available";
    }
    match (floor * 7 + pos * 3) % 10 {
        0 | 1 => "contracted",
        2 => "reserved",
        3 => "held",
        4 if floor < 6 => "delivered",
        _ => "available",
    }
}

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: [&str; 24] = [
    "建华", "秀英", "志强", "丽娟", "海涛", "静怡", "国庆", "晓燕", "文博", "雅琴", "子涵", "浩然",
    "思远", "梦瑶", "永明", "佳怡", "俊杰", "欣然", "德胜", "婉婷", "天宇", "诗琪", "立新", "嘉欣",
];

/// Prospects for the two salespeople (and a few unassigned), each with a
/// first visit and, for some, a follow-up call and a next follow-up date.
async fn seed_prospects(
    tx: &impl sea_orm::ConnectionTrait,
    staff_ids: &std::collections::HashMap<&str, i64>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    use crate::entity::interaction;
    let project_ids: Vec<i64> = project::Entity::find()
        .all(tx)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let owners = [
        staff_ids.get("sales1").copied(),
        staff_ids.get("sales2").copied(),
        None,
    ];
    for i in 0..60usize {
        let name = format!(
            "{}{}",
            SURNAMES[i % SURNAMES.len()],
            GIVEN[(i * 7) % GIVEN.len()]
        );
        let mobile = format!("1391000{:04}", i + 1);
        let assigned = owners[i % 3];
        let first_visit = now - chrono::Duration::days((i as i64 * 3) % 90 + 1);
        let c = customer::ActiveModel {
            name_initials: Set(name_initials(&name)),
            name: Set(name),
            mobile_last4: Set(mobile[7..].to_owned()),
            mobile: Set(mobile),
            gender: Set(Some(if i % 2 == 0 { "male" } else { "female" }.to_owned())),
            city: Set(Some(if i % 4 == 0 { "杭州" } else { "深圳" }.to_owned())),
            source_channel: Set(Some(SOURCE_CHANNELS[i % SOURCE_CHANNELS.len()].to_owned())),
            consent_marketing: Set(i % 5 != 0),
            assigned_sales_id: Set(assigned),
            created_at: Set(first_visit),
            updated_at: Set(first_visit),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        interaction::ActiveModel {
            customer_id: Set(c.id),
            kind: Set("visit".to_owned()),
            occurred_at: Set(first_visit),
            staff_user_id: Set(assigned),
            notes: Set("首次到访售楼处，了解户型与价格".to_owned()),
            next_follow_up_on: Set(None),
            created_at: Set(first_visit),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        // Every prospect is interested in one project, at some stage.
        let (stage, reason) = match i % 6 {
            0 | 4 => (Stage::Visit, None),
            1 | 5 => (Stage::Intent, None),
            2 => (Stage::PreDeal, None),
            _ => (Stage::Lost, Some(LOST_REASONS[i % LOST_REASONS.len()])),
        };
        let furthest = if stage == Stage::Lost {
            2
        } else {
            stage.rank()
        };
        let expected_yuan = 5_000_000 + (i as i64 % 7) * 500_000;
        let opp = opportunity::ActiveModel {
            customer_id: Set(c.id),
            project_id: Set(project_ids[i % project_ids.len()]),
            sales_user_id: Set(assigned),
            stage: Set(stage.as_str().to_owned()),
            furthest_rank: Set(furthest),
            expected_amount_fen: Set(Some(expected_yuan * 100)),
            expected_close_on: Set(Some(
                crate::business_date(now) + chrono::Duration::days(30 + (i as i64 % 60)),
            )),
            source_channel: Set(c.source_channel.clone()),
            campaign_code: Set(None),
            lost_reason: Set(reason.map(str::to_owned)),
            deal_amount_fen: Set(None),
            stage_changed_at: Set(first_visit),
            created_at: Set(first_visit),
            updated_at: Set(first_visit),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        record_change(tx, opp.id, None, Stage::Visit, None, assigned, first_visit).await?;
        if stage != Stage::Visit {
            record_change(
                tx,
                opp.id,
                Some(Stage::Visit),
                stage,
                reason.map(str::to_owned),
                assigned,
                first_visit,
            )
            .await?;
        }
        if i % 2 == 0 {
            let call = (first_visit + chrono::Duration::days(2)).min(now);
            interaction::ActiveModel {
                customer_id: Set(c.id),
                kind: Set("call_out".to_owned()),
                occurred_at: Set(call),
                staff_user_id: Set(assigned),
                notes: Set("电话回访，客户关注三室户型与学区".to_owned()),
                next_follow_up_on: Set(Some(
                    crate::business_date(now) + chrono::Duration::days((i % 7) as i64),
                )),
                created_at: Set(call),
                ..Default::default()
            }
            .insert(tx)
            .await?;
        }
    }
    Ok(())
}

/// How many older leads [`seed_lead_history`] adds: with the prospects,
/// buyers and members the ledger holds about 2,000 customers.
pub const HISTORY_LEADS: usize = 1_800;

/// The long tail of a real ledger: older leads (30 days to 2 years old),
/// inserted in batches, each with a first visit and an opportunity; open
/// ones have a follow-up planned, so they fill no one's queue today.
async fn seed_lead_history(
    tx: &impl sea_orm::ConnectionTrait,
    staff_ids: &std::collections::HashMap<&str, i64>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    use crate::entity::{customer_tag, interaction, opportunity_stage_change as stage_change};
    let project_ids: Vec<i64> = project::Entity::find()
        .order_by_asc(project::Column::Id)
        .all(tx)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let owners = [
        staff_ids.get("sales1").copied(),
        staff_ids.get("sales2").copied(),
        None,
    ];
    let today = crate::business_date(now);
    let indices: Vec<usize> = (0..HISTORY_LEADS).collect();
    for batch in indices.chunks(300) {
        let lead = |i: usize| {
            let since = now - chrono::Duration::days(30 + (i as i64 * 13) % 700);
            let stage = match i % 10 {
                0..=3 => Stage::Lost,
                4..=6 => Stage::Visit,
                7 | 8 => Stage::Intent,
                _ => Stage::PreDeal,
            };
            (since, stage, owners[i % owners.len()])
        };
        let customers = batch.iter().map(|&i| {
            let (since, _, owner) = lead(i);
            let name = format!(
                "{}{}",
                SURNAMES[(i * 7 + 3) % SURNAMES.len()],
                GIVEN[(i * 11 + i / 24) % GIVEN.len()]
            );
            let mobile = format!("1393{:07}", i + 1);
            customer::ActiveModel {
                name_initials: Set(name_initials(&name)),
                name: Set(name),
                mobile_last4: Set(mobile[7..].to_owned()),
                mobile: Set(mobile),
                gender: Set(Some(if i % 3 == 0 { "female" } else { "male" }.to_owned())),
                city: Set(Some(if i % 2 == 0 { "深圳" } else { "杭州" }.to_owned())),
                source_channel: Set(Some(
                    SOURCE_CHANNELS[(i / 2) % SOURCE_CHANNELS.len()].to_owned(),
                )),
                consent_marketing: Set(i % 4 != 0),
                assigned_sales_id: Set(owner),
                created_at: Set(since),
                updated_at: Set(since),
                ..Default::default()
            }
        });
        let ids = customer::Entity::insert_many(customers)
            .exec_with_returning_keys(tx)
            .await?;
        let pairs: Vec<(usize, i64)> = batch.iter().copied().zip(ids).collect();
        interaction::Entity::insert_many(pairs.iter().map(|&(i, id)| {
            let (since, stage, owner) = lead(i);
            interaction::ActiveModel {
                customer_id: Set(id),
                kind: Set("visit".to_owned()),
                occurred_at: Set(since),
                staff_user_id: Set(owner),
                notes: Set("到访售楼处，登记意向".to_owned()),
                next_follow_up_on: Set(stage
                    .is_open()
                    .then(|| today + chrono::Duration::days(7 + (i as i64 % 60)))),
                created_at: Set(since),
                ..Default::default()
            }
        }))
        .exec(tx)
        .await?;
        let tags: Vec<customer_tag::ActiveModel> = pairs
            .iter()
            .filter_map(|&(i, id)| {
                let tag = match i % 7 {
                    0 => "学区房",
                    3 => "改善型",
                    _ => return None,
                };
                Some(customer_tag::ActiveModel {
                    customer_id: Set(id),
                    tag: Set(tag.to_owned()),
                })
            })
            .collect();
        customer_tag::Entity::insert_many(tags).exec(tx).await?;
        let opp_ids = opportunity::Entity::insert_many(pairs.iter().map(|&(i, id)| {
            let (since, stage, owner) = lead(i);
            opportunity::ActiveModel {
                customer_id: Set(id),
                project_id: Set(project_ids[i % project_ids.len()]),
                sales_user_id: Set(owner),
                stage: Set(stage.as_str().to_owned()),
                furthest_rank: Set(if stage == Stage::Lost {
                    1 + (i as i32 % 2)
                } else {
                    stage.rank()
                }),
                expected_amount_fen: Set(Some((4_000_000 + (i as i64 % 9) * 400_000) * 100)),
                expected_close_on: Set(stage
                    .is_open()
                    .then(|| today + chrono::Duration::days(30 + (i as i64 % 120)))),
                source_channel: Set(Some(
                    SOURCE_CHANNELS[(i / 2) % SOURCE_CHANNELS.len()].to_owned(),
                )),
                campaign_code: Set(None),
                lost_reason: Set(
                    (stage == Stage::Lost).then(|| LOST_REASONS[i % LOST_REASONS.len()].to_owned())
                ),
                deal_amount_fen: Set(None),
                stage_changed_at: Set(since),
                created_at: Set(since),
                updated_at: Set(since),
                ..Default::default()
            }
        }))
        .exec_with_returning_keys(tx)
        .await?;
        stage_change::Entity::insert_many(pairs.iter().zip(opp_ids).map(|(&(i, _), opp)| {
            let (since, stage, owner) = lead(i);
            stage_change::ActiveModel {
                opportunity_id: Set(opp),
                from_stage: Set(None),
                to_stage: Set(stage.as_str().to_owned()),
                reason: Set(
                    (stage == Stage::Lost).then(|| LOST_REASONS[i % LOST_REASONS.len()].to_owned())
                ),
                changed_by: Set(owner),
                changed_at: Set(since),
                ..Default::default()
            }
        }))
        .exec(tx)
        .await?;
    }
    Ok(())
}

/// Every unit the demo shows as held, reserved, contracted or delivered gets
/// a buyer (an owner, once contracted), an opportunity at 准成交 or 成交, and
/// — from reservation on — a deal with its plan and payments.
async fn seed_sales(
    tx: &impl sea_orm::ConnectionTrait,
    staff_ids: &std::collections::HashMap<&str, i64>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let sellers = [
        staff_ids.get("sales1").copied(),
        staff_ids.get("sales2").copied(),
    ];
    let projects: std::collections::HashMap<i64, i64> = building::Entity::find()
        .all(tx)
        .await?
        .into_iter()
        .map(|b| (b.id, b.project_id))
        .collect();
    let sold = unit::Entity::find()
        .filter(unit::Column::Status.ne(UnitStatus::Available.as_str()))
        .order_by_asc(unit::Column::Id)
        .all(tx)
        .await?;
    for (i, u) in sold.into_iter().enumerate() {
        let status = UnitStatus::parse(&u.status).unwrap_or(UnitStatus::Available);
        let seller = sellers[i % sellers.len()];
        let since = now - chrono::Duration::days(20 + (i as i64 * 5) % 300);
        let mobile = format!("1392000{:04}", i + 1);
        let name = format!(
            "{}{}",
            SURNAMES[(i * 3 + 1) % SURNAMES.len()],
            GIVEN[(i * 5 + 2) % GIVEN.len()]
        );
        let buyer = customer::ActiveModel {
            name_initials: Set(name_initials(&name)),
            name: Set(name),
            mobile_last4: Set(mobile[7..].to_owned()),
            mobile: Set(mobile),
            gender: Set(Some(if i % 2 == 0 { "female" } else { "male" }.to_owned())),
            city: Set(Some("深圳".to_owned())),
            source_channel: Set(Some(
                SOURCE_CHANNELS[(i + 1) % SOURCE_CHANNELS.len()].to_owned(),
            )),
            consent_marketing: Set(true),
            assigned_sales_id: Set(seller),
            created_at: Set(since),
            updated_at: Set(since),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        // Demo holds were entered by hand: they carry no expiry.
        let mut held: unit::ActiveModel = u.clone().into();
        held.customer_id = Set(Some(buyer.id));
        held.status_by = Set(seller);
        held.update(tx).await?;
        crate::entity::interaction::ActiveModel {
            customer_id: Set(buyer.id),
            kind: Set("visit".to_owned()),
            occurred_at: Set(since),
            staff_user_id: Set(seller),
            notes: Set(format!("到访选房，意向 {} 号房", u.number)),
            next_follow_up_on: Set(None),
            created_at: Set(since),
            ..Default::default()
        }
        .insert(tx)
        .await?;

        let list = Money::from_fen(u.list_price_fen);
        // Every third buyer got 1% off, within a salesperson's authority.
        let discount = if i % 3 == 0 { list.fen() / 100 } else { 0 };
        let price = Money::from_fen(list.fen() - discount);
        let stage = if status.is_sold() {
            Stage::Deal
        } else {
            Stage::PreDeal
        };
        let opp = opportunity::ActiveModel {
            customer_id: Set(buyer.id),
            project_id: Set(projects.get(&u.building_id).copied().unwrap_or_default()),
            sales_user_id: Set(seller),
            stage: Set(stage.as_str().to_owned()),
            furthest_rank: Set(stage.rank()),
            expected_amount_fen: Set(Some(price.fen())),
            expected_close_on: Set(None),
            source_channel: Set(buyer.source_channel.clone()),
            campaign_code: Set(None),
            lost_reason: Set(None),
            deal_amount_fen: Set(status.is_sold().then_some(price.fen())),
            stage_changed_at: Set(since),
            created_at: Set(since),
            updated_at: Set(since),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        record_change(tx, opp.id, None, stage, None, seller, since).await?;
        let deal_status = match status {
            UnitStatus::Reserved => DealStatus::Reserved,
            UnitStatus::Contracted => DealStatus::Contracted,
            UnitStatus::Delivered => DealStatus::Delivered,
            _ => continue,
        };
        let deposit = Money::from_yuan(50_000);
        let contracted =
            (deal_status != DealStatus::Reserved).then_some(since + chrono::Duration::days(7));
        let d = deal::ActiveModel {
            unit_id: Set(u.id),
            customer_id: Set(buyer.id),
            opportunity_id: Set(Some(opp.id)),
            sales_user_id: Set(seller),
            status: Set(deal_status.as_str().to_owned()),
            list_price_fen: Set(list.fen()),
            discount_fen: Set(discount),
            price_fen: Set(price.fen()),
            deposit_fen: Set(deposit.fen()),
            discount_approval: Set("not_needed".to_owned()),
            approved_by: Set(None),
            approved_at: Set(None),
            approval_note: Set(None),
            reserved_at: Set(since),
            contracted_at: Set(contracted),
            delivered_at: Set((deal_status == DealStatus::Delivered)
                .then_some(since + chrono::Duration::days(120))),
            cancelled_at: Set(None),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        let Some(contracted) = contracted else {
            continue;
        };
        let signed_on = crate::business_date(contracted);
        for (seq, (label, days, amount)) in plan(price, deposit).into_iter().enumerate() {
            let due_on = if days == 0 {
                crate::business_date(since)
            } else {
                signed_on + chrono::Duration::days(days)
            };
            deal_installment::ActiveModel {
                deal_id: Set(d.id),
                seq: Set(seq as i32 + 1),
                label: Set(label.to_owned()),
                due_on: Set(due_on),
                amount_fen: Set(amount.fen()),
                ..Default::default()
            }
            .insert(tx)
            .await?;
            // Instalments already due have been paid.
            if due_on <= crate::business_date(now) {
                deal_payment::ActiveModel {
                    deal_id: Set(d.id),
                    amount_fen: Set(amount.fen()),
                    received_on: Set(due_on),
                    method: Set(if label == "尾款（按揭）" {
                        "mortgage"
                    } else {
                        "transfer"
                    }
                    .to_owned()),
                    reference: Set(format!("DEMO-{}-{}", d.id, seq + 1)),
                    recorded_by: Set(seller),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(tx)
                .await?;
            }
        }
    }
    Ok(())
}
