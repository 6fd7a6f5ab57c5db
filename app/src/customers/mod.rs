//! The customer ledger in the console: list and search, register, detail
//! with interactions and field history.

pub mod api;
pub mod detail_page;
pub mod import_page;
pub mod list_page;
pub mod merge_section;
pub mod new_page;
pub mod reassign_page;
pub mod tools_api;
