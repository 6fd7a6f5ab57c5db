//! Club conversion's dormant → active figure at a developer group's size
//! (290k members, 10M interactions), from two tables the database keeps:
//!
//! - `member_activity_spans`: per member, the runs of their customer's
//!   two-way interactions (not texts or emails) in which no gap exceeds 180
//!   days: start, end, the previous run's end, and the member's enrolment,
//!   as Unix seconds. A member was active at instant s (an interaction in
//!   the 180 days before it) exactly when one run has start < s ≤ end + 180
//!   days; runs are more than 180 days apart, so at most one does.
//! - `member_activity_days`: per Beijing day number, +1 where a run starts
//!   counting (the day after both its start and the enrolment) and −1 where
//!   it stops (the day after end + 180 days). Members active at a day's
//!   start = the sum of the deltas up to that day.
//!
//! Triggers keep both: an interaction appended after a member's last run
//! extends it or starts a new one; anything else (a backdated or edited
//! interaction, a member enrolling with a history) recomputes that
//! customer's runs.

use crate::rollup::clustered;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// 180 days in seconds: the silence that makes a member dormant.
const GAP: i64 = 180 * 86_400;

const TWO_WAY: &str = "kind NOT IN ('sms', 'email')";

/// A timestamp column as Unix seconds (rounded down).
fn epoch(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("CAST(FLOOR(EXTRACT(EPOCH FROM {column})) AS BIGINT)"),
        _ => format!("CAST(strftime('%s', {column}) AS INTEGER)"),
    }
}

/// The Beijing day number (days since 1970-01-01 in UTC+8) of Unix seconds.
fn day_number(seconds: &str) -> String {
    format!("(({seconds}) + 28800) / 86400")
}

/// Adds (`sign` "+") or takes away ("-") span `r`'s deltas.
fn span_deltas(backend: DbBackend, r: &str, sign: &str) -> String {
    let begins = day_number(&match backend {
        DbBackend::Postgres => format!("GREATEST({r}.start_at, {r}.enrolled_at)"),
        _ => format!("MAX({r}.start_at, {r}.enrolled_at)"),
    });
    let ends = day_number(&format!("{r}.end_at + {GAP}"));
    [(begins.as_str(), "1"), (ends.as_str(), "-1")]
        .iter()
        .map(|(day, delta)| {
            format!(
                "INSERT INTO member_activity_days (day, delta) SELECT {day} + 1, {sign}({delta}) \
                 WHERE {begins} < {ends} \
                 ON CONFLICT (day) DO UPDATE SET delta = member_activity_days.delta + excluded.delta;"
            )
        })
        .collect()
}

/// Recomputes customer `c`'s runs from their interactions (none unless a
/// member).
fn recompute(backend: DbBackend, c: &str) -> String {
    let t = epoch(backend, "occurred_at");
    let enrolled = epoch(backend, "m.enrolled_at");
    format!(
        "DELETE FROM member_activity_spans WHERE customer_id = {c}; \
         INSERT INTO member_activity_spans (customer_id, start_at, end_at, prev_end_at, enrolled_at) \
         SELECT m.customer_id, y.s, y.e, y.p, {enrolled} FROM members m, \
           (SELECT MIN(t) AS s, MAX(t) AS e, CASE WHEN g = 1 THEN NULL ELSE MIN(p) END AS p FROM \
             (SELECT t, p, SUM(CASE WHEN p IS NULL OR t - p > {GAP} THEN 1 ELSE 0 END) \
                OVER (ORDER BY o, id ROWS UNBOUNDED PRECEDING) AS g FROM \
               (SELECT id, occurred_at AS o, {t} AS t, LAG({t}) OVER (ORDER BY occurred_at, id) AS p \
                FROM interactions WHERE customer_id = {c} AND {TWO_WAY}) x) w \
            GROUP BY g) y \
         WHERE m.customer_id = {c};"
    )
}

/// Interaction `NEW`, not before the start of its customer's last run:
/// a new run after a silence of more than 180 days (or the first), else
/// the last run reaches it.
fn append(backend: DbBackend) -> String {
    let t = epoch(backend, "NEW.occurred_at");
    let enrolled = epoch(backend, "m.enrolled_at");
    format!(
        "INSERT INTO member_activity_spans (customer_id, start_at, end_at, prev_end_at, enrolled_at) \
         SELECT m.customer_id, {t}, {t}, \
           (SELECT MAX(end_at) FROM member_activity_spans WHERE customer_id = NEW.customer_id), {enrolled} \
         FROM members m WHERE m.customer_id = NEW.customer_id AND NOT EXISTS \
           (SELECT 1 FROM member_activity_spans WHERE customer_id = NEW.customer_id AND end_at >= {t} - {GAP}); \
         UPDATE member_activity_spans SET end_at = {t} WHERE customer_id = NEW.customer_id \
           AND end_at < {t} AND end_at >= {t} - {GAP};"
    )
}

