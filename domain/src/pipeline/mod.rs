//! The sales pipeline (SFA): one opportunity per customer and project, moved
//! 来访 → 意向 → 准成交 by the salesperson, to 成交 by a signed contract, or to
//! 流失 with a reason. Record-level access follows the customer's.

pub mod opportunities;
pub mod summary;

pub use opportunities::{BoardFilter, create, for_customer, kanban, move_stage, projects};
pub use summary::{SummaryFilter, summary};

use crate::customers::Scope;
use crate::entity::{customer, opportunity};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition};

/// Opportunities whose customer is in the scope.
pub(crate) fn scope_condition(scope: &Scope) -> Condition {
    match scope {
        Scope::All => Condition::all(),
        scope => {
            let customers = Query::select()
                .column(customer::Column::Id)
                .from(customer::Entity)
                .cond_where(scope.condition())
                .to_owned();
            Condition::all().add(opportunity::Column::CustomerId.in_subquery(customers))
        }
    }
}
