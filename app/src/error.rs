//! The error a server function may return to the browser. Policy: only a
//! stable code crosses the wire; the UI turns it into words in the user's
//! language. Internal causes stay in the server log.

use anju_types::{ErrorCode, Lang};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", code.as_str())]
pub struct AppError {
    pub code: ErrorCode,
    /// Rejected fields and why (stable snake_case codes).
    pub fields: Vec<FieldIssue>,
    /// For a duplicate: the existing record, when the user may open it.
    pub existing_id: Option<i64>,
    /// For a conflict: the stable reason (`unit_not_available`,
    /// `discount_not_approved` …).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldIssue {
    pub field: String,
    pub code: String,
}

impl AppError {
    pub fn new(code: ErrorCode) -> AppError {
        AppError {
            code,
            fields: Vec::new(),
            existing_id: None,
            reason: None,
        }
    }

    /// The reason a field was refused, if it was.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field == name)
            .map(|f| f.code.as_str())
    }

    /// The best single line for the user: a conflict's reason, else the
    /// first field's reason, else the code's message.
    pub fn describe(&self, lang: Lang) -> &'static str {
        match self.code {
            ErrorCode::Conflict if self.fields.is_empty() => {
                conflict_message(self.reason.as_deref(), lang)
            }
            _ => self
                .fields
                .first()
                .map(|f| field_message(&f.code, lang))
                .unwrap_or_else(|| self.message(lang)),
        }
    }

    pub fn message(&self, lang: Lang) -> &'static str {
        use ErrorCode as C;
        match (self.code, lang) {
            (C::Unauthenticated | C::TokenInvalid, Lang::Zh) => "登录已过期，请重新登录",
            (C::Unauthenticated | C::TokenInvalid, Lang::En) => {
                "Your session has ended; please sign in again"
            }
            (C::Forbidden, Lang::Zh) => "您没有权限执行此操作",
            (C::Forbidden, Lang::En) => "You are not allowed to do this",
            (C::NotFound, Lang::Zh) => "未找到",
            (C::NotFound, Lang::En) => "Not found",
            (C::TooManyRequests, Lang::Zh) => "操作过于频繁，请稍后再试",
            (C::TooManyRequests, Lang::En) => "Too many attempts; try again later",
            (C::Unavailable | C::Internal, Lang::Zh) => "系统繁忙，请稍后再试",
            (C::Unavailable | C::Internal, Lang::En) => "Something went wrong; please try again",
            (_, Lang::Zh) => "请求无法完成",
            (_, Lang::En) => "The request could not be completed",
        }
    }
}

impl FromServerFnError for AppError {
    // Plain text, not JSON: see `plain_text`.
    type Encoder = crate::plain_text::PlainTextEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let code = match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => ErrorCode::Unavailable,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                ErrorCode::BadRequest
            }
            _ => ErrorCode::Internal,
        };
        AppError::new(code)
    }
}

#[cfg(feature = "ssr")]
impl From<anju_domain::DomainError> for AppError {
    fn from(e: anju_domain::DomainError) -> Self {
        use anju_domain::DomainError as D;
        let mut err = AppError::new(e.code());
        match e {
            D::Db(_) | D::Internal(_) => tracing::error!(error = %e, "server function failed"),
            D::Validation(fields) => {
                err.fields = fields
                    .into_iter()
                    .map(|f| FieldIssue {
                        field: f.field.to_owned(),
                        code: f.code.to_owned(),
                    })
                    .collect()
            }
            D::Duplicate { field, existing_id } => {
                err.fields = vec![FieldIssue {
                    field: field.to_owned(),
                    code: "duplicate".to_owned(),
                }];
                err.existing_id = existing_id;
            }
            D::Conflict(reason) => err.reason = Some(reason.to_owned()),
            _ => {}
        }
        err
    }
}

