//! The member portal: what a homeowner or club member sees.

pub mod events;
pub mod home;
pub mod homes;
pub mod nav;
pub mod news;
pub mod offers;
pub mod points;
pub mod profile;
pub mod referrals;
pub mod surveys;
pub mod tickets;
