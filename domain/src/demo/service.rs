//! Demo service desk: a few hundred tickets from the buyers of the demo's
//! sold units across kinds, channels, statuses and departments — some
//! overdue, many closed and rated — and the knowledge base.

use crate::DomainError;
use crate::entity::{department, kb_article, ticket, ticket_event, ticket_task, unit};
use crate::tickets::sla;
use anju_types::ticket::TICKET_CATEGORIES;
use anju_types::{TaskStatus, TicketChannel, TicketKind, TicketPriority, TicketStatus};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

const TICKETS: usize = 300;

/// (category, title, description, what the department did)
pub(super) const PROBLEMS: [(&str, &str, &str, &str); 12] = [
    (
        "repair.leaks",
        "卫生间地面渗水",
        "楼下邻居反映天花板有水渍，怀疑我家卫生间防水有问题。",
        "重做卫生间防水层并闭水试验 48 小时",
    ),
    (
        "repair.plumbing_electric",
        "客厅插座没电",
        "客厅两个插座突然没电，空开没有跳。",
        "更换损坏的插座并检查线路",
    ),
    (
        "repair.doors_windows",
        "阳台推拉门关不严",
        "推拉门下滑轨变形，关门很费力，有缝隙漏风。",
        "更换滑轮并调整门扇",
    ),
    (
        "repair.walls_floors",
        "卧室墙面开裂",
        "主卧靠窗墙面出现细长裂缝。",
        "铲除开裂腻子重新批刮并刷漆",
    ),
    (
        "repair.common_areas",
        "地库照明不亮",
        "B2 层 3 区照明灯不亮，晚上很暗。",
        "更换灯管与感应开关",
    ),
    (
        "complaint.property",
        "保洁不及时",
        "单元门口垃圾两天没有清理。",
        "调整保洁排班并增加巡查",
    ),
    (
        "complaint.build_quality",
        "外墙渗水",
        "下雨后次卧外墙内侧潮湿发霉。",
        "外墙打胶修补并处理内墙霉斑",
    ),
    (
        "complaint.service",
        "前台态度不好",
        "咨询停车问题时前台人员不耐烦。",
        "已约谈相关人员并回电致歉",
    ),
    (
        "inquiry.handover",
        "房产证何时办理",
        "想了解房产证办理进度和需要准备的材料。",
        "已告知办证时间与材料清单",
    ),
    (
        "inquiry.fees",
        "物业费缴费方式",
        "物业费可以按季度缴纳吗？",
        "已说明缴费周期与线上缴费方式",
    ),
    (
        "handover.cracks",
        "收楼时发现地面空鼓",
        "客厅地砖敲击有空鼓声，约 4 块。",
        "更换空鼓地砖",
    ),
    (
        "handover.doors_hardware",
        "入户门锁不好用",
        "入户门锁芯卡顿，钥匙难以转动。",
        "更换锁芯",
    ),
];

/// Tiny deterministic generator: the demo looks the same every time.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

pub(super) fn kind_of(category: &str) -> TicketKind {
    TICKET_CATEGORIES
        .iter()
        .find(|(_, c, ..)| *c == category)
        .map(|(k, ..)| *k)
        .unwrap_or(TicketKind::Inquiry)
}

/// Where a demo ticket ended up, by share of the whole.
fn status_for(i: usize) -> TicketStatus {
    match i % 30 {
        0..=14 => TicketStatus::Revisited,
        15..=20 => TicketStatus::Closed,
        21..=22 => TicketStatus::AwaitingConfirmation,
        23..=25 => TicketStatus::InProgress,
        26..=28 => TicketStatus::Dispatched,
        _ => TicketStatus::Received,
    }
}

struct Event {
    kind: &'static str,
    public: bool,
    note: Option<String>,
    department_id: Option<i64>,
    actor: Option<i64>,
    at: DateTime<Utc>,
}

