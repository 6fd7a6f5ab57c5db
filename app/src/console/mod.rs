//! The staff console: navigation by permission, the work queue, the areas.

pub mod area_page;
pub mod home;
pub mod nav;
