//! Record-level access to customers. A customer outside the actor's scope
//! does not exist for them: lookups answer 404, searches leave it out.

use crate::auth::{self, Actor};
use crate::entity::{customer, user};
use anju_types::{Permission, Role};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Service agents find any customer by phone, whatever the channel.
    All,
    /// A sales manager: customers of salespeople in their department, and
    /// unassigned ones (to hand them out).
    Team {
        department_id: Option<i64>,
    },
    /// A salesperson: their own customers.
    Own {
        user_id: i64,
    },
    Nothing,
}

impl Scope {
    /// The widest scope any of the actor's roles gives.
    pub fn of(actor: &Actor) -> Scope {
        if !auth::can(actor, Permission::ViewCustomers) {
            Scope::Nothing
        } else if actor.roles.contains(&Role::ServiceAgent) {
            Scope::All
        } else if actor.roles.contains(&Role::SalesManager) {
            Scope::Team {
                department_id: actor.department_id,
            }
        } else if actor.roles.contains(&Role::Sales) {
            Scope::Own {
                user_id: actor.user_id,
            }
        } else {
            Scope::Nothing
        }
    }

    /// The SQL condition selecting the customers in scope. Merged records
    /// (tombstones) are in nobody's scope: their survivor stands for them.
    pub fn condition(&self) -> Condition {
        Condition::all()
            .add(customer::Column::MergedIntoId.is_null())
            .add(self.assignment())
    }

    fn assignment(&self) -> Condition {
        match self {
            Scope::All => Condition::all(),
            Scope::Team { department_id } => {
                let team = Query::select()
                    .column(user::Column::Id)
                    .from(user::Entity)
                    .and_where(Expr::col(user::Column::DepartmentId).eq(*department_id))
                    .to_owned();
                Condition::any()
                    .add(customer::Column::AssignedSalesId.is_null())
                    .add(customer::Column::AssignedSalesId.in_subquery(team))
            }
            Scope::Own { user_id } => {
                Condition::all().add(customer::Column::AssignedSalesId.eq(*user_id))
            }
            Scope::Nothing => Condition::all().add(Expr::val(1).eq(0)),
        }
    }

    /// The condition selecting records of another table (opportunities,
    /// deals …) whose customer, in `customer_id`, is in scope.
    pub fn owns(&self, customer_id: impl ColumnTrait) -> Condition {
        match self {
            Scope::All => Condition::all(),
            scope => {
                let customers = Query::select()
                    .column(customer::Column::Id)
                    .from(customer::Entity)
                    .cond_where(scope.condition())
                    .to_owned();
                Condition::all().add(customer_id.in_subquery(customers))
            }
        }
    }
}
