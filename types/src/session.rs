use crate::{Lang, Permission, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Staff,
    Member,
    Merchant,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Staff => "staff",
            AccountKind::Member => "member",
            AccountKind::Merchant => "merchant",
        }
    }

    pub fn parse(s: &str) -> Option<AccountKind> {
        match s {
            "staff" => Some(AccountKind::Staff),
            "member" => Some(AccountKind::Member),
            "merchant" => Some(AccountKind::Merchant),
            _ => None,
        }
    }
}

/// What the UI knows about the signed-in user: enough to greet them and to
/// hide what they may not use. Never a secret, never an internal id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub display_name: String,
    pub kind: AccountKind,
    pub roles: Vec<Role>,
    pub permissions: Vec<Permission>,
    pub lang: Lang,
}

impl SessionUser {
    pub fn has(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// What every page needs before it renders: who is signed in (if anyone) and
/// the UI language.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<SessionUser>,
    pub lang: Lang,
    /// The signed-in user's unread notifications when the page was served.
    pub unread_notifications: u64,
}
