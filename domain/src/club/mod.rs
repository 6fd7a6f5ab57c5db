//! The club (客户会): memberships and tiers, the points ledger, rewards,
//! partner offers and coupons, events, referrals, projects' news, and the
//! club rules the manager edits. Every movement of points goes
//! through `ledger`, which keeps the balance equal to the sum of the
//! entries and never negative.

pub mod coupons;
pub mod events;
pub mod ledger;
pub mod membership;
pub mod news;
pub mod offers;
pub mod purchases;
pub mod referrals;
pub mod rewards;
pub mod rules;

pub use membership::{enrol, points_summary};
