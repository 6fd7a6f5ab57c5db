//! Marketing (营销): campaigns and what they brought, and the customer
//! pyramid.

pub mod campaigns;
pub mod segments;
