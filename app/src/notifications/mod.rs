//! In-app notifications: the bell in the header and `/notifications`.

pub mod api;
pub mod page;
