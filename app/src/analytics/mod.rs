//! Analytics (数据分析): the dashboard.

#[cfg(feature = "ssr")]
pub mod blocks;
pub mod dashboard_page;
