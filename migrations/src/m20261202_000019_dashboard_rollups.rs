//! The dashboard at a developer group's size (1M customers, 10M
//! interactions, 10M ledger entries): per-day rollups the database keeps
//! itself, and indexes shaped after the dashboard's queries.
//!
//! - `interaction_days`: interactions per Beijing day, kind and member of
//!   staff (0 for none) — calls and visits per day, staff follow-ups.
//! - `points_days`: points moved per Beijing day and ledger kind — points
//!   earned and redeemed per month.
//!
//! Triggers keep them on every insert, update and delete, whichever code
//! path writes, so they cannot drift from the rows they count. Existing
//! rows are counted in once, here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The Beijing day of a timestamp column, as `YYYY-MM-DD` text.
fn day_of(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => {
            format!("to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')")
        }
        _ => format!("date({column}, '+8 hours')"),
    }
}

/// (rollup, source table, key columns and their source expressions, the
/// counted columns and what each row adds, columns whose change moves a row)
struct Rollup {
    table: &'static str,
    source: &'static str,
    time: &'static str,
    keys: &'static [(&'static str, &'static str)],
    values: &'static [(&'static str, &'static str)],
    watched: &'static str,
}

const ROLLUPS: [Rollup; 2] = [
    Rollup {
        table: "interaction_days",
        source: "interactions",
        time: "occurred_at",
        keys: &[
            ("kind", "kind"),
            ("staff_user_id", "COALESCE({r}.staff_user_id, 0)"),
        ],
        values: &[("n", "1")],
        watched: "occurred_at, kind, staff_user_id",
    },
    Rollup {
        table: "points_days",
        source: "points_entries",
        time: "created_at",
        keys: &[("kind", "kind")],
        values: &[("n", "1"), ("points", "{r}.points")],
        watched: "created_at, kind, points",
    },
];

impl Rollup {
    fn key_exprs(&self, backend: DbBackend, r: &str) -> Vec<String> {
        let mut out = vec![day_of(backend, &format!("{r}.{}", self.time))];
        out.extend(self.keys.iter().map(|(_, e)| {
            if e.contains("{r}") {
                e.replace("{r}", r)
            } else {
                format!("{r}.{e}")
            }
        }));
        out
    }

