//! Per-day rollups the database keeps itself: a table of sums per Beijing
//! day and key, and triggers that add a row's share when it is written and
//! take it away when it changes or goes, whichever code path writes, so the
//! sums cannot drift from the rows they count. Existing rows are counted in
//! once, when the rollup is created.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// The Beijing day of a timestamp column, as `YYYY-MM-DD` text.
fn day_of(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => {
            format!("to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')")
        }
        _ => format!("date({column}, '+8 hours')"),
    }
}

/// How a table keyed by its primary key is stored: clustered on SQLite.
pub(crate) fn clustered(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Sqlite => " WITHOUT ROWID",
        _ => "",
    }
}

/// Key columns holding a code (`kind`, `stage`); the others are ids.
const TEXT_KEYS: [&str; 2] = ["kind", "stage"];

/// Sums of `values` over the rows of `source`, per Beijing day of `time`
/// and per `keys`. In keys and values, `{r}` stands for the row; a bare
/// key expression is a column of it.
pub(crate) struct Rollup {
    pub table: &'static str,
    pub source: &'static str,
    pub time: &'static str,
    pub keys: &'static [(&'static str, &'static str)],
    pub values: &'static [(&'static str, &'static str)],
    /// Columns whose change moves a row's share.
    pub watched: &'static str,
    pub fan_out: Option<FanOut>,
}

/// Counts each source row once per distinct `column` among its rows in
/// `child` (joined on `parent`), or once under 0 when it has none: a
/// ticket once for each department that had a task on it.
pub(crate) struct FanOut {
    pub child: &'static str,
    pub parent: &'static str,
    pub column: &'static str,
}

impl FanOut {
    /// The keys of the source row whose id is `id`, as a table `d`.
    fn of_one(&self, id: &str) -> String {
        let FanOut {
            child,
            parent,
            column,
        } = self;
        format!(
            "(SELECT DISTINCT {column} AS {column} FROM {child} WHERE {parent} = {id} \
             UNION ALL SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM {child} WHERE {parent} = {id})) d"
        )
    }