/// Why a request conflicted with the record's state, in the user's language.
pub fn conflict_message(reason: Option<&str>, lang: Lang) -> &'static str {
    match (reason.unwrap_or_default(), lang) {
        ("discount_not_approved", Lang::Zh) => "折扣超出权限，须销售经理审批通过后才能签约",
        ("discount_not_approved", Lang::En) => {
            "The discount needs a sales manager's approval before signing"
        }
        ("deal_needs_contract", Lang::Zh) => "成交须通过房源签约完成",
        ("deal_needs_contract", Lang::En) => "A deal is closed by contracting a unit",
        ("opportunity_closed", Lang::Zh) => "该商机已成交，不能再变更阶段",
        ("opportunity_closed", Lang::En) => "This opportunity is closed as a deal",
        ("not_pending", Lang::Zh) => "该折扣已处理，无需再次审批",
        ("not_pending", Lang::En) => "This discount has already been decided",
        ("deal_cancelled", Lang::Zh) => "该交易已退认购",
        ("deal_cancelled", Lang::En) => "This deal was cancelled",
        ("deal_not_reserved", Lang::Zh) => "只有认购中的交易可以修改折扣",
        ("deal_not_reserved", Lang::En) => "Only a reserved deal's terms can change",
        ("merge_duplicate_further", Lang::Zh) => {
            "对方在同一楼盘的商机进度更靠前，请打开对方记录，把当前客户合并过去"
        }
        ("merge_duplicate_further", Lang::En) => {
            "The other record's opportunity for the same project went further: merge this one into it instead"
        }
        ("merge_already_undone", Lang::Zh) => "该合并已撤销",
        ("merge_already_undone", Lang::En) => "This merge was already undone",
        ("merge_superseded", Lang::Zh) => "之后又有合并操作，请先撤销后来的合并",
        ("merge_superseded", Lang::En) => "A later merge depends on this one; undo that first",
        ("insufficient_points", Lang::Zh) => "积分余额不足",
        ("insufficient_points", Lang::En) => "Not enough points",
        ("out_of_stock", Lang::Zh) => "该礼品已兑完",
        ("out_of_stock", Lang::En) => "This reward is out of stock",
        ("mobile_registered", Lang::Zh) => "该手机号已注册，请直接登录",
        ("mobile_registered", Lang::En) => "This mobile number is registered; please sign in",
        ("already_member", Lang::Zh) => "您已是客户会会员",
        ("already_member", Lang::En) => "You are already a club member",
        ("redemption_settled", Lang::Zh) => "该兑换已处理",
        ("redemption_settled", Lang::En) => "This redemption has already been settled",
        ("both_club_members", Lang::Zh) => "两条记录都是客户会会员，积分账户不能自动合并",
        ("both_club_members", Lang::En) => {
            "Both records are club members; their points accounts cannot be merged automatically"
        }
        ("coupon_used", Lang::Zh) => "该券已核销过，不能重复使用",
        ("coupon_used", Lang::En) => "This coupon has already been used",
        ("coupon_expired", Lang::Zh) => "该券已过期",
        ("coupon_expired", Lang::En) => "This coupon has expired",
        ("limit_reached", Lang::Zh) => "已达到每人领取上限",
        ("limit_reached", Lang::En) => "You hold as many as allowed",
        ("sold_out", Lang::Zh) => "已领完",
        ("sold_out", Lang::En) => "All claimed",
        ("already_registered", Lang::Zh) => "您已报名该活动",
        ("already_registered", Lang::En) => "You have already signed up",
        ("event_closed", Lang::Zh) => "活动已开始，报名和取消已截止",
        ("event_closed", Lang::En) => "The event has started: sign-up and cancellation are closed",
        ("already_attended", Lang::Zh) => "已签到，不能取消",
        ("already_attended", Lang::En) => "Already checked in; cannot cancel",
        ("already_checked_in", Lang::Zh) => "该会员已签到",
        ("already_checked_in", Lang::En) => "This member is already checked in",
        ("event_full", Lang::Zh) => "名额已满，未报名的会员无法签到",
        ("event_full", Lang::En) => "The event is full: no seat for a member who did not sign up",
        ("check_in_closed", Lang::Zh) => "不在签到时间内（活动开始前 2 小时至结束后 6 小时）",
        ("check_in_closed", Lang::En) => {
            "Check-in is open from 2 hours before the start to 6 hours after the end"
        }
        ("already_known", Lang::Zh) => "该好友已在我们的客户名单中，无法重复推荐",
        ("already_known", Lang::En) => "This friend is already one of our customers",
        ("referral_limit", Lang::Zh) => "今天推荐次数已达上限，请明天再试",
        ("referral_limit", Lang::En) => "You have referred as many friends as allowed today",
        ("not_failed", Lang::Zh) => "该投递未失败，无需重新发送",
        ("not_failed", Lang::En) => "This delivery has not failed; nothing to resend",
        ("survey_not_draft", Lang::Zh) => "问卷已发出，题目不能再修改",
        ("survey_not_draft", Lang::En) => "The survey has been sent; its questions are fixed",
        ("no_questions", Lang::Zh) => "请先添加至少一道题目",
        ("no_questions", Lang::En) => "Add at least one question first",
        ("survey_closed", Lang::Zh) => "这份问卷已结束",
        ("survey_closed", Lang::En) => "This survey has closed",
        ("survey_not_open", Lang::Zh) => "问卷未在进行中",
        ("survey_not_open", Lang::En) => "The survey is not open",
        ("already_answered", Lang::Zh) => "您已完成这份问卷",
        ("already_answered", Lang::En) => "You have answered this survey",
        ("too_many_questions", Lang::Zh) => "一份问卷最多 30 道题",
        ("too_many_questions", Lang::En) => "A survey has at most 30 questions",
        ("import_started", Lang::Zh) => "该导入已开始",
        ("import_started", Lang::En) => "This import has already started",
        (_, Lang::Zh) => "该记录已被他人更新，请刷新后再试",
        (_, Lang::En) => "Someone else changed this meanwhile; refresh and try again",
    }
}

