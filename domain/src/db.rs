//! Connecting to SQLite or PostgreSQL, migrating, and starting write
//! transactions the way each engine needs.

use migrations::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryFilter, QuerySelect,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0:?})")]
    UnsupportedUrl(String),
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Open(DbErr),
    #[error("cannot migrate the database: {0}")]
    Migrate(DbErr),
}

/// Connections to a SQLite file: enough for reads to overlap on a few
/// cores, few enough that their page caches keep the server's heap small.
/// `ANJU_SQLITE_POOL` overrides it (1–64).
const SQLITE_POOL: u32 = 4;

/// How a SQLite connection caches the file.
#[derive(Clone, Copy)]
struct SqliteCache {
    /// Page cache, per connection.
    cache_kib: u32,
    /// Reads through a memory map of this much of the file (0: none).
    mmap_bytes: u64,
}

/// The pool serving requests: short indexed reads (the searches read ids
/// from covering indexes), so a modest cache, and no map: a map shows the
/// kernel's file cache in this process once per connection (780 MB
/// resident with 256 MB maps under the load bench, see BENCHMARKS.md),
/// while plain reads leave those pages to the kernel's cache unseen.
const REQUESTS: SqliteCache = SqliteCache {
    cache_kib: 8 * 1024,
    mmap_bytes: 0,
};

/// The one reports connection scans much of the file (the dashboard at a
/// million customers), which a map makes far cheaper.
const REPORTS: SqliteCache = SqliteCache {
    cache_kib: 32 * 1024,
    mmap_bytes: 256 * 1024 * 1024,
};

/// Opens the pool. For SQLite: creates the file's folder, turns on WAL,
/// foreign keys, a busy timeout and a larger page cache on every
/// connection.
pub async fn connect(url: &str) -> Result<DatabaseConnection, ConnectError> {
    open(url, sqlite_pool(), REQUESTS).await
}

/// The pool for reads that scan much of the data: the analytics dashboard
/// and the CSV exports. On a SQLite file it is one connection of its own:
/// a chart's pages stay in that one page cache from run to run instead of
/// being spread over the main pool's caches and pushed out by the
/// requests' short reads (club conversion at a million customers: 405 ms
/// on the shared pool of four, 180 ms alone). Elsewhere it is `main`.
pub async fn connect_reports(
    url: &str,
    main: &DatabaseConnection,
) -> Result<DatabaseConnection, ConnectError> {
    if url.starts_with("sqlite:") && sqlite_file_path(url).is_some() {
        open(url, 1, REPORTS).await
    } else {
        Ok(main.clone())
    }
}

async fn open(
    url: &str,
    sqlite_pool: u32,
    cache: SqliteCache,
) -> Result<DatabaseConnection, ConnectError> {
    let mut opts = ConnectOptions::new(url.to_owned());
    // `ANJU_LOG_SQL=1` logs every statement (target `sqlx::query`, level
    // info) with its time: for finding a slow page, and for the load
    // bench's floor, which replays exactly these statements.
    opts.sqlx_logging(log_sql())
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        if let Some(path) = sqlite_file_path(url) {
            if let Some(dir) = std::path::Path::new(&path).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|source| ConnectError::Folder {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
            // sea-orm gives SQLite a single connection unless told
            // otherwise, which queues every query of every request behind
            // the one before. In WAL mode readers run side by side (and
            // beside the one writer), so give them a pool; a connection to
            // a local file does not go stale, so skip the ping before each
            // use (a round trip to the connection's thread per query).
            opts.max_connections(sqlite_pool)
                .min_connections(1)
                .test_before_acquire(false);
        } else {
            // An in-memory database lives in one connection: keep exactly one.
            opts.max_connections(1).min_connections(1);
        }
        opts.map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // The default page cache is 2 MB.
                .pragma("cache_size", format!("-{}", cache.cache_kib))
                .pragma("mmap_size", cache.mmap_bytes.to_string())
        });
    } else if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(ConnectError::UnsupportedUrl(redact(url)));
    }
    Database::connect(opts).await.map_err(ConnectError::Open)
}

