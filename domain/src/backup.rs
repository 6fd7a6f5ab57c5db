//! `anju backup` and `anju restore` for the embedded SQLite database.
//! PostgreSQL has its own tools (`pg_dump` / `pg_restore`, in the README).
//!
//! - **Backup** writes a consistent copy while anju keeps serving:
//!   `VACUUM INTO` reads the whole database in one read transaction, so the
//!   copy is a snapshot of one instant, and writers are not blocked (WAL).
//!   The copy is checked before it is reported written.
//! - **Restore** checks the backup first (it opens, its pages are sound,
//!   this build knows every migration it went through), refuses while the
//!   database looks open, keeps the database it replaces beside it, and
//!   migrates the restored one up to this build.

use crate::db::{self, sqlite_file_path};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "anju backup and restore work on the SQLite file; for PostgreSQL use pg_dump and pg_restore (README, Backups)"
    )]
    NotSqliteFile,
    #[error("{0} already exists; choose a new file name")]
    Exists(String),
    #[error("{0} is not there")]
    Missing(String),
    #[error("{path} is not an anju database: {reason}")]
    NotAnju { path: String, reason: String },
    #[error(
        "{path} was written by a newer anju (migration {migration} is unknown to this build); restore it with that version"
    )]
    Newer { path: String, migration: String },
    #[error(
        "{0} looks open (its -shm file exists): stop anju first, or pass --force if it crashed"
    )]
    InUse(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error(transparent)]
    Connect(#[from] db::ConnectError),
}

/// What a backup or restore wrote.
#[derive(Debug)]
pub struct Copied {
    pub path: PathBuf,
    pub bytes: u64,
    pub migrations: usize,
    /// On restore: where the database it replaced was kept.
    pub replaced: Option<PathBuf>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes a snapshot of the live database `db` to the new file `to`.
pub async fn backup(db: &DatabaseConnection, to: &Path) -> Result<Copied, BackupError> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(BackupError::NotSqliteFile);
    }
    if to.exists() {
        return Err(BackupError::Exists(to.display().to_string()));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [to.display().to_string().into()],
    ))
    .await?;
    let migrations = check(to).await?;
    let bytes = std::fs::metadata(to).map_err(io(to))?.len();
    Ok(Copied {
        path: to.to_owned(),
        bytes,
        migrations,
        replaced: None,
    })
}

/// Checks that `path` is a sound anju database this build can run, and
/// returns how many migrations it went through.
pub async fn check(path: &Path) -> Result<usize, BackupError> {
    if !path.is_file() {
        return Err(BackupError::Missing(path.display().to_string()));
    }
    let not_anju = |reason: String| BackupError::NotAnju {
        path: path.display().to_string(),
        reason,
    };
    let mut opts = ConnectOptions::new(format!("sqlite://{}?mode=ro", path.display()));
    opts.sqlx_logging(false).max_connections(1);
    let conn = Database::connect(opts)
        .await
        .map_err(|e| not_anju(e.to_string()))?;
    let result = async {
        let verdict: String = conn
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA quick_check",
            ))
            .await
            .map_err(|e| not_anju(e.to_string()))?
            .and_then(|r| r.try_get_by_index(0).ok())
            .unwrap_or_default();
        if verdict != "ok" {
            return Err(not_anju(verdict));
        }
        let applied = conn
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT version FROM seaql_migrations",
            ))
            .await
            .map_err(|_| not_anju("it has no migration history".to_owned()))?;
        let known: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        for row in &applied {
            let version: String = row.try_get_by_index(0)?;
            if !known.contains(&version) {
                return Err(BackupError::Newer {
                    path: path.display().to_string(),
                    migration: version,
                });
            }
        }
        Ok(applied.len())
    }
    .await;
    conn.close().await.ok();
    result
}

/// Replaces the SQLite database of `url` with the backup `from` (checked
/// first), keeping the one it replaces beside it, then migrates it.
pub async fn restore(url: &str, from: &Path, force: bool) -> Result<Copied, BackupError> {
    let target = PathBuf::from(sqlite_file_path(url).ok_or(BackupError::NotSqliteFile)?);
    check(from).await?;
    let with = |suffix: &str| PathBuf::from(format!("{}{suffix}", target.display()));
    if with("-shm").exists() && !force {
        return Err(BackupError::InUse(target.display().to_string()));
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    // Copy beside the target and make it durable before anything moves.
    let incoming = with(".restoring");
    std::fs::copy(from, &incoming).map_err(io(&incoming))?;
    std::fs::File::open(&incoming)
        .and_then(|f| f.sync_all())
        .map_err(io(&incoming))?;
    // The database it replaces, with its WAL (whose pages are part of it),
    // moves aside: a restore by mistake loses nothing.
    let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S");
    let kept = with(&format!(".replaced-{stamp}"));
    let mut replaced = None;
    for suffix in ["", "-wal", "-shm"] {
        let file = with(suffix);
        if file.exists() {
            let to = PathBuf::from(format!("{}{suffix}", kept.display()));
            std::fs::rename(&file, &to).map_err(io(&file))?;
            if suffix.is_empty() {
                replaced = Some(to);
            }
        }
    }
    std::fs::rename(&incoming, &target).map_err(io(&target))?;
    let conn = db::connect(url).await?;
    db::migrate(&conn).await?;
    let migrations = Migrator::get_applied_migrations(&conn).await?.len();
    conn.close().await.ok();
    let bytes = std::fs::metadata(&target).map_err(io(&target))?.len();
    Ok(Copied {
        path: target,
        bytes,
        migrations,
        replaced,
    })
}
