use crate::Lang;
use serde::{Deserialize, Serialize};

/// How a customer and the developer were in touch (交互记录).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    Visit,
    CallIn,
    CallOut,
    Sms,
    Email,
    EventAttendance,
    Survey,
    Complaint,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 8] = [
        InteractionKind::Visit,
        InteractionKind::CallIn,
        InteractionKind::CallOut,
        InteractionKind::Sms,
        InteractionKind::Email,
        InteractionKind::EventAttendance,
        InteractionKind::Survey,
        InteractionKind::Complaint,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Visit => "visit",
            InteractionKind::CallIn => "call_in",
            InteractionKind::CallOut => "call_out",
            InteractionKind::Sms => "sms",
            InteractionKind::Email => "email",
            InteractionKind::EventAttendance => "event_attendance",
            InteractionKind::Survey => "survey",
            InteractionKind::Complaint => "complaint",
        }
    }

    pub fn parse(s: &str) -> Option<InteractionKind> {
        InteractionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Contacts the developer started: these count against the
    /// contact-frequency guard and need marketing consent.
    pub fn is_outbound(self) -> bool {
        matches!(
            self,
            InteractionKind::CallOut | InteractionKind::Sms | InteractionKind::Email
        )
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (InteractionKind::Visit, Lang::Zh) => "来访",
            (InteractionKind::Visit, Lang::En) => "Visit",
            (InteractionKind::CallIn, Lang::Zh) => "来电",
            (InteractionKind::CallIn, Lang::En) => "Inbound call",
            (InteractionKind::CallOut, Lang::Zh) => "去电",
            (InteractionKind::CallOut, Lang::En) => "Outbound call",
            (InteractionKind::Sms, Lang::Zh) => "短信",
            (InteractionKind::Sms, Lang::En) => "SMS",
            (InteractionKind::Email, Lang::Zh) => "邮件",
            (InteractionKind::Email, Lang::En) => "Email",
            (InteractionKind::EventAttendance, Lang::Zh) => "参加活动",
            (InteractionKind::EventAttendance, Lang::En) => "Event attendance",
            (InteractionKind::Survey, Lang::Zh) => "问卷",
            (InteractionKind::Survey, Lang::En) => "Survey",
            (InteractionKind::Complaint, Lang::Zh) => "投诉",
            (InteractionKind::Complaint, Lang::En) => "Complaint",
        }
    }
}
