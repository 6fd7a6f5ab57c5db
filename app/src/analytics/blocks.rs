//! The dashboard's figures as charts: titles, notes and table columns in
//! the user's language, options built by [`crate::components::chart::build`].

use crate::components::chart::{ChartBlock, build};
use crate::marketing::campaigns_page::percent;
use anju_domain::marketing::campaigns::ratio_bp;
use anju_types::analytics::Dashboard;
use anju_types::{Lang, Money};

/// Chinese first, English beside it.
fn t(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// Fen as 万元 (ten thousand yuan), two decimals, for chart axes.
fn wan(m: Money) -> f64 {
    (m.fen() as f64 / 1_000_000.0 * 100.0).round() / 100.0
}

pub fn all(d: &Dashboard, lang: Lang) -> Vec<ChartBlock> {
    vec![
        funnel(d, lang),
        forecast(d, lang),
        pyramid(d, lang),
        campaign_roi(d, lang),
        contacts(d, lang),
        club(d, lang),
        conversion(d, lang),
        departments(d, lang),
        staff(d, lang),
    ]
}

fn funnel(d: &Dashboard, lang: Lang) -> ChartBlock {
    let steps = &d.pipeline.funnel;
    ChartBlock {
        key: "funnel".to_owned(),
        title: t(lang, "销售漏斗", "Sales funnel"),
        note: t(
            lang,
            "期间内新建的商机到达过各阶段的数量，转化率以首个阶段为基数",
            "Opportunities opened in the period that reached each stage; conversion from the first stage",
        ),
        columns: vec![
            t(lang, "阶段", "Stage"),
            t(lang, "到达", "Reached"),
            t(lang, "转化率", "Conversion"),
        ],
        rows: steps
            .iter()
            .map(|s| {
                vec![
                    s.stage.label(lang).to_owned(),
                    s.reached.to_string(),
                    format!("{:.1}%", s.conversion),
                ]
            })
            .collect(),
        option: build::funnel(
            &steps
                .iter()
                .map(|s| (s.stage.label(lang).to_owned(), s.reached as i64))
                .collect::<Vec<_>>(),
            false,
        ),
    }
}

fn forecast(d: &Dashboard, lang: Lang) -> ChartBlock {
    let rows = &d.pipeline.by_project;
    let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    ChartBlock {
        key: "forecast".to_owned(),
        title: t(lang, "销售预测（按项目）", "Forecast by project"),
        note: t(
            lang,
            "在途金额 = 在途商机的预计金额；加权预测 = 预计金额 × 阶段成交概率；单位：万元",
            "Pipeline = expected amounts of open opportunities; weighted = × the stage's probability; in ¥10,000",
        ),
        columns: vec![
            t(lang, "项目", "Project"),
            t(lang, "在途商机", "Open"),
            t(lang, "在途金额（元）", "Pipeline (¥)"),
            t(lang, "加权预测（元）", "Weighted (¥)"),
            t(lang, "成交套数", "Deals"),
            t(lang, "成交金额（元）", "Signed (¥)"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.open.to_string(),
                    r.pipeline.plain(),
                    r.weighted.plain(),
                    r.deals.to_string(),
                    r.deal_amount.plain(),
                ]
            })
            .collect(),
        option: build::bars(
            &names,
            &[
                (
                    t(lang, "在途金额（元）", "Pipeline (¥)"),
                    rows.iter().map(|r| wan(r.pipeline)).collect(),
                ),
                (
                    t(lang, "加权预测（元）", "Weighted (¥)"),
                    rows.iter().map(|r| wan(r.weighted)).collect(),
                ),
                (
                    t(lang, "成交金额（元）", "Signed (¥)"),
                    rows.iter().map(|r| wan(r.deal_amount)).collect(),
                ),
            ],
            &[],
        ),
    }
}

