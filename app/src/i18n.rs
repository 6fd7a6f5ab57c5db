//! UI strings, Chinese first with English beside each: a missing translation
//! is a compile error, not a blank on screen.

use anju_types::Lang;

#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Tr {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// The page's language, for an island: islands take no props (see
/// `plain_text`), so on the server it is what [`Page`](crate::components::page::Page)
/// provides, and in the browser the `<html lang>` the server wrote from it.
pub fn page_lang() -> Lang {
    #[cfg(not(feature = "hydrate"))]
    return leptos::prelude::use_context::<Lang>().unwrap_or_default();
    #[cfg(feature = "hydrate")]
    return leptos::prelude::document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .map(|tag| Lang::from_code(&tag))
        .unwrap_or_default();
}

const fn tr(zh: &'static str, en: &'static str) -> Tr {
    Tr { zh, en }
}

pub const APP_NAME: Tr = tr("安居", "anju");
pub const TAGLINE: Tr = tr("业主与会员服务中心", "Homeowner & member centre");
pub const LOADING: Tr = tr("加载中…", "Loading…");
pub const SWITCH_LANG: Tr = tr("English", "中文");

pub const LOGIN: Tr = tr("登录", "Sign in");
pub const LOGOUT: Tr = tr("退出", "Sign out");
pub const LOGIN_TITLE: Tr = tr("登录安居", "Sign in to anju");
pub const LOGIN_IDENTIFIER: Tr = tr("手机号或用户名", "Mobile number or user name");
pub const LOGIN_PASSWORD: Tr = tr("密码", "Password");
pub const LOGIN_HINT: Tr = tr(
    "会员请使用注册手机号登录；员工与联盟商家请使用用户名。",
    "Members sign in with their mobile number; staff and merchants with their user name.",
);
pub const ERR_IDENTIFIER_REQUIRED: Tr = tr(
    "请输入手机号或用户名",
    "Enter your mobile number or user name",
);
pub const ERR_PASSWORD_REQUIRED: Tr = tr("请输入密码", "Enter your password");
pub const ERR_INVALID_CREDENTIALS: Tr = tr(
    "手机号/用户名或密码不正确",
    "The mobile number / user name or password is not correct",
);
pub const ERR_TOO_MANY: Tr = tr(
    "登录失败次数过多，请稍后再试",
    "Too many failed attempts; please try again later",
);
pub const ERR_TOO_MANY_ENROLMENTS: Tr = tr(
    "该网络入会申请过于频繁，请一小时后再试，或联系客户会",
    "Too many enrolments from this network; please try again in an hour or ask the club",
);
pub const ERR_INTERNAL: Tr = tr(
    "系统繁忙，请稍后再试",
    "Something went wrong; please try again",
);
pub const RETRY_MINUTES: Tr = tr("分钟后可重试", "minute(s) until you can retry");

pub const NAV_HOME: Tr = tr("首页", "Home");
pub const NAV_POINTS: Tr = tr("我的积分", "My points");
pub const NAV_TICKETS: Tr = tr("我的服务单", "My requests");
pub const NAV_OFFERS: Tr = tr("商家优惠", "Offers");
pub const NAV_EVENTS: Tr = tr("会员活动", "Events");
pub const NAV_PROFILE: Tr = tr("我的资料", "Profile");
pub const NAV_CONSOLE: Tr = tr("工作台", "Console");
pub const NAV_MERCHANT: Tr = tr("核销台", "Counter");

pub const WELCOME_GUEST: Tr = tr("欢迎来到安居会员中心", "Welcome to the anju member centre");
pub const WELCOME_GUEST_BODY: Tr = tr(
    "查询房产与积分、领取联盟商家优惠、报名会员活动，报修与投诉进度随时可查。",
    "Check your home and points, claim partner offers, join events, and follow every repair or complaint step by step.",
);
pub const WELCOME: Tr = tr("您好，", "Hello, ");
pub const HOME_POINTS_BALANCE: Tr = tr("积分余额", "Points balance");
pub const HOME_OPEN_TICKETS: Tr = tr("处理中的服务单", "Open requests");
pub const HOME_STAFF_HINT: Tr = tr(
    "您使用的是员工账号。",
    "You are signed in with a staff account.",
);
pub const HOME_MERCHANT_HINT: Tr = tr(
    "您使用的是联盟商家账号。",
    "You are signed in with a merchant account.",
);
pub const GO_CONSOLE: Tr = tr("进入工作台", "Open the console");
pub const GO_MERCHANT: Tr = tr("进入核销台", "Open the counter");

pub const EMPTY_POINTS: Tr = tr("暂无积分记录", "No points activity yet");
pub const EMPTY_TICKETS: Tr = tr(
    "暂无服务单。报修、投诉、咨询的每一步进度都会显示在这里。",
    "No requests yet. Every step of a repair, complaint or question will show here.",
);
pub const EMPTY_OFFERS: Tr = tr(
    "暂无可领取的商家优惠",
    "No partner offers available right now",
);
pub const EMPTY_EVENTS: Tr = tr("近期暂无会员活动", "No upcoming member events");
pub const PROFILE_NAME: Tr = tr("姓名", "Name");
pub const PROFILE_ROLE: Tr = tr("身份", "Role");

pub const CONSOLE_TITLE: Tr = tr("员工工作台", "Staff console");
pub const CONSOLE_QUEUE: Tr = tr("我的待办", "My work queue");
pub const CONSOLE_QUEUE_EMPTY: Tr = tr("暂无待办事项", "Nothing waiting for you");
pub const CONSOLE_ROLES: Tr = tr("我的角色", "My roles");
pub const CONSOLE_AREA_EMPTY: Tr = tr("暂无数据", "No records yet");

pub const MERCHANT_TITLE: Tr = tr("联盟商家核销台", "Merchant counter");
pub const MERCHANT_HISTORY: Tr = tr("核销记录", "Redemptions");
pub const MERCHANT_HISTORY_EMPTY: Tr = tr("暂无核销记录", "No redemptions yet");

pub const FORBIDDEN_TITLE: Tr = tr("无权访问", "Access denied");
pub const FORBIDDEN_BODY: Tr = tr(
    "您的账号没有访问此页面的权限。如需开通，请联系系统管理员。",
    "Your account may not open this page. Ask your administrator if you need access.",
);
pub const NOT_FOUND_TITLE: Tr = tr("页面不存在", "Page not found");
pub const BACK_HOME: Tr = tr("返回首页", "Back to home");

pub const SAVE: Tr = tr("保存", "Save");
pub const YES: Tr = tr("是", "Yes");
pub const NO: Tr = tr("否", "No");
pub const UNKNOWN: Tr = tr("未填写", "Not given");
pub const UNASSIGNED: Tr = tr("未分配", "Unassigned");
pub const NEXT_PAGE: Tr = tr("下一页 ›", "Next page ›");

pub const CUSTOMER_NEW: Tr = tr("新建客户", "New customer");
pub const CUSTOMER_SEARCH: Tr = tr("搜索", "Search");
pub const CUSTOMER_SEARCH_HINT: Tr = tr("手机号、后四位或姓名", "Mobile, last 4 digits or name");
pub const CUSTOMER_NONE_FOUND: Tr = tr("没有符合条件的客户", "No customer matches");
pub const CUSTOMER_NONE_YET: Tr = tr(
    "还没有客户，先登记第一位来访客户吧",
    "No customers yet: register the first visitor",
);
pub const CUSTOMER_NAME: Tr = tr("姓名", "Name");
pub const CUSTOMER_MOBILE: Tr = tr("手机号", "Mobile");
pub const CUSTOMER_GENDER: Tr = tr("性别", "Gender");
pub const CUSTOMER_KIND: Tr = tr("类型", "Type");
pub const CUSTOMER_SOURCE: Tr = tr("来源渠道", "Source");
pub const CUSTOMER_SALES: Tr = tr("置业顾问", "Sales consultant");
pub const CUSTOMER_CREATED: Tr = tr("登记时间", "Registered");
pub const CUSTOMER_CONSENT: Tr = tr("同意接收营销信息", "Agrees to marketing contact");
pub const CUSTOMER_NOTES: Tr = tr("备注", "Notes");
pub const CUSTOMER_ID_NUMBER: Tr = tr("身份证号", "ID number");
pub const CUSTOMER_TAGS: Tr = tr("标签", "Tags");
pub const CUSTOMER_OPEN_EXISTING: Tr = tr("查看已有档案", "Open the existing record");
pub const KIND_PROSPECT: Tr = tr("潜在客户", "Prospect");
pub const KIND_OWNER: Tr = tr("业主", "Owner");
pub const KIND_MEMBER: Tr = tr("会员", "Member");

