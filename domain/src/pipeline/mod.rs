//! The sales pipeline (SFA): one opportunity per customer and project, moved
//! 来访 → 意向 → 准成交 by the salesperson, to 成交 by a signed contract, or to
//! 流失 with a reason. Record-level access follows the customer's.

pub mod export;
pub mod opportunities;
pub mod summary;

pub use opportunities::{BoardFilter, create, for_customer, kanban, move_stage, projects};
pub use summary::{SummaryFilter, summary};
