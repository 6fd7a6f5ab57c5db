//! Marketing (营销): campaigns and what they brought.

pub mod campaigns;