    fn key_columns(&self) -> Vec<&'static str> {
        let mut out = vec!["day"];
        out.extend(self.keys.iter().map(|(c, _)| *c));
        out
    }

    fn value_exprs(&self, r: &str) -> Vec<String> {
        self.values
            .iter()
            .map(|(_, e)| e.replace("{r}", r))
            .collect()
    }

    /// Adds (`sign` = "+") or takes away ("-") row `r`'s share.
    fn apply(&self, backend: DbBackend, r: &str, sign: &str) -> String {
        let keys = self.key_columns();
        let columns: Vec<&str> = keys
            .iter()
            .copied()
            .chain(self.values.iter().map(|(c, _)| *c))
            .collect();
        let mut exprs = self.key_exprs(backend, r);
        exprs.extend(
            self.value_exprs(r)
                .into_iter()
                .map(|e| format!("{sign}({e})")),
        );
        let updates: Vec<String> = self
            .values
            .iter()
            .map(|(c, _)| format!("{c} = {t}.{c} + excluded.{c}", t = self.table))
            .collect();
        format!(
            "INSERT INTO {t} ({cols}) VALUES ({vals}) ON CONFLICT ({keys}) DO UPDATE SET {updates};",
            t = self.table,
            cols = columns.join(", "),
            vals = exprs.join(", "),
            keys = keys.join(", "),
            updates = updates.join(", ")
        )
    }

    fn create_table(&self) -> String {
        let mut cols = vec!["day VARCHAR(10) NOT NULL".to_owned()];
        for (c, _) in self.keys {
            cols.push(if *c == "kind" {
                "kind VARCHAR(32) NOT NULL".to_owned()
            } else {
                format!("{c} BIGINT NOT NULL")
            });
        }
        for (c, _) in self.values {
            cols.push(format!("{c} BIGINT NOT NULL"));
        }
        format!(
            "CREATE TABLE {} ({}, PRIMARY KEY ({}))",
            self.table,
            cols.join(", "),
            self.key_columns().join(", ")
        )
    }

    fn backfill(&self, backend: DbBackend) -> String {
        let keys = self.key_exprs(backend, "s");
        let group: Vec<String> = (1..=keys.len()).map(|k| k.to_string()).collect();
        let sums: Vec<String> = self
            .value_exprs("s")
            .into_iter()
            .map(|e| format!("SUM({e})"))
            .collect();
        let columns: Vec<&str> = self
            .key_columns()
            .into_iter()
            .chain(self.values.iter().map(|(c, _)| *c))
            .collect();
        format!(
            "INSERT INTO {t} ({cols}) SELECT {keys}, {sums} FROM {src} s GROUP BY {group}",
            t = self.table,
            cols = columns.join(", "),
            keys = keys.join(", "),
            sums = sums.join(", "),
            src = self.source,
            group = group.join(", ")
        )
    }

    fn triggers(&self, backend: DbBackend) -> Vec<String> {
        let (t, src) = (self.table, self.source);
        match backend {
            DbBackend::Postgres => vec![
                format!(
                    "CREATE FUNCTION {t}_apply() RETURNS trigger AS $$ BEGIN \
                     IF TG_OP IN ('UPDATE', 'DELETE') THEN {old} END IF; \
                     IF TG_OP IN ('INSERT', 'UPDATE') THEN {new} END IF; \
                     RETURN NULL; END $$ LANGUAGE plpgsql",
                    old = self.apply(backend, "OLD", "-"),
                    new = self.apply(backend, "NEW", "+"),
                ),
                format!(
                    "CREATE TRIGGER trg_{t} AFTER INSERT OR DELETE OR UPDATE OF {w} ON {src} \
                     FOR EACH ROW EXECUTE FUNCTION {t}_apply()",
                    w = self.watched
                ),
            ],
            _ => vec![
                format!(
                    "CREATE TRIGGER trg_{t}_insert AFTER INSERT ON {src} BEGIN {} END",
                    self.apply(backend, "NEW", "+")
                ),
                format!(
                    "CREATE TRIGGER trg_{t}_delete AFTER DELETE ON {src} BEGIN {} END",
                    self.apply(backend, "OLD", "-")
                ),
                format!(
                    "CREATE TRIGGER trg_{t}_update AFTER UPDATE OF {w} ON {src} BEGIN {} {} END",
                    self.apply(backend, "OLD", "-"),
                    self.apply(backend, "NEW", "+"),
                    w = self.watched
                ),
            ],
        }
    }

    fn drop(&self, backend: DbBackend) -> Vec<String> {
        let (t, src) = (self.table, self.source);
        let mut out = match backend {
            DbBackend::Postgres => vec![
                format!("DROP TRIGGER IF EXISTS trg_{t} ON {src}"),
                format!("DROP FUNCTION IF EXISTS {t}_apply()"),
            ],
            _ => ["insert", "delete", "update"]
                .iter()
                .map(|k| format!("DROP TRIGGER IF EXISTS trg_{t}_{k}"))
                .collect(),
        };
        out.push(format!("DROP TABLE IF EXISTS {t}"));
        out
    }
}

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
        let backend = m.get_database_backend();
        let db = m.get_connection();
        for r in &ROLLUPS {
            db.execute_unprepared(&r.create_table()).await?;
            db.execute_unprepared(&r.backfill(backend)).await?;
            for sql in r.triggers(backend) {
                db.execute_unprepared(&sql).await?;
            }
        }
        swap_indexes(db, &INDEXES, &SUPERSEDED).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let backend = m.get_database_backend();
        let db = m.get_connection();
        swap_indexes(db, &SUPERSEDED, &INDEXES).await?;
        for r in &ROLLUPS {
            for sql in r.drop(backend) {
                db.execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }
}
