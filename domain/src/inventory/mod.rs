//! Property inventory (房源) and the sales-control grid (销控): projects →
//! buildings → units, and the unit status machine. A unit can never be sold
//! twice: every transition is one conditional update that only succeeds
//! from the expected state, so concurrent attempts have exactly one winner.

pub mod export;
pub mod grid;
pub mod listings;
pub mod setup;
pub mod transitions;

pub use grid::{buildings, grid};
pub use setup::{create_building, create_project, set_project_status};
pub use transitions::{HOLD_MINUTES, act, act_with_terms, expire_holds};
