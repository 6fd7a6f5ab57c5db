//! anju's business logic. Functions take a connection (or a transaction) and
//! parsed types, so tests call them directly on a real database, without
//! HTTP or a browser.

pub mod analytics;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bulk_load;
pub mod clock;
pub mod club;
pub mod csv_sheet;
pub mod customers;
pub mod db;
pub mod deals;
pub mod demo;
pub mod egress;
pub mod entity;
pub mod error;
pub mod idempotency;
pub mod inventory;
pub mod kb;
pub mod marketing;
pub mod member_home;
pub mod notifications;
pub mod outbox;
pub mod pipeline;
pub mod services;
pub mod settings;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tickets;
pub mod users;
pub mod webhooks;

pub use clock::{Clock, business_date, business_day_start};
pub use error::DomainError;
pub use services::Services;
