//! Domain tests on a real database: in-memory SQLite, or PostgreSQL when
//! DATABASE_URL=postgres://… (each test in its own schema).

mod analytics;
mod audit;
mod auth;
mod broadcasts;
mod campaigns;
mod club;
mod club_events;
mod club_offers;
mod club_props;
mod club_referrals;
mod customers;
mod deals;
mod demo;
mod import;
mod inventory;
mod member_home;
mod merge;
mod parser_props;
mod pipeline;
mod scale;
mod segments;
mod service_desk;
mod settings;
mod statements;
mod support;
mod surveys;
mod tickets;
mod webhooks;
