use serde::{Deserialize, Serialize};

/// What an actor may do. Which roles grant which permission is decided in one
/// place on the server (`anju_domain::auth::policy`); the UI only receives the
/// resulting set to hide what the server would refuse anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Member self-service: own profile, points, tickets, offers, events.
    UsePortal,
    /// Merchant counter: verify and redeem coupons of its own merchant.
    RedeemCoupons,
    /// Enter the staff console at all.
    ViewConsole,
    ViewCustomers,
    /// Create customers and edit their profiles (within the record scope).
    EditCustomers,
    /// See ID numbers unmasked.
    ViewIdNumbers,
    ReassignCustomers,
    /// Merge duplicate customer records and undo merges.
    MergeCustomers,
    /// Import customers from CSV files.
    ImportCustomers,
    ViewPipeline,
    ApproveDiscounts,
    ViewUnits,
    /// Hold, reserve, contract and deliver units for customers.
    SellUnits,
    ManageUnits,
    HandleTickets,
    WorkDepartmentTasks,
    ManageClub,
    ManageMarketing,
    ViewAnalytics,
    ManageUsers,
    ViewAudit,
}

impl Permission {
    pub const ALL: [Permission; 21] = [
        Permission::UsePortal,
        Permission::RedeemCoupons,
        Permission::ViewConsole,
        Permission::ViewCustomers,
        Permission::EditCustomers,
        Permission::ViewIdNumbers,
        Permission::ReassignCustomers,
        Permission::MergeCustomers,
        Permission::ImportCustomers,
        Permission::ViewPipeline,
        Permission::ApproveDiscounts,
        Permission::ViewUnits,
        Permission::SellUnits,
        Permission::ManageUnits,
        Permission::HandleTickets,
        Permission::WorkDepartmentTasks,
        Permission::ManageClub,
        Permission::ManageMarketing,
        Permission::ViewAnalytics,
        Permission::ManageUsers,
        Permission::ViewAudit,
    ];
}
