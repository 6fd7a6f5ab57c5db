//! The staff console: navigation by permission, the work queue, the areas.

pub mod area_page;
pub mod frame;
pub mod home;
pub mod nav;
