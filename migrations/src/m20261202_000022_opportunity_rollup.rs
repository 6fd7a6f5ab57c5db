//! The dashboard's funnel and forecast over a long period at a developer
//! group's size: `opportunity_days`, the opportunities opened per Beijing
//! day, project, salesperson (0 for none), stage and furthest stage
//! reached, with their expected and signed amounts, kept by triggers. A
//! year is then a few thousand rows instead of 150k opportunities.

use crate::rollup::Rollup;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const OPPORTUNITY_DAYS: Rollup = Rollup {
    table: "opportunity_days",
    source: "opportunities",
    time: "created_at",
    keys: &[
        ("project_id", "project_id"),
        ("sales_user_id", "COALESCE({r}.sales_user_id, 0)"),
        ("stage", "stage"),
        ("furthest_rank", "furthest_rank"),
    ],
    values: &[
        ("n", "1"),
        ("expected_fen", "COALESCE({r}.expected_amount_fen, 0)"),
        ("deal_fen", "COALESCE({r}.deal_amount_fen, 0)"),
    ],
    watched: "created_at, project_id, sales_user_id, stage, furthest_rank, \
              expected_amount_fen, deal_amount_fen",
    fan_out: None,
};

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        OPPORTUNITY_DAYS.create(m.get_connection()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        OPPORTUNITY_DAYS.remove(m.get_connection()).await
    }
}
