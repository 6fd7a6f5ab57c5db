//! One file per schema change. Every migration must be valid on SQLite and
//! on PostgreSQL: use the schema builder; what it cannot express (the
//! rollups' triggers, `rollup.rs`) is written for each engine.

pub use sea_orm_migration::prelude::*;

pub mod derived;
mod m20261123_000001_accounts;
mod m20261123_000002_inventory;
mod m20261123_000003_audit;
mod m20261123_000004_customer_ledger;
mod m20261123_000005_unit_sales;
mod m20261124_000006_pipeline_deals;
mod m20261125_000007_merge_import;
mod m20261125_000008_search_indexes;
mod m20261125_000009_service_desk;
mod m20261129_000010_service_followups;
mod m20261129_000011_club_ledger;
mod m20261129_000012_club_offers;
mod m20261129_000013_club_events_referrals;
mod m20261129_000014_webhooks_audit;
mod m20261129_000015_campaigns;
mod m20261129_000016_customer_segments;
mod m20261129_000017_broadcasts;
mod m20261129_000018_surveys;
mod m20261202_000019_dashboard_rollups;
mod m20261202_000020_ticket_rollups;
mod m20261202_000021_member_activity;
mod m20261202_000022_opportunity_rollup;
mod m20261202_000023_contact_rollups;
mod m20261204_000024_tail_search_indexes;
mod rollup;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_inventory::Migration),
            Box::new(m20261123_000003_audit::Migration),
            Box::new(m20261123_000004_customer_ledger::Migration),
            Box::new(m20261123_000005_unit_sales::Migration),
            Box::new(m20261124_000006_pipeline_deals::Migration),
            Box::new(m20261125_000007_merge_import::Migration),
            Box::new(m20261125_000008_search_indexes::Migration),
            Box::new(m20261125_000009_service_desk::Migration),
            Box::new(m20261129_000010_service_followups::Migration),
            Box::new(m20261129_000011_club_ledger::Migration),
            Box::new(m20261129_000012_club_offers::Migration),
            Box::new(m20261129_000013_club_events_referrals::Migration),
            Box::new(m20261129_000014_webhooks_audit::Migration),
            Box::new(m20261129_000015_campaigns::Migration),
            Box::new(m20261129_000016_customer_segments::Migration),
            Box::new(m20261129_000017_broadcasts::Migration),
            Box::new(m20261129_000018_surveys::Migration),
            Box::new(m20261202_000019_dashboard_rollups::Migration),
            Box::new(m20261202_000020_ticket_rollups::Migration),
            Box::new(m20261202_000021_member_activity::Migration),
            Box::new(m20261202_000022_opportunity_rollup::Migration),
            Box::new(m20261202_000023_contact_rollups::Migration),
            Box::new(m20261204_000024_tail_search_indexes::Migration),
        ]
    }
}