fn pyramid(d: &Dashboard, lang: Lang) -> ChartBlock {
    let items: Vec<(String, i64)> = d
        .pyramid
        .segments
        .iter()
        .map(|c| (c.segment.label(lang).to_owned(), c.customers))
        .collect();
    ChartBlock {
        key: "pyramid".to_owned(),
        title: t(lang, "客户金字塔", "Customer pyramid"),
        note: t(
            lang,
            "按价值分分层，每日重算（不按项目和期间筛选）",
            "Segments by value score, recomputed daily (not filtered by project or period)",
        ),
        columns: vec![t(lang, "客群", "Segment"), t(lang, "人数", "Customers")],
        rows: items
            .iter()
            .map(|(n, v)| vec![n.clone(), v.to_string()])
            .collect(),
        option: build::funnel(&items, true),
    }
}

fn campaign_roi(d: &Dashboard, lang: Lang) -> ChartBlock {
    let c = &d.campaigns;
    let roi = t(lang, "投资回报率 %", "ROI %");
    ChartBlock {
        key: "campaign-roi".to_owned(),
        title: t(lang, "市场活动投资回报", "Campaign ROI"),
        note: t(
            lang,
            "费用与成交额单位：万元；ROI =（成交额 − 费用）÷ 费用",
            "Cost and revenue in ¥10,000; ROI = (revenue − cost) ÷ cost",
        ),
        columns: vec![
            t(lang, "活动", "Campaign"),
            t(lang, "渠道", "Channel"),
            t(lang, "费用（元）", "Cost (¥)"),
            t(lang, "线索", "Leads"),
            t(lang, "成交", "Deals"),
            t(lang, "成交额（元）", "Revenue (¥)"),
            t(lang, "单条线索成本（元）", "Cost per lead (¥)"),
            t(lang, "投资回报率", "ROI"),
        ],
        rows: c
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.channel.clone(),
                    c.cost.plain(),
                    c.figures.leads.to_string(),
                    c.figures.deals.to_string(),
                    c.figures.revenue.plain(),
                    c.figures
                        .cost_per_lead
                        .map_or("—".to_owned(), |m| m.plain()),
                    percent(c.figures.roi_bp),
                ]
            })
            .collect(),
        option: build::bars(
            &c.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
            &[
                (
                    t(lang, "费用（元）", "Cost (¥)"),
                    c.iter().map(|c| wan(c.cost)).collect(),
                ),
                (
                    t(lang, "成交额（元）", "Revenue (¥)"),
                    c.iter().map(|c| wan(c.figures.revenue)).collect(),
                ),
                (
                    roi.clone(),
                    c.iter()
                        .map(|c| c.figures.roi_bp.unwrap_or(0) as f64 / 100.0)
                        .collect(),
                ),
            ],
            &[roi.as_str()],
        ),
    }
}

