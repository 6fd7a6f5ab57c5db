//! Property inventory in the console: buildings and the sales-control grid.

pub mod api;
pub mod buildings_page;
pub mod grid_page;
