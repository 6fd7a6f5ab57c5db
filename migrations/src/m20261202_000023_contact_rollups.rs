//! Calls and visits per day, and staff follow-ups, over a year at a
//! developer group's size: `interaction_days` (day × kind × member of
//! staff) held about 600 rows a day, so a year's chart read 220k rows.
//! Each chart gets the rollup shaped after it instead:
//!
//! - `contact_days`: interactions per Beijing day and kind (a year: a few
//!   thousand rows);
//! - `follow_up_days`: calls and visits logged per Beijing day and member
//!   of staff (0 for none; other kinds count 0).
//!
//! `interaction_days` and its triggers go: one upsert fewer per
//! interaction written.

use crate::m20261202_000019_dashboard_rollups::INTERACTION_DAYS;
use crate::rollup::Rollup;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const ROLLUPS: [Rollup; 2] = [
    Rollup {
        table: "contact_days",
        source: "interactions",
        time: "occurred_at",
        keys: &[("kind", "kind")],
        values: &[("n", "1")],
        watched: "occurred_at, kind",
        fan_out: None,
    },
    Rollup {
        table: "follow_up_days",
        source: "interactions",
        time: "occurred_at",
        keys: &[("staff_user_id", "COALESCE({r}.staff_user_id, 0)")],
        values: &[(
            "n",
            "CASE WHEN {r}.kind IN ('call_in', 'call_out', 'visit') THEN 1 ELSE 0 END",
        )],
        watched: "occurred_at, kind, staff_user_id",
        fan_out: None,
    },
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        Rollup::create_all(db, &ROLLUPS).await?;
        INTERACTION_DAYS.remove(db).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        INTERACTION_DAYS.create(db).await?;
        Rollup::remove_all(db, &ROLLUPS).await?;
        Ok(())
    }
}