/// Whether interaction `NEW` comes before its customer's last run starts.
fn backdated(backend: DbBackend) -> String {
    format!(
        "EXISTS (SELECT 1 FROM member_activity_spans WHERE customer_id = NEW.customer_id \
         AND start_at > {})",
        epoch(backend, "NEW.occurred_at")
    )
}

const IS_MEMBER: &str = "EXISTS (SELECT 1 FROM members WHERE customer_id = NEW.customer_id)";

fn up_sql(backend: DbBackend) -> Vec<String> {
    let mut out = vec![
        format!(
            "CREATE TABLE member_activity_spans (customer_id BIGINT NOT NULL, start_at BIGINT NOT NULL, \
             end_at BIGINT NOT NULL, prev_end_at BIGINT, enrolled_at BIGINT NOT NULL, \
             PRIMARY KEY (customer_id, start_at)){}",
            clustered(backend)
        ),
        // Runs starting in a period, with what reactivation asks of them.
        "CREATE INDEX idx_member_activity_spans_start ON member_activity_spans \
         (start_at, prev_end_at, enrolled_at)"
            .to_owned(),
        format!(
            "CREATE TABLE member_activity_days (day BIGINT NOT NULL PRIMARY KEY, delta BIGINT NOT NULL){}",
            clustered(backend)
        ),
    ];
    match backend {
        DbBackend::Postgres => {
            let lock = |c: &str| {
                format!(
                    "PERFORM pg_advisory_xact_lock(1634625141, CAST({c} % 2147483647 AS INTEGER));"
                )
            };
            out.extend([
                format!(
                    "CREATE FUNCTION member_activity_spans_apply() RETURNS trigger AS $$ BEGIN \
                     IF TG_OP IN ('UPDATE', 'DELETE') THEN {old} END IF; \
                     IF TG_OP IN ('INSERT', 'UPDATE') THEN {new} END IF; \
                     RETURN NULL; END $$ LANGUAGE plpgsql",
                    old = span_deltas(backend, "OLD", "-"),
                    new = span_deltas(backend, "NEW", "+"),
                ),
                "CREATE TRIGGER trg_member_activity_spans AFTER INSERT OR DELETE OR UPDATE \
                 ON member_activity_spans FOR EACH ROW EXECUTE FUNCTION member_activity_spans_apply()"
                    .to_owned(),
                format!(
                    "CREATE FUNCTION member_activity_recompute(c BIGINT) RETURNS void AS $$ BEGIN \
                     {lock} {body} END $$ LANGUAGE plpgsql",
                    lock = lock("c"),
                    body = recompute(backend, "c"),
                ),
                format!(
                    "CREATE FUNCTION member_activity_interactions() RETURNS trigger AS $$ BEGIN \
                     IF TG_OP = 'INSERT' THEN \
                       IF NEW.{TWO_WAY} AND {IS_MEMBER} THEN {lock} \
                         IF {backdated} THEN PERFORM member_activity_recompute(NEW.customer_id); \
                         ELSE {append} END IF; \
                       END IF; \
                     ELSE \
                       PERFORM member_activity_recompute(OLD.customer_id); \
                       IF TG_OP = 'UPDATE' THEN IF NEW.customer_id <> OLD.customer_id THEN \
                         PERFORM member_activity_recompute(NEW.customer_id); END IF; END IF; \
                     END IF; \
                     RETURN NULL; END $$ LANGUAGE plpgsql",
                    lock = lock("NEW.customer_id"),
                    backdated = backdated(backend),
                    append = append(backend),
                ),
                "CREATE TRIGGER trg_member_activity_interactions AFTER INSERT OR DELETE \
                 OR UPDATE OF customer_id, occurred_at, kind ON interactions \
                 FOR EACH ROW EXECUTE FUNCTION member_activity_interactions()"
                    .to_owned(),
                "CREATE FUNCTION member_activity_members() RETURNS trigger AS $$ BEGIN \
                 IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM member_activity_recompute(OLD.customer_id); END IF; \
                 IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM member_activity_recompute(NEW.customer_id); END IF; \
                 RETURN NULL; END $$ LANGUAGE plpgsql"
                    .to_owned(),
                "CREATE TRIGGER trg_member_activity_members AFTER INSERT OR DELETE \
                 OR UPDATE OF customer_id, enrolled_at ON members \
                 FOR EACH ROW EXECUTE FUNCTION member_activity_members()"
                    .to_owned(),
            ]);
        }
        _ => {
            let spans = |event: &str, body: String| {
                format!(
                    "CREATE TRIGGER trg_member_activity_spans_{} AFTER {event} ON member_activity_spans \
                     BEGIN {body} END",
                    event.to_lowercase()
                )
            };
            out.extend([
                spans("INSERT", span_deltas(backend, "NEW", "+")),
                spans("DELETE", span_deltas(backend, "OLD", "-")),
                spans(
                    "UPDATE",
                    span_deltas(backend, "OLD", "-") + &span_deltas(backend, "NEW", "+"),
                ),
                format!(
                    "CREATE TRIGGER trg_member_activity_append AFTER INSERT ON interactions \
                     WHEN NEW.{TWO_WAY} AND {IS_MEMBER} AND NOT {backdated} BEGIN {append} END",
                    backdated = backdated(backend),
                    append = append(backend),
                ),
                format!(
                    "CREATE TRIGGER trg_member_activity_backdated AFTER INSERT ON interactions \
                     WHEN NEW.{TWO_WAY} AND {backdated} BEGIN {body} END",
                    backdated = backdated(backend),
                    body = recompute(backend, "NEW.customer_id"),
                ),
                format!(
                    "CREATE TRIGGER trg_member_activity_interaction_delete AFTER DELETE ON interactions \
                     WHEN OLD.{TWO_WAY} BEGIN {body} END",
                    body = recompute(backend, "OLD.customer_id"),
                ),
                format!(
                    "CREATE TRIGGER trg_member_activity_interaction_update AFTER UPDATE OF \
                     customer_id, occurred_at, kind ON interactions BEGIN {old} {new} END",
                    old = recompute(backend, "OLD.customer_id"),
                    new = recompute(backend, "NEW.customer_id"),
                ),
                format!(
                    "CREATE TRIGGER trg_member_activity_member_insert AFTER INSERT ON members \
                     BEGIN {body} END",
                    body = recompute(backend, "NEW.customer_id"),
                ),
                format!(
                    "CREATE TRIGGER trg_member_activity_member_delete AFTER DELETE ON members \
                     BEGIN {body} END",
                    body = recompute(backend, "OLD.customer_id"),
                ),
                format!(
                    "CREATE TRIGGER trg_member_activity_member_update AFTER UPDATE OF \
                     customer_id, enrolled_at ON members BEGIN {old} {new} END",
                    old = recompute(backend, "OLD.customer_id"),
                    new = recompute(backend, "NEW.customer_id"),
                ),
            ]);
        }
    }
    out
}

