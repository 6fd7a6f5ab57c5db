use crate::{Lang, Permission};
use serde::{Deserialize, Serialize};

/// The areas of the staff console, each guarded by one permission. The
/// navigation shows an area only when the server granted its permission, and
/// the server checks the same permission again when the area is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsoleArea {
    Customers,
    Pipeline,
    Units,
    ServiceDesk,
    DepartmentTasks,
    Club,
    Marketing,
    Analytics,
    Users,
    Audit,
}

impl ConsoleArea {
    pub const ALL: [ConsoleArea; 10] = [
        ConsoleArea::Customers,
        ConsoleArea::Pipeline,
        ConsoleArea::Units,
        ConsoleArea::ServiceDesk,
        ConsoleArea::DepartmentTasks,
        ConsoleArea::Club,
        ConsoleArea::Marketing,
        ConsoleArea::Analytics,
        ConsoleArea::Users,
        ConsoleArea::Audit,
    ];

    pub fn permission(self) -> Permission {
        match self {
            ConsoleArea::Customers => Permission::ViewCustomers,
            ConsoleArea::Pipeline => Permission::ViewPipeline,
            ConsoleArea::Units => Permission::ViewUnits,
            ConsoleArea::ServiceDesk => Permission::HandleTickets,
            ConsoleArea::DepartmentTasks => Permission::WorkDepartmentTasks,
            ConsoleArea::Club => Permission::ManageClub,
            ConsoleArea::Marketing => Permission::ManageMarketing,
            ConsoleArea::Analytics => Permission::ViewAnalytics,
            ConsoleArea::Users => Permission::ManageUsers,
            ConsoleArea::Audit => Permission::ViewAudit,
        }
    }

    /// The path segment under `/console/`.
    pub fn slug(self) -> &'static str {
        match self {
            ConsoleArea::Customers => "customers",
            ConsoleArea::Pipeline => "pipeline",
            ConsoleArea::Units => "units",
            ConsoleArea::ServiceDesk => "service",
            ConsoleArea::DepartmentTasks => "tasks",
            ConsoleArea::Club => "club",
            ConsoleArea::Marketing => "marketing",
            ConsoleArea::Analytics => "analytics",
            ConsoleArea::Users => "users",
            ConsoleArea::Audit => "audit",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ConsoleArea> {
        ConsoleArea::ALL.into_iter().find(|a| a.slug() == slug)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => self.label_en(),
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ConsoleArea::Customers => "客户台账",
            ConsoleArea::Pipeline => "销售商机",
            ConsoleArea::Units => "房源销控",
            ConsoleArea::ServiceDesk => "服务台",
            ConsoleArea::DepartmentTasks => "部门任务",
            ConsoleArea::Club => "客户会",
            ConsoleArea::Marketing => "市场营销",
            ConsoleArea::Analytics => "数据分析",
            ConsoleArea::Users => "用户与角色",
            ConsoleArea::Audit => "审计日志",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ConsoleArea::Customers => "Customers",
            ConsoleArea::Pipeline => "Pipeline",
            ConsoleArea::Units => "Units",
            ConsoleArea::ServiceDesk => "Service desk",
            ConsoleArea::DepartmentTasks => "Department tasks",
            ConsoleArea::Club => "Club",
            ConsoleArea::Marketing => "Marketing",
            ConsoleArea::Analytics => "Analytics",
            ConsoleArea::Users => "Users & roles",
            ConsoleArea::Audit => "Audit log",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_round_trip() {
        for area in ConsoleArea::ALL {
            assert_eq!(ConsoleArea::from_slug(area.slug()), Some(area));
        }
        assert_eq!(ConsoleArea::from_slug("nope"), None);
    }
}
