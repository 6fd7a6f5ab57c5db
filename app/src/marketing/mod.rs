//! The marketing console (市场营销).

pub mod campaigns_page;
