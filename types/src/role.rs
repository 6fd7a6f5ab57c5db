use crate::Lang;
use serde::{Deserialize, Serialize};

/// The roles of SPEC §2. A staff user may hold several; members and merchant
/// counter staff hold exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Merchant,
    Sales,
    SalesManager,
    ServiceAgent,
    ServiceHandler,
    ClubManager,
    Marketing,
    Admin,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Member,
        Role::Merchant,
        Role::Sales,
        Role::SalesManager,
        Role::ServiceAgent,
        Role::ServiceHandler,
        Role::ClubManager,
        Role::Marketing,
        Role::Admin,
    ];

    /// The stable name stored in the database and used in tokens.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Merchant => "merchant",
            Role::Sales => "sales",
            Role::SalesManager => "sales_manager",
            Role::ServiceAgent => "service_agent",
            Role::ServiceHandler => "service_handler",
            Role::ClubManager => "club_manager",
            Role::Marketing => "marketing",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Member | Role::Merchant)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => self.label_en(),
        }
    }

    /// "置业顾问 · 销售经理": several roles for display.
    pub fn join_labels(roles: &[Role], lang: Lang) -> String {
        roles
            .iter()
            .map(|r| r.label(lang))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Member => "会员",
            Role::Merchant => "联盟商家",
            Role::Sales => "置业顾问",
            Role::SalesManager => "销售经理",
            Role::ServiceAgent => "客服",
            Role::ServiceHandler => "处理部门",
            Role::ClubManager => "客户会",
            Role::Marketing => "营销策划",
            Role::Admin => "系统管理员",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Member => "Member",
            Role::Merchant => "Merchant",
            Role::Sales => "Sales consultant",
            Role::SalesManager => "Sales manager",
            Role::ServiceAgent => "Service agent",
            Role::ServiceHandler => "Handling department",
            Role::ClubManager => "Club manager",
            Role::Marketing => "Marketing",
            Role::Admin => "Administrator",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