pub const INTERACTIONS: Tr = tr("跟进记录", "Interactions");
pub const INTERACTIONS_NONE: Tr = tr("暂无跟进记录", "No interactions yet");
pub const INTERACTION_KIND: Tr = tr("方式", "Kind");
pub const INTERACTION_NOTES: Tr = tr("内容", "Notes");
pub const INTERACTION_LOG: Tr = tr("记录跟进", "Log it");
pub const NEXT_FOLLOW_UP: Tr = tr("下次跟进", "Next follow-up");
pub const FIELD_HISTORY: Tr = tr("关键信息变更", "Key field history");
pub const FIELD_HISTORY_NONE: Tr = tr("暂无变更", "No changes yet");

pub const REASSIGN: Tr = tr("客户转移", "Reassign customers");
pub const REASSIGN_HINT: Tr = tr(
    "员工离职或调岗时，把其名下全部客户转给团队中的另一位置业顾问；跟进计划随客户一起转移，变更记入客户档案。",
    "When a salesperson leaves or moves, hand all their customers to a colleague; follow-ups move with the customers and the change is kept in each record.",
);
pub const REASSIGN_FROM: Tr = tr("转出顾问", "From");
pub const REASSIGN_TO: Tr = tr("接收顾问", "To");
pub const REASSIGN_SUBMIT: Tr = tr("确认转移", "Reassign");
pub const REASSIGN_DONE: Tr = tr("已转移客户数：", "Customers moved:");

pub const QUEUE_OVERDUE: Tr = tr("逾期未跟进", "Overdue follow-ups");
pub const QUEUE_DUE_TODAY: Tr = tr("今日待跟进", "Follow-ups due today");
pub const QUEUE_STALE: Tr = tr("未跟进预警", "Not contacted lately");
pub const QUEUE_STALE_DAYS: Tr = tr("天无联系", "days without contact");
pub const QUEUE_BIRTHDAYS: Tr = tr("本周客户生日", "Customer birthdays this week");
pub const QUEUE_HOLIDAYS: Tr = tr("本周节日问候", "Holidays this week");
pub const QUEUE_NEVER_CONTACTED: Tr = tr("从未联系", "Never contacted");

pub const UNITS_AVAILABLE: Tr = tr("待售", "Available");
pub const UNITS_GRID: Tr = tr("销控表", "Sales-control grid");
pub const UNIT_DETAIL: Tr = tr("房源详情", "Unit");
pub const UNIT_LAYOUT: Tr = tr("户型", "Layout");
pub const UNIT_AREA: Tr = tr("建筑面积", "Floor area");
pub const UNIT_PRICE: Tr = tr("表价", "List price");
pub const UNIT_BUYER: Tr = tr("客户", "Customer");
pub const UNIT_CUSTOMER_MOBILE: Tr = tr("客户手机号", "Customer's mobile");
pub const UNIT_TAKEN: Tr = tr(
    "该房源状态已变化（可能已被他人认购），请刷新后再试",
    "This unit has changed (perhaps reserved by someone else); refresh and try again",
);
pub const UNIT_CLOSE: Tr = tr("关闭", "Close");

pub const ALL: Tr = tr("全部", "All");
pub const FILTER: Tr = tr("筛选", "Filter");
pub const PIPELINE_PROJECT: Tr = tr("楼盘", "Project");
pub const PIPELINE_FUNNEL: Tr = tr("销售漏斗与预测", "Funnel and forecast");
pub const PIPELINE_OPEN: Tr = tr("在跟商机", "Open opportunities");
pub const PIPELINE_WEIGHTED: Tr = tr("加权预测金额", "Weighted forecast");
pub const PIPELINE_WON: Tr = tr("已成交", "Won");
pub const PIPELINE_EMPTY: Tr = tr("暂无商机", "No opportunities");
pub const PIPELINE_STAGE: Tr = tr("阶段", "Stage");
pub const PIPELINE_LOST_REASON: Tr = tr("流失原因", "Reason lost");
pub const PIPELINE_MOVE: Tr = tr("更新阶段", "Move");
pub const OPPORTUNITIES: Tr = tr("销售商机", "Opportunities");
pub const OPPORTUNITIES_NONE: Tr = tr(
    "暂无商机：为客户意向的楼盘建立商机，跟踪到成交",
    "No opportunities yet: open one for the project the customer is interested in",
);
pub const OPPORTUNITY_NEW: Tr = tr("新建商机", "New opportunity");
pub const OPPORTUNITY_AMOUNT: Tr = tr("预计金额（元）", "Expected amount (yuan)");
pub const OPPORTUNITY_CLOSE_ON: Tr = tr("预计成交日期", "Expected close date");
pub const OPPORTUNITY_CREATE: Tr = tr("建立商机", "Open opportunity");
pub const CUSTOMER_INTENT_PROJECT: Tr = tr("意向楼盘", "Project of interest");
pub const NONE_YET: Tr = tr("暂不选择", "Not yet");

pub const DEALS: Tr = tr("交易", "Deals");
pub const DEAL_DISCOUNT: Tr = tr("优惠", "Discount");
pub const DEAL_PRICE: Tr = tr("成交价", "Price");
pub const DEAL_DEPOSIT: Tr = tr("定金", "Deposit");
pub const DEAL_APPROVAL: Tr = tr("折扣审批", "Discount approval");
pub const DEAL_PAID: Tr = tr("已收款", "Received");
pub const DEAL_RESERVED_AT: Tr = tr("认购时间", "Reserved");
pub const DEAL_CONTRACTED_AT: Tr = tr("签约时间", "Contracted");
pub const DEAL_DELIVERED_AT: Tr = tr("交房时间", "Handed over");
pub const DEAL_APPROVAL_NOTE: Tr = tr("审批意见", "Note");
pub const DEAL_APPROVE: Tr = tr("批准折扣", "Approve discount");
pub const DEAL_REJECT: Tr = tr("驳回", "Reject");
pub const DEAL_PLAN: Tr = tr("付款计划", "Payment plan");
pub const DEAL_PAYMENTS: Tr = tr("回款记录", "Payments received");
pub const DEAL_REVISE: Tr = tr("修改优惠", "Revise the discount");
pub const DEAL_RECORD_PAYMENT: Tr = tr("登记回款", "Record a payment");
pub const DEAL_PAYMENT_AMOUNT: Tr = tr("金额（元）", "Amount (yuan)");
pub const DEAL_PAYMENT_ON: Tr = tr("到账日期", "Received on");
pub const DEAL_PAYMENT_METHOD: Tr = tr("方式", "Method");
pub const DEAL_PAYMENT_REFERENCE: Tr = tr("票据号", "Receipt no.");
pub const QUEUE_APPROVALS: Tr = tr("折扣待审批", "Discounts awaiting approval");
pub const UNIT_DISCOUNT: Tr = tr("优惠金额（元）", "Discount (yuan)");
pub const UNIT_DEPOSIT: Tr = tr("定金（元）", "Deposit (yuan)");

