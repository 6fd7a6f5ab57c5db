pub mod alert;
pub mod chart;
pub mod empty_state;
pub mod header;
pub mod not_found;
pub mod page;
pub mod time;
