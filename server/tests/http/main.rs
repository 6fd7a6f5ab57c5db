//! HTTP tests: the real router on a real port, over a real database
//! (in-memory SQLite, or PostgreSQL when DATABASE_URL is set).

mod authz;
mod authz_matrix;
mod bundles;
mod campaigns;
mod cli;
mod club;
mod customers;
mod events;
mod faults;
mod helpers;
mod jobs;
mod ledger_tools;
mod offers;
mod persistence;
mod pipeline;
mod referrals;
mod security;
mod service_desk;
mod surveys;
mod tickets;
mod tokens;
mod units;
mod webhooks;