pub const DUPLICATES: Tr = tr("疑似重复客户", "Possible duplicates");
pub const DUPLICATES_HINT: Tr = tr(
    "合并后，对方的跟进记录、商机、交易、房源、会员账号和标签都归到当前客户，可随时撤销。",
    "Merging moves the other record's interactions, opportunities, deals, units, accounts and tags here. It can be undone.",
);
pub const DUPLICATES_NONE: Tr = tr("没有疑似重复的客户", "No likely duplicates");
pub const DUP_SAME_NAME: Tr = tr("同名", "Same name");
pub const DUP_FORMER_MOBILE: Tr = tr("曾用手机号", "Former mobile");
pub const MERGE_INTO_THIS: Tr = tr("合并到当前客户", "Merge into this customer");
pub const MERGE_CONFIRM: Tr = tr(
    "确认把该客户合并到当前客户？",
    "Merge that record into this customer?",
);
pub const MERGES: Tr = tr("合并记录", "Merges");
pub const MERGE_UNDO: Tr = tr("撤销合并", "Undo merge");
pub const MERGE_UNDONE: Tr = tr("已撤销", "Undone");
pub const MERGE_MOVED: Tr = tr("转入", "Moved");
pub const MERGE_COUNTS_INTERACTIONS: Tr = tr("跟进", "interactions");
pub const MERGE_COUNTS_OPPORTUNITIES: Tr = tr("商机", "opportunities");
pub const MERGE_COUNTS_DEALS: Tr = tr("交易", "deals");
pub const MERGE_COUNTS_CLOSED: Tr = tr("重复商机已关闭", "duplicate opportunities closed");

pub const IMPORT: Tr = tr("批量导入", "Import");
pub const EXPORT_CSV: Tr = tr("导出 CSV", "Export CSV");
pub const EXPORT_OPPORTUNITIES: Tr = tr("导出商机", "Export opportunities");
pub const EXPORT_DEALS: Tr = tr("导出交易", "Export deals");
pub const NAV_HOMES: Tr = tr("楼盘", "Homes");
pub const HOMES_FOR_SALE: Tr = tr("可售", "For sale");
pub const HOMES_SOLD: Tr = tr("已售", "Sold");
pub const HOMES_EMPTY: Tr = tr("暂无已发布的楼盘", "No projects published yet");
pub const HOMES_HINT: Tr = tr(
    "价格为备案价，以售楼处公示为准。想看房请联系您的置业顾问。",
    "Prices are the registered list prices; the sales office's notice prevails. Ask your sales adviser to arrange a viewing.",
);
pub const PROJECT_STATUS: Tr = tr("发布状态", "Publication");
pub const PROJECT_STATUS_HINT: Tr = tr(
    "会员只能在门户看到预售、在售的楼盘；未发布的楼盘仅员工可见。",
    "Members see pre-sale and on-sale projects in the portal; unpublished ones only staff see.",
);
pub const PROJECT_STATUS_SAVE: Tr = tr("保存发布状态", "Save publication");
pub const PROJECT_STATUS_SAVED: Tr = tr("已保存", "Saved");
pub const IMPORT_HINT: Tr = tr(
    "上传 CSV 文件（UTF-8 或 Excel 另存的 GBK 均可），第一行为表头。手机号或身份证号已存在的行不会重复建档。",
    "Upload a CSV file (UTF-8, or GBK as Excel saves it) with a header row. Rows whose mobile or ID number is already known are not imported again.",
);
pub const IMPORT_FILE: Tr = tr("选择文件", "File");
pub const IMPORT_UPLOAD: Tr = tr("上传并设置列", "Upload and map columns");
pub const IMPORT_RECENT: Tr = tr("最近的导入", "Recent imports");
pub const IMPORT_NONE: Tr = tr("还没有导入记录", "No imports yet");
pub const IMPORT_MAPPING: Tr = tr("设置列对应关系", "Map the columns");
pub const IMPORT_SKIP_COLUMN: Tr = tr("（不导入）", "(skip)");
pub const IMPORT_ASSIGN_TO: Tr = tr("分配给置业顾问", "Assign to salesperson");
pub const IMPORT_START: Tr = tr("开始导入", "Start import");
pub const IMPORT_SAMPLE: Tr = tr("文件预览", "Preview");
pub const IMPORT_PROGRESS: Tr = tr("导入进度", "Progress");
pub const IMPORT_ROWS: Tr = tr("总行数", "Rows");
pub const IMPORT_CREATED: Tr = tr("新建客户", "Created");
pub const IMPORT_DUPLICATES: Tr = tr("重复跳过", "Duplicates skipped");
pub const IMPORT_ERRORS: Tr = tr("错误行", "Rows with errors");
pub const IMPORT_REPORT: Tr = tr("问题行报告", "Problem rows");
pub const IMPORT_REPORT_NONE: Tr = tr("所有行均已导入", "Every row was imported");
pub const IMPORT_ROW: Tr = tr("行号", "Row");
pub const IMPORT_OUTCOME: Tr = tr("结果", "Outcome");
pub const IMPORT_PROBLEM: Tr = tr("原因", "Reason");
pub const IMPORT_EXISTING: Tr = tr("查看已有客户", "Open existing customer");
pub const IMPORT_STATUS_QUEUED: Tr = tr("排队中", "Queued");
pub const IMPORT_STATUS_RUNNING: Tr = tr("导入中", "Importing");
pub const IMPORT_STATUS_DONE: Tr = tr("已完成", "Done");
pub const IMPORT_STATUS_MAPPING: Tr = tr("待设置列", "Needs mapping");
pub const IMPORT_ENCODING: Tr = tr("文件编码", "Encoding");
pub const CUSTOMER_BIRTHDAY: Tr = tr("生日", "Birthday");
pub const CUSTOMER_EMPLOYER: Tr = tr("工作单位", "Employer");
pub const CUSTOMER_EDUCATION: Tr = tr("学历", "Education");
pub const CUSTOMER_CITY: Tr = tr("城市", "City");
pub const CUSTOMER_DISTRICT: Tr = tr("区县", "District");

pub const BUILDING_NEW: Tr = tr(
    "新建楼栋（批量生成房源）",
    "New building (generates its units)",
);
pub const BUILDING_PROJECT: Tr = tr("所属楼盘", "Project");
pub const BUILDING_NAME: Tr = tr("楼栋名称", "Building name");
pub const BUILDING_FLOORS: Tr = tr("楼层数", "Floors");
pub const BUILDING_PER_FLOOR: Tr = tr("每层户数", "Units per floor");
pub const BUILDING_UNIT_TYPES: Tr = tr(
    "户型与面积（每行一户：户型 面积，如「三室两厅 89.5」；一行则每户相同）",
    "Layout and area per position (one line each: layout area, e.g. \"3BR 89.5\"; one line for all)",
);
pub const BUILDING_PRICE: Tr = tr("一层单价（元/㎡）", "Price per m² on floor 1 (yuan)");
pub const BUILDING_PREMIUM: Tr = tr(
    "每升一层加价（基点，50 = 0.5%）",
    "Premium per floor up (basis points, 50 = 0.5%)",
);
pub const BUILDING_CREATE: Tr = tr("生成房源", "Create units");
pub const PROJECT_NEW: Tr = tr("新建楼盘", "New project");
pub const PROJECT_CODE: Tr = tr("楼盘代码", "Code");
pub const PROJECT_NAME: Tr = tr("楼盘名称", "Project name");
pub const PROJECT_CREATED: Tr = tr("楼盘已创建", "Project created");

pub const SETTINGS: Tr = tr("系统设置", "Settings");
pub const SETTINGS_SAVED: Tr = tr("已保存", "Saved");
pub const SETTINGS_DEFAULT: Tr = tr("默认", "default");