/// Every member's runs, from their interactions, in one statement (the
/// spans' trigger fills the day deltas).
pub(crate) fn backfill(backend: DbBackend) -> String {
    let t = epoch(backend, "occurred_at");
    let enrolled = epoch(backend, "m.enrolled_at");
    format!(
        "INSERT INTO member_activity_spans (customer_id, start_at, end_at, prev_end_at, enrolled_at) \
         SELECT m.customer_id, y.s, y.e, y.p, {enrolled} FROM members m JOIN \
           (SELECT customer_id, MIN(t) AS s, MAX(t) AS e, \
                   CASE WHEN g = 1 THEN NULL ELSE MIN(p) END AS p FROM \
             (SELECT customer_id, t, p, SUM(CASE WHEN p IS NULL OR t - p > {GAP} THEN 1 ELSE 0 END) \
                OVER (PARTITION BY customer_id ORDER BY o, id ROWS UNBOUNDED PRECEDING) AS g FROM \
               (SELECT i.id, i.customer_id, i.occurred_at AS o, {t} AS t, \
                       LAG({t}) OVER (PARTITION BY i.customer_id ORDER BY i.occurred_at, i.id) AS p \
                FROM interactions i JOIN members mm ON mm.customer_id = i.customer_id \
                WHERE i.{TWO_WAY}) x) w \
            GROUP BY customer_id, g) y ON y.customer_id = m.customer_id"
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let backend = m.get_database_backend();
        let db = m.get_connection();
        for sql in up_sql(backend) {
            db.execute_unprepared(&sql).await?;
        }
        // Every existing member's runs (the spans' trigger fills the day
        // deltas).
        db.execute_unprepared(&backfill(backend)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let statements: &[&str] = match m.get_database_backend() {
            DbBackend::Postgres => &[
                "DROP TRIGGER IF EXISTS trg_member_activity_members ON members",
                "DROP TRIGGER IF EXISTS trg_member_activity_interactions ON interactions",
                "DROP FUNCTION IF EXISTS member_activity_members()",
                "DROP FUNCTION IF EXISTS member_activity_interactions()",
                "DROP FUNCTION IF EXISTS member_activity_recompute(BIGINT)",
                "DROP TRIGGER IF EXISTS trg_member_activity_spans ON member_activity_spans",
                "DROP FUNCTION IF EXISTS member_activity_spans_apply()",
            ],
            _ => &[
                "DROP TRIGGER IF EXISTS trg_member_activity_append",
                "DROP TRIGGER IF EXISTS trg_member_activity_backdated",
                "DROP TRIGGER IF EXISTS trg_member_activity_interaction_delete",
                "DROP TRIGGER IF EXISTS trg_member_activity_interaction_update",
                "DROP TRIGGER IF EXISTS trg_member_activity_member_insert",
                "DROP TRIGGER IF EXISTS trg_member_activity_member_delete",
                "DROP TRIGGER IF EXISTS trg_member_activity_member_update",
            ],
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        db.execute_unprepared("DROP TABLE IF EXISTS member_activity_days")
            .await?;
        db.execute_unprepared("DROP TABLE IF EXISTS member_activity_spans")
            .await?;
        Ok(())
    }
}