fn contacts(d: &Dashboard, lang: Lang) -> ChartBlock {
    let days: Vec<String> = d.contacts.iter().map(|c| c.day.to_string()).collect();
    let running = |day: chrono::NaiveDate| {
        d.campaign_periods
            .iter()
            .filter(|p| p.starts_on <= day && day <= p.ends_on)
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    ChartBlock {
        key: "contacts".to_owned(),
        title: t(
            lang,
            "来电来访与市场活动",
            "Calls and visits against campaigns",
        ),
        note: t(
            lang,
            "每日来电、来访人次；阴影为市场活动期",
            "Inbound calls and visits per day; shaded: campaign periods",
        ),
        columns: vec![
            t(lang, "日期", "Day"),
            t(lang, "来电", "Calls"),
            t(lang, "来访", "Visits"),
            t(lang, "进行中的活动", "Campaigns running"),
        ],
        rows: d
            .contacts
            .iter()
            .map(|c| {
                vec![
                    c.day.to_string(),
                    c.calls.to_string(),
                    c.visits.to_string(),
                    running(c.day),
                ]
            })
            .collect(),
        option: build::daily_lines(
            &days,
            &[
                (
                    t(lang, "来电", "Calls"),
                    d.contacts.iter().map(|c| c.calls).collect(),
                ),
                (
                    t(lang, "来访", "Visits"),
                    d.contacts.iter().map(|c| c.visits).collect(),
                ),
            ],
            &d.campaign_periods
                .iter()
                .map(|p| {
                    (
                        p.name.clone(),
                        p.starts_on.to_string(),
                        p.ends_on.to_string(),
                    )
                })
                .collect::<Vec<_>>(),
        ),
    }
}

fn club(d: &Dashboard, lang: Lang) -> ChartBlock {
    let m = &d.club;
    let (members, joined) = (
        t(lang, "会员总数", "Members"),
        t(lang, "新入会", "New members"),
    );
    ChartBlock {
        key: "club".to_owned(),
        title: t(lang, "会员增长与积分", "Member growth and points"),
        note: t(
            lang,
            "按月：新入会、月末会员总数（右轴），获得与兑换的积分（左轴）",
            "Per month: new members and members at month end (right axis), points earned and redeemed (left axis)",
        ),
        columns: vec![
            t(lang, "月份", "Month"),
            joined.clone(),
            members.clone(),
            t(lang, "获得积分", "Points earned"),
            t(lang, "兑换积分", "Points redeemed"),
        ],
        rows: m
            .iter()
            .map(|c| {
                vec![
                    c.month.clone(),
                    c.new_members.to_string(),
                    c.members.to_string(),
                    c.points_earned.to_string(),
                    c.points_redeemed.to_string(),
                ]
            })
            .collect(),
        option: build::bars(
            &m.iter().map(|c| c.month.clone()).collect::<Vec<_>>(),
            &[
                (
                    t(lang, "获得积分", "Points earned"),
                    m.iter().map(|c| c.points_earned as f64).collect(),
                ),
                (
                    t(lang, "兑换积分", "Points redeemed"),
                    m.iter().map(|c| c.points_redeemed as f64).collect(),
                ),
                (
                    members.clone(),
                    m.iter().map(|c| c.members as f64).collect(),
                ),
                (
                    joined.clone(),
                    m.iter().map(|c| c.new_members as f64).collect(),
                ),
            ],
            &[members.as_str(), joined.as_str()],
        ),
    }
}

fn conversion(d: &Dashboard, lang: Lang) -> ChartBlock {
    let c = &d.conversion;
    let rows = [
        (
            t(lang, "会员首次购买", "Member → first purchase"),
            c.first_purchases,
            c.first_purchase_base,
        ),
        (
            t(lang, "业主再次购买", "Owner → repurchase"),
            c.repurchases,
            c.owners,
        ),
        (
            t(lang, "推荐成交", "Member → successful referral"),
            c.referrers,
            c.members,
        ),
        (
            t(lang, "沉睡唤醒", "Dormant → active"),
            c.reactivated,
            c.dormant,
        ),
    ];
    ChartBlock {
        key: "club-conversion".to_owned(),
        title: t(lang, "客户会转化", "Club conversion"),
        note: t(
            lang,
            "截至期末：入会时未购房的会员中已签约的比例；业主中签约两套及以上的比例；会员中推荐亲友成交的比例；期前 180 天无往来的会员中期内回来的比例",
            "As of the period's end: members who had not bought when joining and have signed since; owners with two or more contracts; members whose referred friend signed; members silent for the 180 days before the period who came back in it",
        ),
        columns: vec![
            t(lang, "转化", "Conversion"),
            t(lang, "人数", "Converted"),
            t(lang, "基数", "Base"),
            t(lang, "转化率", "Rate"),
        ],
        rows: rows
            .iter()
            .map(|(n, num, den)| {
                vec![
                    n.clone(),
                    num.to_string(),
                    den.to_string(),
                    percent(ratio_bp(*num, *den)),
                ]
            })
            .collect(),
        option: build::bars(
            &rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
            &[(
                t(lang, "转化率 %", "Rate %"),
                rows.iter()
                    .map(|(_, num, den)| ratio_bp(*num, *den).unwrap_or(0) as f64 / 100.0)
                    .collect(),
            )],
            &[],
        ),
    }
}

fn departments(d: &Dashboard, lang: Lang) -> ChartBlock {
    let rows = &d.departments;
    let compliance = t(lang, "达标率 %", "Within target %");
    ChartBlock {
        key: "ticket-sla".to_owned(),
        title: t(
            lang,
            "工单量与 SLA 达标率（按部门）",
            "Tickets and SLA compliance by department",
        ),
        note: t(
            lang,
            "期内新建工单按处理部门计（未派单的计入客服中心）；达标率 = 按时解决 ÷ 已到期（已解决或超时未解决）",
            "Tickets opened in the period, by the departments that worked on them (never dispatched: the service desk); compliance = resolved in time ÷ due (resolved, or open past the target)",
        ),
        columns: vec![
            t(lang, "部门", "Department"),
            t(lang, "工单", "Tickets"),
            t(lang, "已到期", "Due"),
            t(lang, "按时解决", "In time"),
            t(lang, "达标率", "Compliance"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.department.clone(),
                    r.tickets.to_string(),
                    r.due.to_string(),
                    r.within_target.to_string(),
                    percent(r.compliance_bp),
                ]
            })
            .collect(),
        option: build::bars(
            &rows
                .iter()
                .map(|r| r.department.clone())
                .collect::<Vec<_>>(),
            &[
                (
                    t(lang, "工单", "Tickets"),
                    rows.iter().map(|r| r.tickets as f64).collect(),
                ),
                (
                    compliance.clone(),
                    rows.iter()
                        .map(|r| r.compliance_bp.unwrap_or(0) as f64 / 100.0)
                        .collect(),
                ),
            ],
            &[compliance.as_str()],
        ),
    }
}