// Marketing: campaigns (市场活动).
pub const CAMPAIGNS: Tr = tr("市场活动", "Campaigns");
pub const CAMPAIGN_ATTRIBUTION: Tr = tr(
    "归因：商机上填写了活动代码的客户归该活动；其余客户按来源渠道和登记日期归入同渠道、日期覆盖登记日的活动（重叠时归开始较晚的）。到访、成交与成交额从活动首日起计。",
    "Attribution: a customer whose opportunity carries a campaign's code is its lead; anyone else goes to the campaign of their source channel whose dates hold the day they were registered (the later-starting one when two overlap). Visits, deals and revenue count from the campaign's first day.",
);
pub const CAMPAIGN_NEW: Tr = tr("新建市场活动", "Plan a campaign");
pub const CAMPAIGN_SAVED: Tr = tr("已保存", "Saved");
pub const CAMPAIGN_CODE: Tr = tr("活动代码", "Code");
pub const CAMPAIGN_NAME: Tr = tr("活动名称", "Name");
pub const CAMPAIGN_CHANNEL: Tr = tr("渠道", "Channel");
pub const CAMPAIGN_STARTS: Tr = tr("开始日期", "First day");
pub const CAMPAIGN_ENDS: Tr = tr("结束日期", "Last day");
pub const CAMPAIGN_PERIOD: Tr = tr("活动期", "Dates");
pub const CAMPAIGN_COST: Tr = tr("费用（元）", "Cost (¥)");
pub const CAMPAIGN_LEADS: Tr = tr("线索", "Leads");
pub const CAMPAIGN_VISITS: Tr = tr("到访", "Visits");
pub const CAMPAIGN_DEALS: Tr = tr("成交", "Deals");
pub const CAMPAIGN_REVENUE: Tr = tr("成交额", "Revenue");
pub const CAMPAIGN_CPL: Tr = tr("单条线索成本", "Cost per lead");
pub const CAMPAIGN_CONVERSION: Tr = tr("转化率", "Conversion");
pub const CAMPAIGN_ROI: Tr = tr("投资回报率", "ROI");
pub const EMPTY_CAMPAIGNS: Tr = tr("还没有市场活动", "No campaigns yet");
pub const SEGMENTS: Tr = tr("客户金字塔", "Customer pyramid");
pub const SEGMENTS_RULE: Tr = tr(
    "价值分（0–100）= 成交金额（每 10 万元 1 分，最多 40）+ 成交套数（每套 5 分，最多 15）+ 推荐成交（每位 5 分，最多 15）+ 近一年双向往来（来访、来电、活动等，不含发出的短信邮件；每次 2 分，最多 20）+ 最近互动（30 天内 10、90 天内 6、一年内 3）。活跃业主按价值分排序：前 1% 顶端、至 5% 高端、至 20% 中端、其余低端；未成交的有在途商机为潜在，否则为观望；一年内无任何往来为不活跃。每天自动重算。",
    "Value score (0–100) = amount bought (1 per ¥100,000, at most 40) + contracts (5 each, at most 15) + referred friends who signed (5 each, at most 15) + two-way interactions in the last year (visits, calls, events — not messages sent out; 2 each, at most 20) + recency (10 within 30 days, 6 within 90, 3 within a year). Active owners by score: the first 1% top, to 5% high, to 20% middle, the rest low; non-owners with an open opportunity are potential, else watching; a year without anything is inactive. Recomputed daily.",
);
pub const SEGMENTS_COMPUTED_AT: Tr = tr("最近计算：", "Last computed:");
pub const SEGMENTS_RECOMPUTE: Tr = tr("立即重算", "Recompute now");
pub const SEGMENTS_RECOMPUTED: Tr = tr("已重算", "Recomputed");

// Targeted messages (定向消息).
pub const BROADCAST: Tr = tr("定向消息", "Message a segment");
pub const BROADCAST_RULE: Tr = tr(
    "向所选客群发送短信。未同意营销联系的客户、以及近期已达联系频次上限的客户不会收到；发送前先预览收件人与排除原因。每条短信自动附退订说明，并记入客户跟进记录。",
    "Sends an SMS to the chosen segment. Customers without marketing consent, and those already contacted as often as the contact-frequency limit allows, are left out; preview who is reached and why others are not before sending. Each SMS carries an opt-out line and is logged on the customer's timeline.",
);
pub const BROADCAST_SEGMENT: Tr = tr("目标客群", "Segment");
pub const BROADCAST_BODY: Tr = tr("短信内容", "Text");
pub const BROADCAST_BODY_HINT: Tr = tr(
    "可用 {name} 代入客户姓名",
    "{name} becomes each customer's name",
);
pub const BROADCAST_PREVIEW: Tr = tr("预览收件人", "Preview recipients");
pub const BROADCAST_WILL_REACH: Tr = tr("将发送给", "Will reach");
pub const BROADCAST_OF_TOTAL: Tr = tr("客群人数", "In the segment");
pub const BROADCAST_NO_CONSENT: Tr = tr("未同意营销联系", "No marketing consent");
pub const BROADCAST_TOO_OFTEN: Tr = tr("已达联系频次上限", "At the contact limit");
pub const BROADCAST_AS_SENT: Tr = tr("客户收到的内容", "As customers receive it");
pub const BROADCAST_EXCLUDED: Tr = tr("被排除的客户（部分）", "Left out (some)");
pub const BROADCAST_REASONS: Tr = tr("原因", "Why");
pub const BROADCAST_CONFIRM: Tr = tr("确认发送", "Send now");
pub const BROADCAST_NOBODY: Tr = tr("没有可发送的客户", "Nobody in this segment may be messaged");
pub const BROADCAST_SENT: Tr = tr("已加入短信发送队列", "Queued for sending");
pub const BROADCAST_HISTORY: Tr = tr("最近发送", "Recently sent");
pub const BROADCAST_SENT_AT: Tr = tr("时间", "When");
pub const BROADCAST_RECIPIENTS: Tr = tr("发送", "Sent");
pub const BROADCAST_LEFT_OUT: Tr = tr("排除", "Left out");
pub const BROADCAST_BY: Tr = tr("发送人", "By");
pub const EMPTY_BROADCASTS: Tr = tr("还没有发送过定向消息", "No messages sent yet");
pub const NAME: Tr = tr("姓名", "Name");
pub const MOBILE: Tr = tr("手机号", "Mobile");

// The audit log (审计日志).
pub const AUDIT_ENTITY: Tr = tr("记录类型", "Record");
pub const AUDIT_USER: Tr = tr("操作人", "User");
pub const AUDIT_ALL: Tr = tr("全部", "All");
pub const AUDIT_FILTER: Tr = tr("筛选", "Filter");
pub const AUDIT_AT: Tr = tr("时间", "When");
pub const AUDIT_ACTION: Tr = tr("操作", "Action");
pub const AUDIT_CHANGE: Tr = tr("变更内容", "Change");
pub const AUDIT_SHOW: Tr = tr("查看", "Show");
pub const AUDIT_BEFORE: Tr = tr("变更前", "Before");
pub const AUDIT_AFTER: Tr = tr("变更后", "After");
pub const AUDIT_SYSTEM: Tr = tr("系统", "System");
pub const AUDIT_OLDER: Tr = tr("更早的记录", "Older entries");
pub const EMPTY_AUDIT: Tr = tr("没有符合条件的记录", "No entries match");

// Webhooks (administrators).
pub const WEBHOOKS: Tr = tr("Webhook 推送", "Webhooks");
pub const WEBHOOK_NEW: Tr = tr("新增 Webhook", "Add a webhook");
pub const WEBHOOK_URL: Tr = tr("接收地址（URL）", "Receiver URL");
pub const WEBHOOK_EVENTS: Tr = tr("订阅事件", "Events");
pub const WEBHOOK_EVENTS_HINT: Tr = tr(
    "以空格分隔：deal.closed（成交）、member.enrolled（入会）、ticket.updated（服务单更新）；ticket.* 表示某类全部，* 表示全部",
    "Separated by spaces: deal.closed, member.enrolled, ticket.updated; ticket.* for a family, * for all",
);
pub const WEBHOOK_ACTIVE: Tr = tr("启用", "Active");
pub const WEBHOOK_PAUSED: Tr = tr("已暂停", "Paused");
pub const WEBHOOK_PENDING: Tr = tr("待发送", "Pending");
pub const WEBHOOK_FAILED: Tr = tr("已放弃", "Gave up");
pub const WEBHOOK_LOG: Tr = tr("投递记录", "Delivery log");
pub const WEBHOOK_CREATED: Tr = tr(
    "已创建。签名密钥只显示这一次，请复制保存：",
    "Created. The signing secret is shown only this once; copy it now:",
);
pub const WEBHOOK_SAVED: Tr = tr("已保存", "Saved");
pub const WEBHOOK_RESEND: Tr = tr("重新发送", "Send again");
pub const WEBHOOK_RESENT: Tr = tr("已重新排队发送", "Queued to send again");
pub const WEBHOOK_SIGNING: Tr = tr(
    "每次推送带 X-Anju-Signature：sha256= 加上以密钥对「X-Anju-Timestamp.请求体」计算的 HMAC-SHA256；失败按 1 分钟、5 分钟、30 分钟、2 小时、12 小时重试，第 6 次失败后放弃。",
    "Each delivery carries X-Anju-Signature: sha256= and the HMAC-SHA256 of \"X-Anju-Timestamp.body\" keyed with the secret; failures are retried after 1 min, 5 min, 30 min, 2 h and 12 h, then given up.",
);
pub const EMPTY_WEBHOOKS: Tr = tr("还没有 Webhook", "No webhooks yet");
pub const EMPTY_DELIVERIES: Tr = tr("还没有投递", "Nothing delivered yet");
pub const DELIVERY_EVENT: Tr = tr("事件", "Event");
pub const DELIVERY_STATE: Tr = tr("状态", "State");
pub const DELIVERY_ATTEMPTS: Tr = tr("尝试次数", "Attempts");
pub const DELIVERY_RESULT: Tr = tr("最近结果", "Last result");
pub const DELIVERY_NEXT: Tr = tr("下次尝试", "Next attempt");
pub const DELIVERY_CREATED: Tr = tr("产生时间", "Raised");

