//! The one authorization table: which role grants which permission. Server
//! functions and REST handlers both ask `can` / `require`; nothing else
//! decides access.

use super::Actor;
use crate::DomainError;
use anju_types::{Permission, Role};

/// Least privilege: each role gets what SPEC §2 says it sees and does.
pub fn role_grants(role: Role, permission: Permission) -> bool {
    use Permission as P;
    match role {
        Role::Member => matches!(permission, P::UsePortal),
        Role::Merchant => matches!(permission, P::RedeemCoupons),
        Role::Sales => matches!(
            permission,
            P::ViewConsole
                | P::ViewCustomers
                | P::EditCustomers
                | P::ViewPipeline
                | P::ViewUnits
                | P::SellUnits
        ),
        Role::SalesManager => matches!(
            permission,
            P::ViewConsole
                | P::ViewCustomers
                | P::EditCustomers
                | P::ViewIdNumbers
                | P::ReassignCustomers
                | P::MergeCustomers
                | P::ImportCustomers
                | P::ViewPipeline
                | P::ApproveDiscounts
                | P::ViewUnits
                | P::SellUnits
                | P::ViewAnalytics
        ),
        Role::ServiceAgent => matches!(
            permission,
            P::ViewConsole | P::ViewCustomers | P::EditCustomers | P::HandleTickets
        ),
        Role::ServiceHandler => matches!(permission, P::ViewConsole | P::WorkDepartmentTasks),
        Role::ClubManager => matches!(permission, P::ViewConsole | P::ManageClub),
        Role::Marketing => matches!(
            permission,
            P::ViewConsole | P::ManageMarketing | P::ViewAnalytics
        ),
        Role::Admin => matches!(
            permission,
            P::ViewConsole | P::ManageUsers | P::ViewAudit | P::ViewUnits | P::ManageUnits
        ),
    }
}

pub fn can(actor: &Actor, permission: Permission) -> bool {
    actor.roles.iter().any(|r| role_grants(*r, permission))
}

pub fn require(actor: &Actor, permission: Permission) -> Result<(), DomainError> {
    if can(actor, permission) {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// Every permission the roles grant together, in a stable order.
pub fn permissions_of(roles: &[Role]) -> Vec<Permission> {
    Permission::ALL
        .into_iter()
        .filter(|p| roles.iter().any(|r| role_grants(*r, *p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_merchants_never_enter_the_console() {
        for role in [Role::Member, Role::Merchant] {
            assert!(!role_grants(role, Permission::ViewConsole));
        }
        for role in Role::ALL.into_iter().filter(|r| r.is_staff()) {
            assert!(role_grants(role, Permission::ViewConsole), "{role:?}");
        }
    }

    #[test]
    fn only_members_use_the_portal_and_only_merchants_redeem() {
        for role in Role::ALL {
            assert_eq!(
                role_grants(role, Permission::UsePortal),
                role == Role::Member
            );
            assert_eq!(
                role_grants(role, Permission::RedeemCoupons),
                role == Role::Merchant
            );
        }
    }

    #[test]
    fn several_roles_add_up() {
        let perms = permissions_of(&[Role::Sales, Role::Marketing]);
        assert!(perms.contains(&Permission::ViewPipeline));
        assert!(perms.contains(&Permission::ManageMarketing));
        assert!(!perms.contains(&Permission::ManageUsers));
    }
}
