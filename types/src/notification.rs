//! In-app notifications: a member hears of each public step of their
//! requests; staff hear of SLA warnings and escalations on the tickets they
//! (or their department) are responsible for.

use crate::Lang;
use crate::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

code_enum! {
    pub enum NotificationKind {
        /// A public step of the member's own request.
        TicketStep = ("ticket_step", "服务单进度", "Request update"),
        /// 80 % of an SLA target has passed.
        SlaWarning = ("sla_warning", "即将超时", "SLA warning"),
        /// An SLA target was missed: escalated.
        SlaBreach = ("sla_breach", "已超时升级", "SLA breached"),
        /// A cancellation freed a seat: the member moved off the waitlist.
        EventPromoted = ("event_promoted", "候补成功", "Off the waitlist"),
        /// A referred friend signed: the referral reward was credited.
        ReferralWon = ("referral_won", "推荐成交", "Referral signed"),
    }
}

/// The words for a timeline step, as members and staff read it.
pub fn step_label(step: &str, lang: Lang) -> &'static str {
    let (zh, en) = match step {
        "received" => ("已受理", "received"),
        "dispatched" => ("已派单", "dispatched"),
        "accepted" => ("处理中", "being handled"),
        "task_done" => ("部门处理完成", "a department finished its work"),
        "resolved" => ("处理完成，请确认", "resolved, please confirm"),
        "confirmed" => ("已确认解决", "confirmed"),
        "closed" => ("已关闭", "closed"),
        "reopened" => ("已重新打开", "reopened"),
        "revisited" => ("已回访", "rated"),
        "note" => ("有新的回复", "a new reply"),
        "first_response_warning" | "first_response_breach" => ("首次响应", "first response"),
        "resolution_warning" | "resolution_breach" => ("解决时限", "resolution"),
        _ => ("有更新", "updated"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The sentence shown for a notification.
pub fn notification_text(
    kind: NotificationKind,
    detail: &str,
    ticket_number: &str,
    lang: Lang,
) -> String {
    let what = step_label(detail, lang);
    match (kind, lang) {
        (NotificationKind::TicketStep, Lang::Zh) => format!("您的服务单 {ticket_number}：{what}"),
        (NotificationKind::TicketStep, Lang::En) => {
            format!("Your request {ticket_number}: {what}")
        }
        (NotificationKind::SlaWarning, Lang::Zh) => {
            format!("服务单 {ticket_number} 的{what}即将超时")
        }
        (NotificationKind::SlaWarning, Lang::En) => {
            format!("Request {ticket_number}: the {what} target is close")
        }
        (NotificationKind::SlaBreach, Lang::Zh) => {
            format!("服务单 {ticket_number} 的{what}已超时，已升级")
        }
        (NotificationKind::SlaBreach, Lang::En) => {
            format!("Request {ticket_number}: the {what} target was missed (escalated)")
        }
        // For events the detail is the event's title.
        (NotificationKind::EventPromoted, Lang::Zh) => {
            format!("候补成功：您已获得活动「{detail}」的名额")
        }
        (NotificationKind::EventPromoted, Lang::En) => {
            format!("You are off the waitlist: a seat at “{detail}” is yours")
        }
        // For referrals the detail is the friend's name.
        (NotificationKind::ReferralWon, Lang::Zh) => {
            format!("您推荐的好友 {detail} 已签约，推荐奖励积分已到账")
        }
        (NotificationKind::ReferralWon, Lang::En) => {
            format!("{detail}, whom you referred, has signed: your referral points are in")
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    /// The sentence in the reader's language.
    pub text: String,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// A page of notifications, newest first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub unread: u64,
    /// Pass as `cursor` for older ones; absent on the last page.
    pub next_cursor: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_in_both_languages() {
        for &k in NotificationKind::ALL {
            for lang in [Lang::Zh, Lang::En] {
                let text = notification_text(k, "resolution_breach", "TS-2026-000001", lang);
                // Ticket notices name the ticket; club ones their event or friend.
                let named = match k {
                    NotificationKind::EventPromoted | NotificationKind::ReferralWon => {
                        "resolution_breach"
                    }
                    _ => "TS-2026-000001",
                };
                assert!(text.contains(named), "{text}");
            }
        }
        assert_eq!(
            notification_text(
                NotificationKind::TicketStep,
                "dispatched",
                "TS-2026-000007",
                Lang::Zh
            ),
            "您的服务单 TS-2026-000007：已派单"
        );
    }
}
