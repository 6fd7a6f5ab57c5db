//! Tickets and SLA compliance at a developer group's size (1M tickets):
//! per-day rollups of the tickets opened, the database keeps itself.
//!
//! - `ticket_days`: per Beijing day opened and agent (0 for none) — staff
//!   KPIs over all projects (a year: a few tens of thousands of rows);
//! - `ticket_project_days`: the same per project too (0 for a ticket with
//!   no unit) — staff KPIs of one project, read by project first;
//! - `ticket_department_days`: per Beijing day opened, project and
//!   department, a ticket counted once for each department that had a task
//!   on it (0, the service desk, while it has none) — tickets by
//!   department.
//!
//! Each sums the tickets opened, resolved, resolved by the resolution
//! target, and the revisit ratings. Open tickets past their target change
//! with the clock, so the dashboard counts those few live, through the
//! partial index on open tickets added here.

use crate::rollup::{FanOut, Rollup};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PROJECT: &str = "COALESCE((SELECT b.project_id FROM units u JOIN buildings b \
     ON b.id = u.building_id WHERE u.id = {r}.unit_id), 0)";

const VALUES: &[(&str, &str)] = &[
    ("opened", "1"),
    (
        "resolved",
        "CASE WHEN {r}.resolved_at IS NOT NULL THEN 1 ELSE 0 END",
    ),
    (
        "within_target",
        "CASE WHEN {r}.resolved_at IS NOT NULL AND {r}.resolved_at <= {r}.resolution_due_at \
         THEN 1 ELSE 0 END",
    ),
    ("rating_sum", "COALESCE({r}.rating, 0)"),
    (
        "rated",
        "CASE WHEN {r}.rating IS NOT NULL THEN 1 ELSE 0 END",
    ),
];

const WATCHED: &str = "created_at, unit_id, agent_user_id, resolved_at, resolution_due_at, rating";

pub(crate) const ROLLUPS: [Rollup; 3] = [
    Rollup {
        table: "ticket_days",
        source: "tickets",
        time: "created_at",
        keys: &[("agent_user_id", "COALESCE({r}.agent_user_id, 0)")],
        values: VALUES,
        watched: WATCHED,
        fan_out: None,
    },
    Rollup {
        table: "ticket_project_days",
        source: "tickets",
        time: "created_at",
        keys: &[
            ("project_id", PROJECT),
            ("agent_user_id", "COALESCE({r}.agent_user_id, 0)"),
        ],
        values: VALUES,
        watched: WATCHED,
        fan_out: None,
    },
    Rollup {
        table: "ticket_department_days",
        source: "tickets",
        time: "created_at",
        keys: &[("project_id", PROJECT)],
        values: VALUES,
        watched: WATCHED,
        fan_out: Some(FanOut {
            child: "ticket_tasks",
            parent: "ticket_id",
            column: "department_id",
        }),
    },
];

/// The open tickets (counted live); one project's rows, by project first.
const INDEXES: [&str; 3] = [
    "CREATE INDEX idx_tickets_open ON tickets \
     (created_at, resolution_due_at, unit_id, agent_user_id) WHERE resolved_at IS NULL",
    "CREATE INDEX idx_ticket_project_days_project ON ticket_project_days (project_id, day)",
    "CREATE INDEX idx_ticket_department_days_project ON ticket_department_days (project_id, day)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        Rollup::create_all(db, &ROLLUPS).await?;
        for sql in INDEXES {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_tickets_open")
            .await?;
        Rollup::remove_all(db, &ROLLUPS).await?;
        Ok(())
    }
}