fn sqlite_pool() -> u32 {
    std::env::var("ANJU_SQLITE_POOL")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| (1..=64).contains(n))
        .unwrap_or(SQLITE_POOL)
}

fn log_sql() -> bool {
    std::env::var("ANJU_LOG_SQL").is_ok_and(|v| matches!(v.as_str(), "1" | "true"))
}

/// Brings the schema up to date; safe to call on every start.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), ConnectError> {
    Migrator::up(db, None)
        .await
        .map_err(ConnectError::Migrate)?;
    // Data the schema migrations cannot derive themselves.
    crate::customers::initials::backfill(db)
        .await
        .map_err(ConnectError::Migrate)?;
    Ok(())
}

/// Starts a transaction that will write. On SQLite it is `BEGIN IMMEDIATE`,
/// so it waits (busy timeout) for the single writer lock up front instead of
/// failing when a read later upgrades to a write.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let options = TransactionOptions {
        sqlite_transaction_mode: (db.get_database_backend() == DbBackend::Sqlite)
            .then_some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    db.begin_with_options(options).await
}

/// Advisory-lock keys: one per kind of work that must not run twice at once.
pub const LOCK_BROADCASTS: i64 = 0x616e_6a75_0001;

/// Makes write transactions that take the same `key` run one after
/// another. SQLite's write transactions already do (one writer at a time);
/// PostgreSQL takes a transaction-scoped advisory lock.
pub async fn serialize_on(tx: &DatabaseTransaction, key: i64) -> Result<(), DbErr> {
    if tx.get_database_backend() == DbBackend::Postgres {
        tx.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({key})"))
            .await?;
    }
    Ok(())
}

/// A statement from SQL written with `?` placeholders, numbered (`$1` …)
/// for PostgreSQL.
pub fn statement(backend: DbBackend, sql: &str, values: Vec<sea_orm::Value>) -> sea_orm::Statement {
    let sql = match backend {
        DbBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for ch in sql.chars() {
                if ch == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(ch);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    sea_orm::Statement::from_sql_and_values(backend, sql, values)
}

/// A one-value SELECT as an expression: `(SELECT …)`.
pub fn scalar(select: SelectStatement) -> Expr {
    Expr::SubQuery(None, Box::new(select.into()))
}

/// `(SELECT CAST(COUNT(*) AS BIGINT) FROM …)`: the same integer type on
/// both engines.
pub fn count_of(mut select: SelectStatement) -> Expr {
    scalar(
        select
            .expr(Expr::cust("CAST(COUNT(*) AS BIGINT)"))
            .to_owned(),
    )
}

/// The number a one-row query answers in its column `n`: counts and sums
/// for consistency checks (the SQL is the caller's own, never input).
pub async fn number(db: &impl ConnectionTrait, sql: &str) -> Result<i64, DbErr> {
    db.query_one_raw(statement(db.get_database_backend(), sql, vec![]))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("no row from {sql}")))?
        .try_get("", "n")
}

/// `id → name` for a batch of rows of one table, in one query (for filling
/// in names of a page of results instead of one lookup per row).
pub async fn names_by_id<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: E::Column,
    name: E::Column,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, DbErr> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(E::find()
        .select_only()
        .column(id)
        .column(name)
        .filter(id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// A cheap round trip for health checks.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}

pub(crate) fn sqlite_file_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" || rest.contains("mode=memory") {
        None
    } else {
        Some(path.to_owned())
    }
}

/// Drops the password from a URL before it is printed.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            sqlite_file_path("sqlite://data/anju.db?mode=rwc").as_deref(),
            Some("data/anju.db")
        );
        assert_eq!(sqlite_file_path("sqlite::memory:"), None);
        assert_eq!(sqlite_file_path("sqlite://:memory:"), None);
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/anju"),
            "postgres://app:***@db:5432/anju"
        );
        assert_eq!(redact("sqlite://data/anju.db"), "sqlite://data/anju.db");
    }
}
