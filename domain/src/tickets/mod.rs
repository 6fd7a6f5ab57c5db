//! The service desk (服务台): tickets opened by members in the portal or by
//! agents for a caller, dispatched to departments as sub-tasks, resolved,
//! confirmed and revisited — with SLA clocks and a public timeline the
//! member follows like a parcel. Every step is one conditional update from
//! the expected status, so a stale or concurrent step is a 409 that changes
//! nothing.

pub mod classify;
pub mod open;
pub mod photos;
pub mod policies;
pub mod queue;
pub mod sla;
pub mod sla_job;
pub mod views;
pub mod workflow;

pub use classify::{Classification, classify};
pub use open::{StaffTicketDraft, open_for_caller, open_for_customer, open_for_member};
pub use views::{department_tasks, inbox, member_get, member_list, staff_get};
pub use workflow::{
    accept_task, add_note, agent_act, dispatch, finish_task, member_act, revisit, tag_defect,
};

use crate::entity::ticket;
use anju_types::ticket::TicketStatus;
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};

/// A ticket the member still waits on: anything not closed or revisited
/// (awaiting their confirmation counts). The member's home counts these.
pub fn still_open_for_member() -> SimpleExpr {
    Expr::col((ticket::Entity, ticket::Column::Status)).is_not_in([
        TicketStatus::Closed.as_str(),
        TicketStatus::Revisited.as_str(),
    ])
}