fn staff(d: &Dashboard, lang: Lang) -> ChartBlock {
    let rows = &d.staff;
    ChartBlock {
        key: "staff-kpis".to_owned(),
        title: t(lang, "员工绩效", "Staff KPIs"),
        note: t(
            lang,
            "跟进 = 记录的来电、去电、来访；转化 = 期内新建商机中已成交的比例；SLA 与满意度来自其负责的工单（满意度为回访评分均值，满分 5）",
            "Follow-ups = calls and visits logged; conversion = their opportunities opened in the period that became deals; SLA and satisfaction from the tickets they handled (mean revisit rating, out of 5)",
        ),
        columns: vec![
            t(lang, "员工", "Staff"),
            t(lang, "跟进", "Follow-ups"),
            t(lang, "商机", "Opportunities"),
            t(lang, "成交", "Deals"),
            t(lang, "转化率", "Conversion"),
            t(lang, "工单", "Tickets"),
            t(lang, "SLA 达标率", "SLA"),
            t(lang, "满意度", "Satisfaction"),
        ],
        rows: rows
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.follow_ups.to_string(),
                    s.opportunities.to_string(),
                    s.deals.to_string(),
                    percent(s.conversion_bp),
                    s.tickets.to_string(),
                    percent(s.sla_bp),
                    s.satisfaction_x100
                        .map_or("—".to_owned(), |v| format!("{}.{:02}", v / 100, v % 100)),
                ]
            })
            .collect(),
        option: build::bars(
            &rows.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
            &[
                (
                    t(lang, "跟进", "Follow-ups"),
                    rows.iter().map(|s| s.follow_ups as f64).collect(),
                ),
                (
                    t(lang, "成交", "Deals"),
                    rows.iter().map(|s| s.deals as f64).collect(),
                ),
                (
                    t(lang, "工单", "Tickets"),
                    rows.iter().map(|s| s.tickets as f64).collect(),
                ),
            ],
            &[],
        ),
    }
}