// Service desk (服务台).
pub const TICKET_NEW: Tr = tr("报事报修", "New request");
pub const TICKET_NEW_HINT: Tr = tr(
    "投诉、报修、咨询、建议或收楼问题都可以在这里提交，进度会实时显示在下方时间线上。",
    "Complaints, repairs, questions, suggestions or handover defects: each step shows on the timeline as it happens.",
);
pub const TICKET_CATEGORY: Tr = tr("类别", "Category");
pub const TICKET_TITLE: Tr = tr("标题", "Title");
pub const TICKET_DESCRIPTION: Tr = tr("问题描述", "Description");
pub const TICKET_SUBMIT: Tr = tr("提交", "Submit");
pub const TICKET_CUSTOMER: Tr = tr("客户", "Customer");
pub const TICKET_STATUS: Tr = tr("状态", "Status");
pub const TICKET_PRIORITY: Tr = tr("优先级", "Priority");
pub const TICKET_OPENED: Tr = tr("受理时间", "Opened");
pub const TICKET_TASKS: Tr = tr("派单记录", "Dispatched to");
pub const TICKET_DISPATCH: Tr = tr("派单", "Dispatch");
pub const TICKET_DEPARTMENT: Tr = tr("处理部门", "Department");
pub const TICKET_INSTRUCTIONS: Tr = tr("派单说明", "Instructions");
pub const TICKET_ADD_NOTE: Tr = tr("添加备注", "Add note");
pub const TICKET_NOTE: Tr = tr("备注", "Note");
pub const TICKET_NOTE_PUBLIC: Tr = tr("业主可见", "Visible to the customer");
pub const TICKET_CONFIRM_ASK: Tr = tr("问题解决了吗？", "Is it fixed?");
pub const TICKET_CONFIRM: Tr = tr("确认已解决", "Yes, it is fixed");
pub const TICKET_REOPEN: Tr = tr("仍未解决", "Not fixed");
pub const TICKET_REOPEN_WHY: Tr = tr("还有什么问题？", "What is still wrong?");
pub const TICKET_RATE: Tr = tr("服务回访", "Rate the service");
pub const TICKET_RATING: Tr = tr("满意度", "Satisfaction");
pub const TICKET_COMMENT: Tr = tr("评价", "Comment");
pub const TICKET_RATE_SUBMIT: Tr = tr("提交评价", "Send rating");
pub const TICKET_RATED: Tr = tr("您的评价：", "Your rating:");
pub const TIMELINE: Tr = tr("处理进度", "Progress");
pub const INTERNAL: Tr = tr("内部", "Internal");
pub const EMPTY_TASKS: Tr = tr("暂无待处理任务", "No tasks waiting");
pub const TASK_ACCEPT: Tr = tr("接单", "Accept");
pub const TASK_RESULT: Tr = tr(
    "处理结果（业主可见）",
    "What was done (the customer sees this)",
);
pub const TASK_FINISH: Tr = tr("处理完成", "Done");
pub const SLA_DUE: Tr = tr("时限：", "Due ");
pub const SLA_FIRST_RESPONSE: Tr = tr("前响应", "for a first response");
pub const SLA_RESOLUTION: Tr = tr("前解决", "for resolution");
pub const SLA_OVERDUE: Tr = tr("已超时", "Overdue");
pub const SLA_PAUSED: Tr = tr(
    "等待确认，计时暂停",
    "Waiting for confirmation; the clock is paused",
);
pub const STEP_RECEIVED: Tr = tr("已受理", "Received");
pub const STEP_DISPATCHED: Tr = tr("已派单", "Dispatched");
pub const STEP_ACCEPTED: Tr = tr("已接单，处理中", "Accepted, in progress");
pub const STEP_TASK_DONE: Tr = tr("部门处理完成", "Department finished");
pub const STEP_RESOLVED: Tr = tr("待您确认", "Waiting for your confirmation");
pub const STEP_CONFIRMED: Tr = tr("业主确认解决", "Confirmed fixed");
pub const STEP_CLOSED: Tr = tr("已关闭", "Closed");
pub const STEP_REOPENED: Tr = tr("重新打开", "Reopened");
pub const STEP_REVISITED: Tr = tr("已回访", "Rated");
pub const STEP_NOTE: Tr = tr("备注", "Note");
pub const STEP_SLA_WARNING: Tr = tr("时限预警", "SLA warning");
pub const STEP_SLA_BREACH: Tr = tr("已超时升级", "SLA breached, escalated");

