//! The sales pipeline in the console: the kanban with funnel and forecast,
//! and the opportunity and deal sections of a customer's page.

pub mod api;
pub mod board_page;
pub mod customer_sections;
