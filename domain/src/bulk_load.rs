//! Loading millions of rows fast (`anju gen`): the loaded tables' secondary
//! indexes and triggers come off before the load and go back after it, and
//! the tables those triggers keep are rebuilt in one set-based pass each.
//! Maintaining a B-tree per index and a rollup per row, row by row, is
//! what makes a large load slow; building each once from sorted data is
//! not.

use crate::db::statement;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Value};

/// What [`suspend`] took off, to put back with [`Suspended::resume`].
#[must_use = "resume puts the indexes and triggers back"]
pub struct Suspended {
    /// Statements that recreate the dropped indexes.
    indexes: Vec<String>,
    /// SQLite: statements that recreate the dropped triggers.
    triggers: Vec<String>,
    /// PostgreSQL: tables whose user triggers are disabled.
    disabled: Vec<&'static str>,
}

/// Drops the secondary indexes of `tables` (not primary keys or the
/// indexes behind constraints) and takes their triggers off. A load that is
/// interrupted before [`Suspended::resume`] leaves them off: start again on
/// a fresh database.
pub async fn suspend(db: &DatabaseConnection, tables: &[&'static str]) -> Result<Suspended, DbErr> {
    let backend = db.get_database_backend();
    let mut out = Suspended {
        indexes: Vec::new(),
        triggers: Vec::new(),
        disabled: Vec::new(),
    };
    for &table in tables {
        let found = match backend {
            DbBackend::Postgres => {
                "SELECT indexname AS name, 'index' AS kind, indexdef AS sql FROM pg_indexes i \
                 WHERE schemaname = current_schema() AND tablename = ? AND NOT EXISTS \
                 (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname \
                  AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))"
            }
            _ => {
                "SELECT name, type AS kind, sql FROM sqlite_master \
                 WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL"
            }
        };
        let rows = db
            .query_all_raw(statement(backend, found, vec![Value::from(table)]))
            .await?;
        for row in rows {
            let name: String = row.try_get("", "name")?;
            let kind: String = row.try_get("", "kind")?;
            let sql: String = row.try_get("", "sql")?;
            if kind == "index" {
                db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
                out.indexes.push(sql);
            } else {
                db.execute_unprepared(&format!("DROP TRIGGER {name}"))
                    .await?;
                out.triggers.push(sql);
            }
        }
        if backend == DbBackend::Postgres {
            db.execute_unprepared(&format!("ALTER TABLE {table} DISABLE TRIGGER USER"))
                .await?;
            out.disabled.push(table);
        }
    }
    Ok(out)
}

impl Suspended {
    /// Builds the indexes again, rebuilds the derived tables from the
    /// loaded rows, then puts the triggers back. `step(done, total)` follows
    /// the indexes and the rebuild.
    pub async fn resume(
        self,
        db: &DatabaseConnection,
        step: &mut dyn FnMut(u64, u64),
    ) -> Result<(), DbErr> {
        let total = self.indexes.len() as u64 + 1;
        for (i, sql) in self.indexes.iter().enumerate() {
            step(i as u64, total);
            db.execute_unprepared(sql).await?;
        }
        step(total - 1, total);
        migrations::derived::rebuild(db).await?;
        step(total, total);
        for sql in &self.triggers {
            db.execute_unprepared(sql).await?;
        }
        for table in &self.disabled {
            db.execute_unprepared(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))
                .await?;
        }
        Ok(())
    }
}