pub const NAV_NOTIFICATIONS: Tr = tr("通知", "Notifications");
pub const NOTIFICATIONS_EMPTY: Tr = tr("暂无通知", "No notifications yet");
pub const NOTIFICATIONS_UNREAD: Tr = tr("条未读", "unread");
pub const NOTIFICATIONS_MARK_ALL: Tr = tr("全部标为已读", "Mark all as read");
pub const NOTIFICATIONS_OLDER: Tr = tr("更早的通知", "Older notifications");
pub const QUEUE_SLA: Tr = tr("服务单时限预警", "Requests near or past their SLA");
pub const NAV_HELP: Tr = tr("常见问题", "Help");
pub const KB_TITLE: Tr = tr("知识库", "Knowledge base");
pub const KB_SEARCH: Tr = tr(
    "搜索问题，如：漏水、交房、物业费",
    "Search, e.g. leak, handover, fees",
);
pub const KB_SEARCH_BUTTON: Tr = tr("搜索", "Search");
pub const KB_EMPTY: Tr = tr("没有找到相关文章", "No matching articles");
pub const KB_STILL_NEED_HELP: Tr = tr(
    "没有解决？在「我的服务单」提交报事报修，我们会跟进到底。",
    "Still stuck? Open a request under My requests and we will see it through.",
);
pub const KB_SUGGESTED: Tr = tr(
    "提交前看看：这些文章也许能直接解答您的问题",
    "Before you send it: these articles may already answer your question",
);
pub const KB_NEW: Tr = tr("新建文章", "New article");
pub const KB_EDIT: Tr = tr("编辑文章", "Edit article");
pub const KB_SECTION: Tr = tr("栏目", "Section");
pub const KB_CATEGORY: Tr = tr(
    "对应服务单类别（用于推荐）",
    "Request category it answers (for suggestions)",
);
pub const KB_NONE: Tr = tr("无", "None");
pub const KB_ARTICLE_TITLE: Tr = tr("标题", "Title");
pub const KB_BODY: Tr = tr("正文", "Text");
pub const KB_KEYWORDS: Tr = tr(
    "关键词（用顿号或逗号分隔）",
    "Keywords (separated by commas)",
);
pub const KB_PUBLISHED: Tr = tr("发布给会员", "Published to members");
pub const KB_DRAFT: Tr = tr("草稿", "Draft");
pub const KB_SAVE: Tr = tr("保存", "Save");
pub const KB_FROM_TICKET: Tr = tr("转为知识库文章", "Turn into a knowledge-base article");
pub const KB_SOURCE_TICKET: Tr = tr("来源服务单", "From request");
pub const KB_UPDATED: Tr = tr("更新于", "Updated");
pub const TICKETS_ALL_OPEN: Tr = tr("全部未结", "All open");
pub const SLA_POLICIES: Tr = tr("服务时限（SLA）", "Service-level targets (SLA)");
pub const SLA_POLICIES_HINT: Tr = tr(
    "按类型 × 优先级设置首次响应与解决时限（分钟）；修改只影响之后受理的服务单。热线来电的首次响应不超过 120 分钟。",
    "First-response and resolution targets in minutes per kind × priority; a change applies to requests received afterwards. Hotline calls are answered within 120 minutes at most.",
);
pub const SLA_FIRST_MINUTES: Tr = tr("首次响应（分钟）", "First response (min)");
pub const SLA_RESOLUTION_MINUTES: Tr = tr("解决（分钟）", "Resolution (min)");
pub const SLA_BUSINESS_HOURS: Tr = tr("仅计工作时间", "Business hours only");
pub const TICKET_KIND: Tr = tr("类型", "Kind");
pub const STEP_CLASSIFIED: Tr = tr("调整分类或优先级", "Reclassified");
pub const TICKET_CLASSIFY: Tr = tr("分类与优先级", "Category and priority");
pub const STEP_PHOTO: Tr = tr("上传了照片", "Photo added");
pub const PHOTOS: Tr = tr("照片", "Photos");
pub const PHOTOS_NONE: Tr = tr("还没有照片", "No photos yet");
pub const PHOTOS_ADD: Tr = tr("添加照片", "Add photos");
pub const PHOTOS_HINT: Tr = tr(
    "JPG 或 PNG，每张不超过 5 MB，每张服务单最多 6 张",
    "JPG or PNG, up to 5 MB each, at most 6 per request",
);
pub const PHOTOS_UPLOAD: Tr = tr("上传", "Upload");
pub const PHOTO_NOT_AN_IMAGE: Tr = tr("只能上传 JPG 或 PNG 照片", "Only JPG or PNG photos");
pub const PHOTO_TOO_LARGE: Tr = tr("照片超过 5 MB", "The photo is over 5 MB");
pub const PHOTO_TOO_MANY: Tr = tr("每张服务单最多 6 张照片", "At most 6 photos per request");
pub const PHOTO_REQUIRED: Tr = tr("请选择照片", "Choose a photo");
pub const PHOTO_CLOSED: Tr = tr(
    "服务单已回访，不能再添加照片",
    "The request is closed for photos",
);
pub const TICKET_FOR_CALLER: Tr = tr("登记来电 / 来访", "Record a call or visit");
pub const TICKET_CALLER_MOBILE: Tr = tr("来电手机号", "Caller's mobile");
pub const TICKET_CHANNEL: Tr = tr("渠道", "Channel");
pub const TICKET_UNIT: Tr = tr("房号（可选）", "Home (optional)");
pub const TICKET_UNIT_NONE: Tr = tr("不涉及具体房号", "Not about one home");
pub const TICKET_DEFECT: Tr = tr("产品缺陷反馈", "Product defect");
pub const TICKET_DEFECT_NONE: Tr = tr("不是产品缺陷", "Not a defect");
pub const TICKET_AGENT_REVISIT: Tr = tr("电话回访", "Revisit by phone");

// The club (客户会): enrolment, points, rewards, the club manager's pages.
pub const JOIN_TITLE: Tr = tr("加入客户会", "Join the club");
pub const JOIN_LEAD: Tr = tr(
    "入会即送积分，享联盟商家折扣、会员活动和新盘优先认购。年满 18 周岁即可加入。",
    "Join for welcome points, partner-merchant discounts, member events and early access to new projects. Open to anyone 18 or older.",
);
pub const JOIN_NAME: Tr = tr("姓名", "Name");
pub const JOIN_MOBILE: Tr = tr("手机号", "Mobile number");
pub const JOIN_PASSWORD: Tr = tr("设置密码", "Choose a password");
pub const JOIN_PASSWORD_HINT: Tr = tr(
    "至少 8 位，须含字母和数字",
    "At least 8 characters with letters and digits",
);
pub const JOIN_BIRTH_YEAR: Tr = tr("出生年份", "Birth year");
pub const JOIN_CONSENT: Tr = tr(
    "愿意接收楼盘资讯与会员活动通知",
    "Send me project news and member events",
);
pub const JOIN_SUBMIT: Tr = tr("立即入会", "Join now");
pub const JOIN_HAVE_ACCOUNT: Tr = tr("已是会员？登录", "Already a member? Sign in");
pub const JOIN_CTA: Tr = tr("加入客户会", "Join the club");
pub const GENDER_MALE: Tr = tr("男", "Male");
pub const GENDER_FEMALE: Tr = tr("女", "Female");
pub const NOT_SAY: Tr = tr("不填写", "Prefer not to say");
pub const POINTS_WELCOME: Tr = tr(
    "欢迎加入客户会！入会积分已到账。",
    "Welcome to the club! Your welcome points are in.",
);
pub const POINTS_MEMBER_NO: Tr = tr("会员号", "Member no.");
pub const POINTS_UNIT: Tr = tr("积分", "points");
pub const POINTS_EXPIRING: Tr = tr("90 天内到期", "Lapse within 90 days");
pub const POINTS_TO_NEXT: Tr = tr("距", "To");
pub const POINTS_TO_NEXT_GAP: Tr = tr("还差", ":");
pub const POINTS_TOP_TIER: Tr = tr("您已是最高等级会员", "You hold the top tier");
pub const POINTS_LEDGER: Tr = tr("积分明细", "Points history");
pub const POINTS_OLDER: Tr = tr("更早的记录 ›", "Older entries ›");
pub const POINTS_NEWEST: Tr = tr("‹ 最新记录", "‹ Newest entries");
pub const POINTS_VALID_UNTIL: Tr = tr("有效期至", "valid until");
pub const POINTS_NOT_MEMBER: Tr = tr(
    "您还不是客户会会员，入会即可累积积分。",
    "You are not a club member yet; join to start earning points.",
);
pub const REWARDS_TITLE: Tr = tr("积分兑换", "Rewards");
pub const REWARD_REDEEM: Tr = tr("兑换", "Redeem");
pub const REWARD_STOCK: Tr = tr("库存", "In stock");
pub const REWARD_SOLD_OUT: Tr = tr("已兑完", "Sold out");
pub const REWARD_REDEEMED: Tr = tr(
    "兑换成功，请到客户会服务台领取。剩余积分",
    "Redeemed. Collect it at the club desk. Points left",
);
pub const REWARDS_EMPTY: Tr = tr("暂无可兑换的礼品", "No rewards on offer");
pub const MY_REDEMPTIONS: Tr = tr("我的兑换", "My redemptions");
pub const CLUB_MEMBERS: Tr = tr("会员", "Members");
pub const CLUB_SEARCH_HINT: Tr = tr(
    "姓名、会员号、手机号或后 4 位",
    "Name, member no., mobile or its last 4 digits",
);
pub const CLUB_SEARCH: Tr = tr("搜索", "Search");
pub const CLUB_MEMBERS_EMPTY: Tr = tr("没有符合条件的会员", "No members match");
pub const CLUB_TOTAL: Tr = tr("共", "Total");
pub const CLUB_REWARDS: Tr = tr("礼品管理", "Rewards");
pub const CLUB_RULES: Tr = tr("积分规则", "Points rules");
pub const CLUB_ENROLLED: Tr = tr("入会时间", "Enrolled");
pub const CLUB_TIER: Tr = tr("等级", "Tier");
pub const CLUB_BALANCE: Tr = tr("积分余额", "Balance");
pub const CLUB_EARNED: Tr = tr("累计获得", "Earned in total");
pub const CLUB_CUSTOMER: Tr = tr("客户档案", "Customer record");
pub const ADJUST_TITLE: Tr = tr("人工调整积分", "Adjust points");
pub const ADJUST_POINTS: Tr = tr("积分（负数为扣减）", "Points (negative deducts)");
pub const ADJUST_REASON: Tr = tr("原因（必填，将记入审计）", "Reason (required, audited)");
pub const ADJUST_SUBMIT: Tr = tr("确认调整", "Adjust");
pub const ADJUST_DONE: Tr = tr("已调整", "Adjusted");
pub const REWARD_NEW: Tr = tr("新增礼品", "New reward");
pub const REWARD_NAME: Tr = tr("礼品名称", "Reward");
pub const REWARD_DESCRIPTION: Tr = tr("说明", "Description");
pub const REWARD_COST: Tr = tr("所需积分", "Points");
pub const REWARD_ACTIVE: Tr = tr("上架", "On offer");
pub const REWARD_OFF: Tr = tr("已下架", "Withdrawn");
pub const RULES_HINT: Tr = tr(
    "积分自获得之日起在有效期内可用，兑换时优先扣减最早到期的积分。等级按累计获得积分评定。",
    "Points stay valid for the period from the day they are earned; redemptions use the soonest-lapsing first. Tiers follow the points ever earned.",
);

