//! The partner merchant's counter.

pub mod counter_page;
