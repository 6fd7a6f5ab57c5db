//! Transactions (交易): a deal is created when a unit is reserved (认购) for
//! a customer, with its price, discount and deposit; it is contracted (签约),
//! paid and handed over (交房) as the unit moves on, in the same transaction
//! as the unit's step. A discount beyond the configured threshold waits for
//! a sales manager before the contract can be signed. Signing emits a
//! `deal.closed` event into the outbox.

pub mod approval;
pub mod export;
pub mod payments;
pub mod sale;
pub mod views;

pub use approval::{decide, pending_approvals, revise_discount};
pub use payments::record_payment;
pub use sale::{ValidTerms, validate_terms};
pub use views::{for_customer, get};