/// Why a form field was refused, in the user's language.
pub fn field_message(code: &str, lang: Lang) -> &'static str {
    match (code, lang) {
        ("required", Lang::Zh) => "必填",
        ("required", Lang::En) => "Required",
        ("invalid_mobile", Lang::Zh) => "请输入 11 位大陆手机号",
        ("invalid_mobile", Lang::En) => "Enter an 11-digit mainland mobile number",
        ("duplicate", Lang::Zh) => "已登记过，不能重复建档",
        ("duplicate", Lang::En) => "Already registered",
        ("invalid_id_number", Lang::Zh) => "身份证号格式或校验位不正确",
        ("invalid_id_number", Lang::En) => "Not a valid ID number",
        ("invalid_date", Lang::Zh) => "日期无效",
        ("invalid_date", Lang::En) => "Not a valid date",
        ("in_the_past", Lang::Zh) => "不能早于今天",
        ("in_the_past", Lang::En) => "Cannot be in the past",
        ("same_as_from", Lang::Zh) => "转出与接收不能是同一人",
        ("same_as_from", Lang::En) => "Choose two different people",
        ("not_in_team", Lang::Zh) => "不是您团队的置业顾问",
        ("not_in_team", Lang::En) => "Not a salesperson of your team",
        ("inactive", Lang::Zh) => "该账号已停用",
        ("inactive", Lang::En) => "That account is disabled",
        ("not_found", Lang::Zh) => "在您的客户中找不到该手机号，请先登记客户",
        ("not_found", Lang::En) => "No customer of yours has this mobile; register them first",
        ("invalid_amount", Lang::Zh) => "请输入金额（元），最多两位小数",
        ("invalid_amount", Lang::En) => "Enter an amount in yuan, at most two decimals",
        ("exceeds_price", Lang::Zh) => "不能超过房源价格",
        ("exceeds_price", Lang::En) => "Cannot exceed the price",
        ("exceeds_balance", Lang::Zh) => "超过未收余额",
        ("exceeds_balance", Lang::En) => "More than the outstanding balance",
        ("in_the_future", Lang::Zh) => "不能晚于今天",
        ("in_the_future", Lang::En) => "Cannot be in the future",
        ("out_of_range", Lang::Zh) => "超出允许范围",
        ("out_of_range", Lang::En) => "Out of range",
        ("invalid_unit_type", Lang::Zh) => "每行填写户型和面积，如「三室两厅 89.5」",
        ("invalid_unit_type", Lang::En) => "One line per unit: layout then area, e.g. \"3BR 89.5\"",
        ("one_per_position", Lang::Zh) => "户型行数须为 1 或等于每层户数",
        ("one_per_position", Lang::En) => "Give one line, or one per unit on a floor",
        ("invalid_code", Lang::Zh) => "楼盘代码为 1–8 位字母或数字",
        ("invalid_code", Lang::En) => "1–8 letters or digits",
        ("same_as_survivor", Lang::Zh) => "不能与自己合并",
        ("same_as_survivor", Lang::En) => "Cannot merge a record into itself",
        ("column_required", Lang::Zh) => "请指定姓名列和手机号列",
        ("column_required", Lang::En) => "Choose the name and mobile columns",
        ("unknown_field", Lang::Zh) | ("no_such_column", Lang::Zh) => "列对应关系无效",
        ("unknown_field", Lang::En) | ("no_such_column", Lang::En) => "Invalid column mapping",
        ("empty", Lang::Zh) => "文件为空或只有表头",
        ("empty", Lang::En) => "The file is empty or has only a header",
        ("not_csv", Lang::Zh) => "无法识别为 CSV 文件",
        ("not_csv", Lang::En) => "Not a CSV file",
        ("unreadable_encoding", Lang::Zh) => "文件编码无法识别，请另存为 UTF-8 或 GBK 的 CSV",
        ("unreadable_encoding", Lang::En) => "Unreadable encoding: save as CSV in UTF-8 or GBK",
        ("too_large", Lang::Zh) => "文件超过 20 MB",
        ("too_large", Lang::En) => "The file is over 20 MB",
        ("too_many_rows", Lang::Zh) => "一次最多导入 20 万行",
        ("too_many_rows", Lang::En) => "At most 200,000 rows per file",
        ("invalid_campaign_code", Lang::Zh) => "活动代码为 1–32 位字母、数字或 -",
        ("invalid_campaign_code", Lang::En) => "1–32 letters, digits or -",
        ("code_taken", Lang::Zh) => "该代码已被其他活动使用",
        ("code_taken", Lang::En) => "Another campaign has this code",
        ("amount_too_large", Lang::Zh) => "金额不能超过 ¥10,000,000,000.00（100 亿元）",
        ("amount_too_large", Lang::En) => "At most ¥10,000,000,000.00",
        ("area_out_of_range", Lang::Zh) => "每套面积须在 1–2,000 m² 之间",
        ("area_out_of_range", Lang::En) => "Each unit's area must be 1–2,000 m²",
        ("price_per_m2_out_of_range", Lang::Zh) => {
            "每平方米单价须在 ¥0.01–¥500,000 之间，且最高楼层的总价不超过 ¥10,000,000,000"
        }
        ("price_per_m2_out_of_range", Lang::En) => {
            "The price per m² must be ¥0.01–¥500,000, and the top floor's price at most ¥10,000,000,000"
        }
        ("invalid_url", Lang::Zh) => "请输入以 http:// 或 https:// 开头的完整地址",
        ("invalid_url", Lang::En) => "Enter a full address starting with http:// or https://",
        ("private_address", Lang::Zh) => {
            "不能发送到内网、本机或链路本地地址；如确需发往公司内网，请让运维设置 ANJU_WEBHOOK_TARGETS"
        }
        ("private_address", Lang::En) => {
            "Cannot send to a private, loopback or link-local address; for the company network, ask operations to set ANJU_WEBHOOK_TARGETS"
        }
        ("unknown_event", Lang::Zh) => "包含无法识别的事件名",
        ("unknown_event", Lang::En) => "Contains an event name that does not exist",
        ("invalid_choice", Lang::Zh) => "请选择有效选项",
        ("invalid_choice", Lang::En) => "Choose one of the options",
        ("tier_too_low", Lang::Zh) => "会员等级不足，不能使用此优惠",
        ("tier_too_low", Lang::En) => "The member's tier does not admit this offer",
        ("invalid_coupon_code", Lang::Zh) => "券码为 12 位字母数字",
        ("invalid_coupon_code", Lang::En) => "A coupon code has 12 letters and digits",
        ("before_start", Lang::Zh) => "结束日期不能早于开始日期",
        ("before_start", Lang::En) => "Ends before it starts",
        ("self_referral", Lang::Zh) => "不能推荐自己",
        ("self_referral", Lang::En) => "You cannot refer yourself",
        ("before_members", Lang::Zh) => "公开日期不能早于会员可见日期",
        ("before_members", Lang::En) => "Public before members: choose a later date",
        ("below_registered", Lang::Zh) => "不能少于已报名人数",
        ("below_registered", Lang::En) => "Fewer than already signed up",
        ("unknown_member", Lang::Zh) => "没有这个会员号",
        ("unknown_member", Lang::En) => "No member with this number",
        ("below_claimed", Lang::Zh) => "不能少于已领取数量",
        ("below_claimed", Lang::En) => "Fewer than already claimed",
        ("under_18", Lang::Zh) => "年满 18 周岁方可入会",
        ("under_18", Lang::En) => "Members must be 18 or older",
        ("invalid_year", Lang::Zh) => "请输入有效的出生年份",
        ("invalid_year", Lang::En) => "Enter a valid birth year",
        ("password_too_weak", Lang::Zh) => "密码至少 8 位，须含字母和数字",
        ("password_too_weak", Lang::En) => "At least 8 characters with letters and digits",
        ("tiers_out_of_order", Lang::Zh) => "等级门槛须满足 银卡 < 金卡 < 钻石卡",
        ("tiers_out_of_order", Lang::En) => "Tier thresholds must rise: silver < gold < diamond",
        ("must_be_positive", Lang::Zh) => "须大于 0",
        ("must_be_positive", Lang::En) => "Must be more than 0",
        ("too_few_options", Lang::Zh) => "选择题至少需要 2 个不同选项",
        ("too_few_options", Lang::En) => "A choice question needs at least 2 different options",
        ("too_many_options", Lang::Zh) => "最多 12 个选项",
        ("too_many_options", Lang::En) => "At most 12 options",
        ("measure_needs_scale", Lang::Zh) => "只有 1–5 分题可以计入指标",
        ("measure_needs_scale", Lang::En) => "Only 1–5 questions count towards a rate",
        ("period_too_long", Lang::Zh) => "期间最长一年",
        ("period_too_long", Lang::En) => "At most a year",
        ("too_long", Lang::Zh) => "内容过长",
        ("too_long", Lang::En) => "Too long",
        (_, Lang::Zh) => "请检查此项",
        (_, Lang::En) => "Please check this field",
    }
}
