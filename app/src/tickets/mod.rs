//! The service desk's pages: the agents' inbox and ticket page, and the
//! departments' task list. The member's pages live in `portal::tickets`.

pub mod api;
pub mod detail_page;
pub mod inbox_page;
pub mod parts;
pub mod tasks_page;