/// The club manager's label for a club rule key.
pub fn club_rule_label(key: &str) -> Tr {
    match key {
        "club.enrolment_points" => tr("入会积分", "Welcome points"),
        "club.purchase_points_per_10k" => tr("购房积分（每万元）", "Purchase points per ¥10,000"),
        "club.referral_points" => tr("推荐成交奖励积分", "Referral reward points"),
        "club.event_points" => tr("活动签到积分（默认）", "Event attendance points (default)"),
        "club.survey_points" => tr("问卷积分", "Survey points"),
        "club.expiry_days" => tr("积分有效期（天）", "Points valid for (days)"),
        "club.tier_silver_from" => tr("银卡门槛（累计积分）", "Silver from (points earned)"),
        "club.tier_gold_from" => tr("金卡门槛（累计积分）", "Gold from (points earned)"),
        "club.tier_diamond_from" => tr("钻石卡门槛（累计积分）", "Diamond from (points earned)"),
        "club.enrolments_per_address_per_hour" => tr(
            "同一网络每小时入会次数上限",
            "Enrolments per network address per hour",
        ),
        _ => tr("其他", "Other"),
    }
}

// Partner-merchant offers, coupons and the merchant's counter.
pub const OFFERS_ALL: Tr = tr("全部", "All");
pub const OFFER_CLAIM: Tr = tr("领取", "Claim");
pub const OFFER_REMAINING: Tr = tr("剩余", "Left");
pub const OFFER_VALID_UNTIL: Tr = tr("有效期至", "Valid until");
pub const OFFER_TIER_ONLY: Tr = tr("及以上会员可领", "members and above");
pub const OFFER_CLAIMED: Tr = tr(
    "领取成功，到店出示券码或二维码即可使用。",
    "Claimed. Show the code or QR code at the counter.",
);
pub const OFFER_HELD: Tr = tr("已领", "Held");
pub const MY_COUPONS: Tr = tr("我的优惠券", "My coupons");
pub const MY_COUPONS_EMPTY: Tr = tr("还没有领取优惠券", "No coupons yet");
pub const COUPON_CODE: Tr = tr("券码", "Code");
pub const COUPON_QR: Tr = tr("券码二维码", "Coupon QR code");
pub const COUNTER_CODE: Tr = tr("输入或扫描券码", "Enter or scan the coupon code");
pub const COUNTER_CHECK: Tr = tr("查询", "Look up");
pub const COUNTER_REDEEM: Tr = tr("确认核销", "Redeem");
pub const COUNTER_REDEEMED: Tr = tr("核销成功", "Redeemed");
pub const COUNTER_MEMBER: Tr = tr("会员", "Member");
pub const COUNTER_NEEDS: Tr = tr("适用等级", "For tier");
pub const COUNTER_TODAY: Tr = tr("今日核销", "Today");
pub const COUNTER_TOTAL: Tr = tr("累计核销", "All time");
pub const COUNTER_NOT_FOUND: Tr = tr(
    "未找到该券码，请核对（只能核销本店的优惠券）",
    "No such code here — check it (only this merchant's coupons)",
);
pub const CLUB_OFFERS: Tr = tr("联盟商家", "Partner offers");
pub const CLUB_MERCHANT: Tr = tr("商家", "Merchant");
pub const CLUB_DISCOUNT: Tr = tr("优惠内容", "Discount");
pub const OFFER_NEW: Tr = tr("新增优惠", "New offer");
pub const OFFER_VALID_FROM: Tr = tr("开始日期", "Valid from");
pub const OFFER_PER_MEMBER: Tr = tr("每人限领", "Per member");
pub const OFFER_TOTAL: Tr = tr("发放总量", "Total coupons");
pub const MERCHANT_NEW: Tr = tr("新增联盟商家", "New partner merchant");
pub const MERCHANT_CATEGORY: Tr = tr("类别", "Category");
pub const MERCHANT_ADDRESS: Tr = tr("地址", "Address");
pub const MERCHANT_NAME: Tr = tr("商家名称", "Merchant name");
pub const OFFER_TITLE: Tr = tr("优惠名称", "Offer");
pub const EVENT_SIGN_UP: Tr = tr("报名", "Sign up");
pub const EVENT_JOIN_WAITLIST: Tr = tr("排队候补", "Join the waitlist");
pub const EVENT_CANCEL: Tr = tr("取消报名", "Cancel");
pub const EVENT_SIGNED_UP: Tr = tr("报名成功", "You are signed up");
pub const EVENT_CANCELLED: Tr = tr("已取消报名", "Sign-up cancelled");
pub const EVENT_WAITLISTED_AT: Tr = tr("候补第", "Waitlist place");
pub const EVENT_FULL: Tr = tr("名额已满", "Full");
pub const EVENT_WAITING: Tr = tr("候补", "Waiting");
pub const EVENT_SEATS_LEFT: Tr = tr("剩余名额", "Seats left");
pub const EVENT_POINTS: Tr = tr("签到积分", "Attendance points");
pub const CLUB_EVENTS: Tr = tr("会员活动", "Events");
pub const EVENT_NEW: Tr = tr("新增活动", "New event");
pub const EVENT_EDIT: Tr = tr("修改活动", "Edit event");
pub const EVENT_TITLE: Tr = tr("活动名称", "Title");
pub const EVENT_LOCATION: Tr = tr("地点", "Location");
pub const EVENT_STARTS: Tr = tr("开始时间", "Starts");
pub const EVENT_ENDS: Tr = tr("结束时间", "Ends");
pub const EVENT_CAPACITY: Tr = tr("名额", "Capacity");
pub const EVENT_POINTS_HINT: Tr = tr(
    "签到积分（留空按积分规则）",
    "Attendance points (empty: the club rule)",
);
pub const EVENT_ACTIVE: Tr = tr("发布", "Published");
pub const EVENT_TIME: Tr = tr("时间", "When");
pub const EVENT_REGISTERED: Tr = tr("已报名", "Signed up");
pub const EVENT_ROSTER: Tr = tr("报名名单", "Registrations");
pub const EVENT_ROSTER_EMPTY: Tr = tr("还没有人报名", "Nobody has signed up yet");
pub const EVENT_CHECK_IN: Tr = tr("签到", "Check in");
pub const EVENT_CHECK_IN_NO: Tr = tr("会员号", "Member number");
pub const EVENT_CHECKED_IN: Tr = tr("签到成功", "Checked in");
pub const EVENT_QUEUED: Tr = tr("报名时间", "Signed up at");
pub const EVENT_SAVED: Tr = tr("活动已保存", "Event saved");
pub const REFER_TITLE: Tr = tr("推荐好友", "Refer a friend");
pub const REFER_LEAD: Tr = tr(
    "推荐亲友来看房，好友签约后您可获得",
    "Refer friends looking for a home: when one signs, you earn",
);
pub const REFER_NAME: Tr = tr("好友姓名", "Friend's name");
pub const REFER_PROJECT: Tr = tr("意向楼盘", "Project of interest");
pub const REFER_ANY_PROJECT: Tr = tr("暂不确定", "Not decided");
pub const REFER_NOTE: Tr = tr("备注（选填）", "Note (optional)");
pub const REFER_CONSENT: Tr = tr(
    "请先征得好友同意，置业顾问将与其联系。已在我们客户名单中的好友无法重复推荐。",
    "Ask your friend first: a sales consultant will call them. Someone already on our books cannot be referred again.",
);
pub const REFER_SUBMIT: Tr = tr("提交推荐", "Refer");
pub const REFER_SENT: Tr = tr(
    "推荐成功，置业顾问将尽快联系您的好友",
    "Thank you: a consultant will contact your friend soon",
);
pub const REFER_MINE: Tr = tr("我的推荐", "My referrals");
pub const REFER_EMPTY: Tr = tr("还没有推荐过好友", "No referrals yet");
pub const REFER_SENT_AT: Tr = tr("推荐于", "Referred on");
pub const NEWS_TITLE: Tr = tr("楼盘资讯", "Project news");
pub const NEWS_MEMBERS_FIRST: Tr = tr("会员抢先看", "Members first");
pub const NEWS_NEW: Tr = tr("发布资讯", "Publish news");
pub const NEWS_BODY: Tr = tr("内容", "Text");
pub const NEWS_PROJECT: Tr = tr("楼盘", "Project");
pub const NEWS_MEMBERS_FROM: Tr = tr("会员可见日期", "Members from");
pub const NEWS_PUBLIC_FROM: Tr = tr(
    "公开日期（留空则仅会员可见）",
    "Public from (empty: members only)",
);
pub const NEWS_PUBLISHED: Tr = tr("资讯已发布", "News published");
pub const EMPTY_NEWS: Tr = tr("还没有发布楼盘资讯", "No project news yet");
pub const NEWS_HEADLINE: Tr = tr("标题", "Headline");

