//! The marketing console (市场营销).

pub mod broadcast_section;
pub mod campaigns_page;
pub mod survey_pages;