    /// The keys of every source row, as a table `d` of (`pid`, column).
    fn of_all(&self, source: &str) -> String {
        let FanOut {
            child,
            parent,
            column,
        } = self;
        format!(
            "(SELECT DISTINCT {parent} AS pid, {column} AS {column} FROM {child} \
             UNION ALL SELECT s0.id, 0 FROM {source} s0 \
             WHERE NOT EXISTS (SELECT 1 FROM {child} c0 WHERE c0.{parent} = s0.id)) d"
        )
    }
}

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
        if let Some(f) = &self.fan_out {
            out.push(format!("d.{}", f.column));
        }
        out
    }

    fn key_columns(&self) -> Vec<&'static str> {
        let mut out = vec!["day"];
        out.extend(self.keys.iter().map(|(c, _)| *c));
        out.extend(self.fan_out.as_ref().map(|f| f.column));
        out
    }

    fn value_exprs(&self, r: &str) -> Vec<String> {
        self.values
            .iter()
            .map(|(_, e)| e.replace("{r}", r))
            .collect()
    }

    fn columns(&self) -> Vec<&'static str> {
        self.key_columns()
            .into_iter()
            .chain(self.values.iter().map(|(c, _)| *c))
            .collect()
    }

    /// `INSERT … ON CONFLICT` adding `rows` to the sums.
    fn upsert(&self, rows: &str) -> String {
        let updates: Vec<String> = self
            .values
            .iter()
            .map(|(c, _)| format!("{c} = {t}.{c} + excluded.{c}", t = self.table))
            .collect();
        format!(
            "INSERT INTO {t} ({cols}) {rows} ON CONFLICT ({keys}) DO UPDATE SET {updates};",
            t = self.table,
            cols = self.columns().join(", "),
            keys = self.key_columns().join(", "),
            updates = updates.join(", ")
        )
    }

    /// The share of row `r` (a trigger's `NEW` or `OLD`, or an alias bound
    /// by `from`), added (`sign` = "+") or taken away ("-").
    fn share(&self, backend: DbBackend, r: &str, sign: &str, from: Option<(&str, &str)>) -> String {
        let mut exprs = self.key_exprs(backend, r);
        exprs.extend(
            self.value_exprs(r)
                .into_iter()
                .map(|e| format!("{sign}({e})")),
        );
        let exprs = exprs.join(", ");
        match (&self.fan_out, from) {
            (None, _) => self.upsert(&format!("VALUES ({exprs})")),
            // SQLite needs the WHERE to read ON CONFLICT as the upsert's.
            (Some(_), Some((from, filter))) => {
                self.upsert(&format!("SELECT {exprs} FROM {from} WHERE {filter}"))
            }
            (Some(f), None) => self.upsert(&format!(
                "SELECT {exprs} FROM {} WHERE true",
                f.of_one(&format!("{r}.id"))
            )),
        }
    }

    /// The share of the source row whose id is `id`, under its child keys
    /// as they are at the time (for the child table's triggers).
    fn share_of_parent(
        &self,
        backend: DbBackend,
        f: &FanOut,
        id: &str,
        sign: &str,
        only_if: &str,
    ) -> String {
        self.share(
            backend,
            "p",
            sign,
            Some((
                &format!("{} p, {}", self.source, f.of_one(id)),
                &format!("p.id = {id}{only_if}"),
            )),
        )
    }

    /// On SQLite the table is clustered on its key (`WITHOUT ROWID`): rows
    /// written by triggers in any order are still read as one run of pages
    /// for a period, not looked up one by one through a separate index.
    fn create_table(&self, backend: DbBackend) -> String {
        let mut cols = vec!["day VARCHAR(10) NOT NULL".to_owned()];
        for c in self.key_columns().into_iter().skip(1) {
            cols.push(if TEXT_KEYS.contains(&c) {
                format!("{c} VARCHAR(32) NOT NULL")
            } else {
                format!("{c} BIGINT NOT NULL")
            });
        }
        for (c, _) in self.values {
            cols.push(format!("{c} BIGINT NOT NULL"));
        }
        format!(
            "CREATE TABLE {} ({}, PRIMARY KEY ({})){}",
            self.table,
            cols.join(", "),
            self.key_columns().join(", "),
            clustered(backend)
        )
    }

    pub(crate) fn backfill(&self, backend: DbBackend) -> String {
        let keys = self.key_exprs(backend, "s");
        let group: Vec<String> = (1..=keys.len()).map(|k| k.to_string()).collect();
        let sums: Vec<String> = self
            .value_exprs("s")
            .into_iter()
            .map(|e| format!("SUM({e})"))
            .collect();
        let from = match &self.fan_out {
            None => format!("{} s", self.source),
            Some(f) => format!(
                "{} s JOIN {} ON d.pid = s.id",
                self.source,
                f.of_all(self.source)
            ),
        };
        format!(
            "INSERT INTO {t} ({cols}) SELECT {keys}, {sums} FROM {from} GROUP BY {group}",
            t = self.table,
            cols = self.columns().join(", "),
            keys = keys.join(", "),
            sums = sums.join(", "),
            group = group.join(", ")
        )
    }

    fn triggers(&self, backend: DbBackend) -> Vec<String> {
        let (t, src) = (self.table, self.source);
        let mut out = match backend {
            DbBackend::Postgres => vec![
                format!(
                    "CREATE FUNCTION {t}_apply() RETURNS trigger AS $$ BEGIN \
                     IF TG_OP IN ('UPDATE', 'DELETE') THEN {old} END IF; \
                     IF TG_OP IN ('INSERT', 'UPDATE') THEN {new} END IF; \
                     RETURN NULL; END $$ LANGUAGE plpgsql",
                    old = self.share(backend, "OLD", "-", None),
                    new = self.share(backend, "NEW", "+", None),
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
                    self.share(backend, "NEW", "+", None)
                ),
                format!(
                    "CREATE TRIGGER trg_{t}_delete AFTER DELETE ON {src} BEGIN {} END",
                    self.share(backend, "OLD", "-", None)
                ),
                format!(
                    "CREATE TRIGGER trg_{t}_update AFTER UPDATE OF {w} ON {src} BEGIN {} {} END",
                    self.share(backend, "OLD", "-", None),
                    self.share(backend, "NEW", "+", None),
                    w = self.watched
                ),
            ],
        };
        if let Some(f) = &self.fan_out {
            out.extend(self.child_triggers(backend, f));
        }
        out
    }

    /// A child row written or gone may change its parent's keys: take the
    /// parent's share away before the write and add it back after.
    fn child_triggers(&self, backend: DbBackend, f: &FanOut) -> Vec<String> {
        let (t, child, parent) = (self.table, f.child, f.parent);
        let watched = format!("{parent}, {}", f.column);
        let share = |id: &str, sign: &str| self.share_of_parent(backend, f, id, sign, "");
        match backend {
            DbBackend::Postgres => [("before", "-", "BEFORE"), ("after", "+", "AFTER")]
                .into_iter()
                .flat_map(|(when, sign, timing)| {
                    let ret = if when == "before" {
                        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
                    } else {
                        "RETURN NULL;"
                    };
                    [
                        format!(
                            "CREATE FUNCTION {t}_{child}_{when}() RETURNS trigger AS $$ BEGIN \
                             IF TG_OP IN ('UPDATE', 'DELETE') THEN {old} END IF; \
                             IF TG_OP = 'INSERT' THEN {new} END IF; \
                             IF TG_OP = 'UPDATE' THEN IF NEW.{parent} <> OLD.{parent} THEN {new} END IF; END IF; \
                             {ret} END $$ LANGUAGE plpgsql",
                            old = share(&format!("OLD.{parent}"), sign),
                            new = share(&format!("NEW.{parent}"), sign),
                        ),
                        format!(
                            "CREATE TRIGGER trg_{t}_{child}_{when} {timing} INSERT OR DELETE OR UPDATE OF {watched} \
                             ON {child} FOR EACH ROW EXECUTE FUNCTION {t}_{child}_{when}()"
                        ),
                    ]
                })
                .collect(),
            _ => [("before", "-", "BEFORE"), ("after", "+", "AFTER")]
                .into_iter()
                .flat_map(|(when, sign, timing)| {
                    let new = share(&format!("NEW.{parent}"), sign);
                    let old = share(&format!("OLD.{parent}"), sign);
                    // A row moved to another parent changes both parents.
                    let moved = self.share_of_parent(
                        backend,
                        f,
                        &format!("NEW.{parent}"),
                        sign,
                        &format!(" AND NEW.{parent} <> OLD.{parent}"),
                    );
                    [
                        format!(
                            "CREATE TRIGGER trg_{t}_{child}_insert_{when} {timing} INSERT ON {child} \
                             BEGIN {new} END"
                        ),
                        format!(
                            "CREATE TRIGGER trg_{t}_{child}_delete_{when} {timing} DELETE ON {child} \
                             BEGIN {old} END"
                        ),
                        format!(
                            "CREATE TRIGGER trg_{t}_{child}_update_{when} {timing} UPDATE OF {watched} \
                             ON {child} BEGIN {old} {moved} END"
                        ),
                    ]
                })
                .collect(),
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
        if let Some(f) = &self.fan_out {
            let child = f.child;
            for when in ["before", "after"] {
                match backend {
                    DbBackend::Postgres => {
                        out.push(format!(
                            "DROP TRIGGER IF EXISTS trg_{t}_{child}_{when} ON {child}"
                        ));
                        out.push(format!("DROP FUNCTION IF EXISTS {t}_{child}_{when}()"));
                    }
                    _ => out.extend(
                        ["insert", "delete", "update"]
                            .iter()
                            .map(|k| format!("DROP TRIGGER IF EXISTS trg_{t}_{child}_{k}_{when}")),
                    ),
                }
            }
        }
        out.push(format!("DROP TABLE IF EXISTS {t}"));
        out
    }

    /// Creates the table, counts the existing rows in, adds the triggers.
    pub async fn create(&self, db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
        let backend = db.get_database_backend();
        db.execute_unprepared(&self.create_table(backend)).await?;
        db.execute_unprepared(&self.backfill(backend)).await?;
        for sql in self.triggers(backend) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    /// Creates each of `rollups`.
    pub async fn create_all(
        db: &SchemaManagerConnection<'_>,
        rollups: &[Rollup],
    ) -> Result<(), DbErr> {
        for r in rollups {
            r.create(db).await?;
        }
        Ok(())
    }

    /// Removes each of `rollups`.
    pub async fn remove_all(
        db: &SchemaManagerConnection<'_>,
        rollups: &[Rollup],
    ) -> Result<(), DbErr> {
        for r in rollups {
            r.remove(db).await?;
        }
        Ok(())
    }

    pub async fn remove(&self, db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
        for sql in self.drop(db.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