// Surveys (问卷调查).
pub const SURVEYS: Tr = tr("问卷调查", "Surveys");
pub const SURVEY_NEW: Tr = tr("新建问卷", "New survey");
pub const SURVEY_TITLE: Tr = tr("问卷标题", "Title");
pub const SURVEY_INTRO: Tr = tr("开头语", "Introduction");
pub const SURVEY_FOR_REVISITS: Tr = tr(
    "用于服务回访：工单关闭后自动邀请业主填写",
    "Revisit survey: invite the member whenever a service ticket closes",
);
pub const SURVEY_CREATE: Tr = tr("创建并添加题目", "Create and add questions");
pub const SURVEY_STATUS: Tr = tr("状态", "Status");
pub const SURVEY_QUESTIONS: Tr = tr("题目", "Questions");
pub const SURVEY_INVITED: Tr = tr("已邀请", "Invited");
pub const SURVEY_RESPONSES: Tr = tr("已回收", "Responses");
pub const SURVEY_RESPONSE_RATE: Tr = tr("回收率", "Response rate");
pub const EMPTY_SURVEYS: Tr = tr("还没有问卷", "No surveys yet");
pub const EMPTY_QUESTIONS: Tr = tr("还没有题目，先添加一道", "No questions yet: add the first");
pub const SURVEY_ADD_QUESTION: Tr = tr("添加题目", "Add a question");
pub const QUESTION_PROMPT: Tr = tr("题干", "Question");
pub const QUESTION_KIND: Tr = tr("题型", "Kind");
pub const QUESTION_OPTIONS: Tr = tr(
    "选项（每行一个，单选/多选题用）",
    "Options (one per line, for choice questions)",
);
pub const QUESTION_REQUIRED: Tr = tr("必答", "Required");
pub const QUESTION_MEASURE: Tr = tr(
    "计入指标（仅 1–5 分题）",
    "Counts towards (1–5 questions only)",
);
pub const QUESTION_MEASURE_NONE: Tr = tr("不计入", "None");
pub const QUESTION_REMOVE: Tr = tr("删除", "Remove");
pub const QUESTION_REMOVED: Tr = tr("已删除题目", "Question removed");
pub const QUESTION_ADDED: Tr = tr("已添加题目", "Question added");
pub const SURVEY_SEND: Tr = tr("发送给客群", "Send to segments");
pub const SURVEY_SEND_HINT: Tr = tr(
    "所选客群中有会员账号的客户会在会员中心收到问卷（每人一次）；发送后题目不可再改。",
    "Customers of the chosen segments who have a member account find it in the member portal (once each); questions are fixed once sent.",
);
pub const SURVEY_SEND_BUTTON: Tr = tr("发送问卷", "Send");
pub const SURVEY_OPEN_FOR_REVISITS: Tr = tr("开始回访", "Open for revisits");
pub const SURVEY_CLOSE: Tr = tr("结束问卷", "Close the survey");
pub const SURVEY_CLOSED_DONE: Tr = tr("问卷已结束", "Survey closed");
pub const SURVEY_RESULTS: Tr = tr("结果", "Results");
pub const SURVEY_ANSWERED: Tr = tr("作答人数", "Answered");
pub const SURVEY_MEAN: Tr = tr("平均分", "Mean");
pub const SURVEY_NPS: Tr = tr("净推荐值 NPS", "NPS");
pub const SURVEY_NPS_RULE: Tr = tr(
    "推荐者（9–10 分）占比 − 贬损者（0–6 分）占比",
    "% promoters (9–10) − % detractors (0–6)",
);
pub const VANKE_RATES: Tr = tr(
    "四项指标（万科口径）",
    "The four rates (as Vanke reports them)",
);
pub const RATE_SATISFACTION: Tr = tr("满意度", "Satisfaction");
pub const RATE_SATISFACTION_DEF: Tr = tr(
    "“总体满意度”题答 4 或 5 分的人数 ÷ 作答该题的人数",
    "Answered 4 or 5 on overall satisfaction ÷ those who answered it",
);
pub const RATE_REPURCHASE: Tr = tr("再购率", "Repurchase");
pub const RATE_REPURCHASE_DEF: Tr = tr(
    "“再次购买意愿”题答 4 或 5 分的人数 ÷ 作答该题的人数",
    "Answered 4 or 5 on buying again ÷ those who answered it",
);
pub const RATE_REFERRAL: Tr = tr("推荐率", "Referral");
pub const RATE_REFERRAL_DEF: Tr = tr(
    "“推荐意愿”题答 4 或 5 分的人数 ÷ 作答该题的人数",
    "Answered 4 or 5 on recommending ÷ those who answered it",
);
pub const RATE_LOYALTY: Tr = tr("忠诚度", "Loyalty");
pub const RATE_LOYALTY_DEF: Tr = tr(
    "三题均答 4 或 5 分（满意、愿再购、愿推荐）的人数 ÷ 三题都作答的人数",
    "4 or 5 on all three (satisfied, would buy again, would recommend) ÷ those who answered all three",
);
pub const RATE_BASE: Tr = tr("样本", "Base");
pub const MY_SURVEYS: Tr = tr("问卷调查", "Surveys");
pub const MY_SURVEYS_TODO: Tr = tr("待填写", "To answer");
pub const MY_SURVEYS_DONE: Tr = tr("已完成", "Answered");
pub const EMPTY_MY_SURVEYS: Tr = tr("暂时没有需要填写的问卷", "No surveys for you right now");
pub const SURVEY_FOR_TICKET: Tr = tr("服务回访：", "Follow-up on ");
pub const SURVEY_EARN: Tr = tr("完成可得积分", "Points for answering");
pub const SURVEY_SUBMIT: Tr = tr("提交问卷", "Submit");
pub const SURVEY_THANKS: Tr = tr("感谢您的反馈！", "Thank you for your answers!");
pub const SURVEY_ALREADY: Tr = tr("您已完成这份问卷", "You have answered this survey");
pub const SURVEY_NOT_OPEN: Tr = tr("这份问卷已结束", "This survey has closed");
pub const SCALE_LOW: Tr = tr("非常不满意", "Very dissatisfied");
pub const SCALE_HIGH: Tr = tr("非常满意", "Very satisfied");
pub const NPS_LOW: Tr = tr("完全不可能", "Not at all likely");
pub const NPS_HIGH: Tr = tr("非常可能", "Extremely likely");

// Charts and the analytics dashboard (数据看板).
pub const CHART_CSV: Tr = tr("导出 CSV", "Download CSV");
pub const CHART_TABLE: Tr = tr("表格视图", "Table view");
pub const DASHBOARD_PROJECT: Tr = tr("项目", "Project");
pub const DASHBOARD_ALL_PROJECTS: Tr = tr("全部项目", "All projects");
pub const DASHBOARD_FROM: Tr = tr("开始日期", "From");
pub const DASHBOARD_TO: Tr = tr("结束日期", "To");
pub const DASHBOARD_RESET: Tr = tr("恢复默认筛选", "Reset the filter");
