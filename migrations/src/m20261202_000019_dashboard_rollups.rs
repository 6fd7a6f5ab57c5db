//! The dashboard at a developer group's size (1M customers, 10M
//! interactions, 10M ledger entries): per-day rollups the database keeps
//! itself, and indexes shaped after the dashboard's queries.
//!
//! - `interaction_days`: interactions per Beijing day, kind and member of
//!   staff (0 for none) — calls and visits per day, staff follow-ups
//!   (replaced by two smaller rollups in `…000023_contact_rollups`).
//! - `points_days`: points moved per Beijing day and ledger kind — points
//!   earned and redeemed per month.
//!
//! Triggers keep them on every insert, update and delete, whichever code
//! path writes, so they cannot drift from the rows they count. Existing
//! rows are counted in once, here.

use crate::rollup::Rollup;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const INTERACTION_DAYS: Rollup = Rollup {
    table: "interaction_days",
    source: "interactions",
    time: "occurred_at",
    keys: &[
        ("kind", "kind"),
        ("staff_user_id", "COALESCE({r}.staff_user_id, 0)"),
    ],
    values: &[("n", "1")],
    watched: "occurred_at, kind, staff_user_id",
    fan_out: None,
};

pub(crate) const POINTS_DAYS: Rollup = Rollup {
    table: "points_days",
    source: "points_entries",
    time: "created_at",
    keys: &[("kind", "kind")],
    values: &[("n", "1"), ("points", "{r}.points")],
    watched: "created_at, kind, points",
    fan_out: None,
};

const ROLLUPS: [Rollup; 2] = [INTERACTION_DAYS, POINTS_DAYS];

/// (name, table, columns)
const INDEXES: [IndexSpec; 8] = [
    // The funnel and forecast of a period read the index alone.
    (
        "idx_opportunities_created_cover",
        "opportunities",
        &[
            "created_at",
            "project_id",
            "sales_user_id",
            "stage",
            "furthest_rank",
            "expected_amount_fen",
            "deal_amount_fen",
        ],
    ),
    // Members by enrolment, with the customer the conversion probes need.
    (
        "idx_members_enrolled",
        "members",
        &["enrolled_at", "customer_id", "id"],
    ),
    // The SLA figures of the tickets opened in a period, from the index
    // alone; then each ticket's departments, from the index alone
    // (replaces the one on ticket_id).
    (
        "idx_tickets_created_sla",
        "tickets",
        &[
            "created_at",
            "unit_id",
            "agent_user_id",
            "resolved_at",
            "resolution_due_at",
            "rating",
        ],
    ),
    (
        "idx_ticket_tasks_ticket_department",
        "ticket_tasks",
        &["ticket_id", "department_id", "id"],
    ),
    // Each buyer's contracts (club conversion), from the index alone.
    (
        "idx_deals_customer_signed",
        "deals",
        &["customer_id", "contracted_at", "cancelled_at"],
    ),
    (
        "idx_customer_segments_segment",
        "customer_segments",
        &["segment"],
    ),
    (
        "idx_customer_segments_computed",
        "customer_segments",
        &["computed_at"],
    ),
    // A customer's two-way interactions in a window, from the index alone
    // (club conversion, the pyramid's facts); replaces (customer, time).
    (
        "idx_interactions_customer_time_kind",
        "interactions",
        &["customer_id", "occurred_at", "kind"],
    ),
];

/// Indexes the new ones start with, dropped (and put back by `down`).
const SUPERSEDED: [IndexSpec; 2] = [
    (
        "idx_interactions_customer_time",
        "interactions",
        &["customer_id", "occurred_at"],
    ),
    ("idx_ticket_tasks_ticket", "ticket_tasks", &["ticket_id"]),
];

type IndexSpec = (&'static str, &'static str, &'static [&'static str]);

/// Creates `create`, then drops `drop` (up, and the other way round down).
async fn swap_indexes(
    db: &SchemaManagerConnection<'_>,
    create: &[IndexSpec],
    drop: &[IndexSpec],
) -> Result<(), DbErr> {
    for (name, table, cols) in create {
        db.execute_unprepared(&format!(
            "CREATE INDEX {name} ON {table} ({})",
            cols.join(", ")
        ))
        .await?;
    }
    for (name, _, _) in drop {
        db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        Rollup::create_all(db, &ROLLUPS).await?;
        swap_indexes(db, &INDEXES, &SUPERSEDED).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        swap_indexes(db, &SUPERSEDED, &INDEXES).await?;
        Rollup::remove_all(db, &ROLLUPS).await?;
        Ok(())
    }
}