pub async fn seed(
    tx: &impl ConnectionTrait,
    staff_ids: &HashMap<&str, i64>,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let departments: HashMap<String, i64> = department::Entity::find()
        .all(tx)
        .await?
        .into_iter()
        .map(|d| (d.code, d.id))
        .collect();
    // The heads whom SLA warnings and escalations reach.
    for (code, head) in [("service", "service1"), ("engineering", "eng1")] {
        if let (Some(dept), Some(user)) = (departments.get(code), staff_ids.get(head)) {
            department::ActiveModel {
                id: Set(*dept),
                head_user_id: Set(Some(*user)),
                ..Default::default()
            }
            .update(tx)
            .await?;
        }
    }
    let owners: Vec<(i64, i64)> = unit::Entity::find()
        .filter(unit::Column::CustomerId.is_not_null())
        .filter(unit::Column::Status.is_in(["contracted", "delivered"]))
        .order_by_asc(unit::Column::Id)
        .all(tx)
        .await?
        .into_iter()
        .filter_map(|u| Some((u.customer_id?, u.id)))
        .collect();
    if owners.is_empty() {
        return seed_kb(tx, now).await;
    }
    let agent = staff_ids.get("service1").copied();
    let eng1 = staff_ids.get("eng1").copied();
    let mut dice = Dice(20_261_129);
    let mut events = Vec::new();
    let mut tasks = Vec::new();
    for i in 0..TICKETS {
        let (customer_id, unit_id) = owners[i % owners.len()];
        let (category, title, description, fix) =
            PROBLEMS[dice.roll(PROBLEMS.len() as u64) as usize];
        let kind = kind_of(category);
        let status = status_for(i);
        let priority = match dice.roll(10) {
            0 => TicketPriority::Urgent,
            1 | 2 => TicketPriority::High,
            9 => TicketPriority::Low,
            _ => TicketPriority::Normal,
        };
        let channel = match dice.roll(4) {
            0 => TicketChannel::Hotline,
            1 => TicketChannel::WalkIn,
            _ => TicketChannel::Portal,
        };
        // Settled tickets over the last four months; open ones over the
        // last ten days, so some are past their deadlines.
        let created = if status.is_open() || status == TicketStatus::AwaitingConfirmation {
            now - Duration::hours(2 + dice.roll(240) as i64)
        } else {
            now - Duration::days(5 + dice.roll(120) as i64)
                - Duration::minutes(dice.roll(600) as i64)
        };
        let policy = sla::default_policy(kind, priority);
        let first = sla::first_response_minutes(&policy, channel);
        let dept_code = match kind {
            TicketKind::Complaint if category == "complaint.service" => "service",
            TicketKind::Complaint | TicketKind::Suggestion => "property",
            TicketKind::Inquiry => "service",
            _ if dice.roll(5) == 0 => "property",
            _ => "engineering",
        };
        let dept = departments.get(dept_code).copied();
        let handler = if dept_code == "engineering" {
            eng1
        } else {
            None
        };
        let responded_at = (status != TicketStatus::Received)
            .then(|| created + Duration::minutes(20 + dice.roll(90) as i64));
        let with_task = dept_code != "service" && responded_at.is_some();
        // The desk answers inquiries itself: answered but not yet settled
        // ones stay 已受理.
        let status = if !with_task
            && matches!(status, TicketStatus::Dispatched | TicketStatus::InProgress)
        {
            TicketStatus::Received
        } else {
            status
        };
        let accepted_at = responded_at.map(|r| r + Duration::hours(1 + dice.roll(5) as i64));
        let done_at = accepted_at.map(|a| a + Duration::hours(4 + dice.roll(40) as i64));
        let settled = matches!(
            status,
            TicketStatus::AwaitingConfirmation | TicketStatus::Closed | TicketStatus::Revisited
        );
        let closed_at = done_at.map(|d| d + Duration::hours(2 + dice.roll(30) as i64));
        let closed = matches!(status, TicketStatus::Closed | TicketStatus::Revisited);
        let rating = (status == TicketStatus::Revisited).then(|| match dice.roll(10) {
            0 => 2,
            1 | 2 => 3,
            3..=5 => 4,
            _ => 5,
        });
        let t = ticket::ActiveModel {
            customer_id: Set(customer_id),
            unit_id: Set(Some(unit_id)),
            kind: Set(kind.as_str().to_owned()),
            category: Set(category.to_owned()),
            title: Set(title.to_owned()),
            description: Set(description.to_owned()),
            channel: Set(channel.as_str().to_owned()),
            priority: Set(priority.as_str().to_owned()),
            status: Set(status.as_str().to_owned()),
            agent_user_id: Set(responded_at.and(agent)),
            created_by: Set(if channel == TicketChannel::Portal {
                None
            } else {
                agent
            }),
            defect_tag: Set((category == "complaint.build_quality"
                || category.starts_with("handover."))
            .then(|| "engineering".to_owned())),
            first_response_warn_at: Set(sla::warn_at(created, first, false)),
            first_response_due_at: Set(sla::add_minutes(created, first, false)),
            resolution_warn_at: Set(sla::warn_at(created, policy.resolution_minutes, false)),
            resolution_due_at: Set(sla::add_minutes(created, policy.resolution_minutes, false)),
            business_hours: Set(false),
            first_responded_at: Set(responded_at),
            resolved_at: Set(done_at.filter(|_| settled)),
            closed_at: Set(closed_at.filter(|_| closed)),
            paused_at: Set(done_at.filter(|_| status == TicketStatus::AwaitingConfirmation)),
            rating: Set(rating),
            revisit_comment: Set(rating.map(|r| {
                if r >= 4 {
                    "处理及时，满意".to_owned()
                } else {
                    "速度还可以更快".to_owned()
                }
            })),
            revisited_at: Set(closed_at
                .filter(|_| rating.is_some())
                .map(|c| c + Duration::days(1))),
            reopen_count: Set(0),
            created_at: Set(created),
            updated_at: Set(created),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        let mut add = |kind, public, note: Option<&str>, department_id, actor, at| {
            events.push((
                t.id,
                Event {
                    kind,
                    public,
                    note: note.map(str::to_owned),
                    department_id,
                    actor,
                    at,
                },
            ))
        };
        add("received", true, None, None, None, created);
        if let Some(r) = responded_at {
            if with_task {
                add("dispatched", true, None, dept, agent, r);
            } else {
                add(
                    "note",
                    true,
                    Some("您好，已收到您的问题，客服正在处理。"),
                    None,
                    agent,
                    r,
                );
            }
        }
        let task_status = match status {
            TicketStatus::Dispatched => TaskStatus::Dispatched,
            TicketStatus::InProgress => TaskStatus::Accepted,
            _ => TaskStatus::Done,
        };
        if with_task && let (Some(dept), Some(r)) = (dept, responded_at) {
            if task_status != TaskStatus::Dispatched {
                add(
                    "accepted",
                    true,
                    None,
                    Some(dept),
                    handler,
                    accepted_at.unwrap_or(r),
                );
            }
            if task_status == TaskStatus::Done {
                add(
                    "task_done",
                    true,
                    Some(fix),
                    Some(dept),
                    handler,
                    done_at.unwrap_or(r),
                );
            }
            tasks.push(ticket_task::ActiveModel {
                ticket_id: Set(t.id),
                department_id: Set(dept),
                status: Set(task_status.as_str().to_owned()),
                handler_user_id: Set(handler.filter(|_| task_status != TaskStatus::Dispatched)),
                instructions: Set(None),
                result: Set((task_status == TaskStatus::Done).then(|| fix.to_owned())),
                dispatched_at: Set(r),
                accepted_at: Set(accepted_at.filter(|_| task_status != TaskStatus::Dispatched)),
                done_at: Set(done_at.filter(|_| task_status == TaskStatus::Done)),
                ..Default::default()
            });
        }
        if settled && let Some(d) = done_at {
            if !with_task {
                add("note", true, Some(fix), None, agent, d);
            }
            add("resolved", true, None, None, agent, d);
        }
        if closed && let Some(c) = closed_at {
            add("confirmed", true, None, None, None, c);
        }
        if let (Some(_), Some(c)) = (rating, closed_at) {
            add("revisited", true, None, None, None, c + Duration::days(1));
        }
    }
    for chunk in events.chunks(500) {
        ticket_event::Entity::insert_many(chunk.iter().map(|(ticket_id, e)| {
            ticket_event::ActiveModel {
                ticket_id: Set(*ticket_id),
                kind: Set(e.kind.to_owned()),
                public: Set(e.public),
                note: Set(e.note.clone()),
                department_id: Set(e.department_id),
                actor_user_id: Set(e.actor),
                at: Set(e.at),
                ..Default::default()
            }
        }))
        .exec_without_returning(tx)
        .await?;
    }
    for chunk in tasks.chunks(500) {
        ticket_task::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(tx)
            .await?;
    }
    seed_kb(tx, now).await
}

/// (section, ticket category, title, keywords, body)
const ARTICLES: [(&str, Option<&str>, &str, &str, &str); 10] = [
    (
        "new_owner",
        Some("inquiry.handover"),
        "收楼流程与需要携带的材料",
        "收楼、交房、验房、钥匙",
        "收楼当天请携带：身份证原件、购房合同、收楼通知书、已缴纳的费用凭证。\n流程：签到核验 → 缴纳物业费及代收费用 → 验房（可请专业验房师）→ 领取钥匙与《住宅使用说明书》。\n验房发现的问题请当场登记，或在会员中心提交「收楼问题」，我们会在承诺时限内安排整改。",
    ),
    (
        "new_owner",
        Some("inquiry.handover"),
        "房产证（不动产权证）办理时间",
        "房产证、不动产权证、办证",
        "一般在交房后 90 个工作日内，由开发商统一向不动产登记中心申请首次登记，之后通知业主办理转移登记。\n需要材料：身份证、户口本、婚姻证明、购房合同、契税完税凭证。\n进度可在会员中心「我的服务单」提交咨询查询。",
    ),
    (
        "new_owner",
        None,
        "装修申请与装修须知",
        "装修、施工、装修押金",
        "装修前请到物业服务中心办理装修申请，提交装修方案和施工单位资质。\n施工时间：工作日 8:00–12:00、14:00–18:00，周末与法定节假日不得进行产生噪音的施工。\n严禁拆改承重墙、剪力墙和外立面，卫生间改造后须做 48 小时闭水试验。",
    ),
    (
        "faq",
        Some("repair.leaks"),
        "卫生间或厨房漏水怎么办",
        "漏水、渗水、防水、水渍",
        "先关闭入户总水阀，擦干积水，拍照记录渗水位置。\n如楼下邻居天花板出现水渍，多为防水层问题，请在会员中心提交「报修 · 防水渗漏」，工程部会上门检测。\n保修期内（防水工程 5 年）的渗漏免费维修。",
    ),
    (
        "faq",
        Some("repair.plumbing_electric"),
        "家里突然停电怎么办",
        "停电、跳闸、插座、没电",
        "先查看户内配电箱空气开关是否跳闸：把跳下的开关复位即可。\n反复跳闸多为某个电器漏电，请拔掉该回路电器后再试。\n整栋停电请留意物业通知；仍无法解决请提交「报修 · 水电」。",
    ),
    (
        "faq",
        Some("repair.doors_windows"),
        "门窗关不严、漏风的处理",
        "门窗、推拉门、漏风、密封条",
        "推拉门关不严常见于滑轮磨损或轨道有杂物：先清理轨道再试。\n平开窗漏风多为密封条老化或五金需调整。\n保修期内（门窗 2 年）请提交「报修 · 门窗」，工程部上门调整或更换。",
    ),
    (
        "faq",
        Some("inquiry.fees"),
        "物业费如何缴纳",
        "物业费、缴费、发票",
        "物业费按季度或按年缴纳，可在物业服务中心前台刷卡，或通过银行转账。\n电子发票会在缴费后 3 个工作日内发送到您登记的邮箱。\n如对收费标准有疑问，请提交「咨询 · 物业费用」。",
    ),
    (
        "faq",
        Some("inquiry.club"),
        "会员积分怎么获得和使用",
        "积分、会员、客户会、兑换",
        "入会即获赠积分；购房、推荐亲友成交、参加会员活动、完成满意度调查均可获得积分。\n积分可在会员中心兑换礼品，或在联盟商家享受折扣。\n积分有效期为获得后 24 个月，先到期的先使用。",
    ),
    (
        "faq",
        Some("repair.common_areas"),
        "公共区域设施损坏报修",
        "电梯、路灯、地库、门禁、公共",
        "电梯困人请立即按电梯内紧急呼叫按钮或拨打物业 24 小时值班电话。\n路灯、地库照明、门禁等公共设施损坏，可提交「报修 · 公共设施」，物业会在 24 小时内处理。",
    ),
    (
        "faq",
        None,
        "服务单的处理时限是多久",
        "时限、多久、进度、投诉",
        "每张服务单都有承诺时限：投诉 24 小时内响应，热线来电 2 小时内响应；紧急维修 8 小时内解决。\n您可以在「我的服务单」像查快递一样看到每一步的处理部门和时间，以及剩余时限。\n处理完成后请确认；如未解决可重新打开，时限会继续计算。",
    ),
];

async fn seed_kb(tx: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DomainError> {
    kb_article::Entity::insert_many(ARTICLES.iter().map(
        |(section, category, title, keywords, body)| kb_article::ActiveModel {
            section: Set((*section).to_owned()),
            ticket_category: Set(category.map(str::to_owned)),
            title: Set((*title).to_owned()),
            body: Set((*body).to_owned()),
            keywords: Set((*keywords).to_owned()),
            published: Set(true),
            source_ticket_id: Set(None),
            updated_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        },
    ))
    .exec_without_returning(tx)
    .await?;
    Ok(())
}
