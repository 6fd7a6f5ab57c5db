//! The knowledge base: members read and search it at `/help`; agents write
//! it at `/console/kb`, often from a ticket's resolution.

pub mod api;
pub mod console_page;
pub mod help_page;
