//! Marketing (营销): campaigns and what they brought, and the customer
//! pyramid, messages to its segments, and surveys.

pub mod broadcasts;
pub mod campaigns;
pub mod segments;
pub mod surveys;
