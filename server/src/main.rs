use anju_domain::backup::BackupError;
use anju_server::config::Config;
use anju_server::{StartError, serve};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Server rendering allocates and frees many small strings per request;
// glibc's malloc spent a fifth of the member home's CPU doing it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 安居 anju — CRM for residential real-estate developers.
#[derive(Parser)]
#[command(name = "anju", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web app and API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Seed demo data into an empty database and exit.
    SeedDemo,
    /// Generate a large dataset on top of the demo data (for benchmarks and
    /// load tests) and exit.
    Gen {
        /// `group` (1M customers, 200k units, 10M interactions, 10M ledger
        /// entries, 1M tickets) or `small` (a hundredth of that).
        #[arg(long, default_value = "small", value_parser = ["group", "small"])]
        scale: String,
    },
    /// Write a consistent copy of the SQLite database to a new file while
    /// anju keeps running (PostgreSQL: use pg_dump).
    Backup {
        /// The new file to write.
        file: PathBuf,
    },
    /// Replace the SQLite database with a backup (checked first; the
    /// database it replaces is kept beside it), then migrate it. Stop anju
    /// first.
    Restore {
        /// The backup to restore.
        file: PathBuf,
        /// Restore even though the database looks open (after a crash).
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => return fail(e.into()),
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&config.log)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_target(false)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(StartError::Serve(e)),
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Migrate => migrate(&config).await,
            Command::SeedDemo => seed_demo(&config).await,
            Command::Gen { scale } => generate(&config, &scale).await,
            Command::Backup { file } => backup(&config, &file).await,
            Command::Restore { file, force } => restore(&config, &file, force).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

async fn migrate(config: &Config) -> Result<(), StartError> {
    let db = anju_domain::db::connect(&config.database_url).await?;
    anju_domain::db::migrate(&db).await?;
    println!("database is up to date");
    db.close().await.ok();
    Ok(())
}

async fn seed_demo(config: &Config) -> Result<(), StartError> {
    let db = anju_domain::db::connect(&config.database_url).await?;
    anju_domain::db::migrate(&db).await?;
    let seeded = anju_domain::demo::seed(&db, chrono::Utc::now())
        .await
        .map_err(StartError::Seed)?;
    println!(
        "{}",
        if seeded {
            "demo data seeded"
        } else {
            "database already has users; nothing seeded"
        }
    );
    db.close().await.ok();
    Ok(())
}

async fn generate(config: &Config, scale: &str) -> Result<(), StartError> {
    use anju_domain::demo::scale::{self, Scale};
    let scale = Scale::named(scale).unwrap_or(Scale::SMALL);
    let db = anju_domain::db::connect(&config.database_url).await?;
    anju_domain::db::migrate(&db).await?;
    let now = chrono::Utc::now();
    anju_domain::demo::seed(&db, now)
        .await
        .map_err(StartError::Seed)?;
    scale::generate_with_progress(&db, &scale, now)
        .await
        .map_err(StartError::Generate)?;
    println!(
        "members log in with their mobile (19000000000 …) and the demo password; \
         generated staff: gs0000… (sales), ga0000… (service), gh0000… (handlers)"
    );
    // Closing the last connection folds the WAL into the file: the SQLite
    // file alone is then the whole dataset (to copy or move).
    db.close().await.ok();
    Ok(())
}

async fn backup(config: &Config, file: &Path) -> Result<(), StartError> {
    if !config.database_url.starts_with("sqlite:") {
        return Err(StartError::Backup(BackupError::NotSqliteFile));
    }
    let db = anju_domain::db::connect(&config.database_url).await?;
    let copied = anju_domain::backup::backup(&db, file)
        .await
        .map_err(StartError::Backup)?;
    println!(
        "backup written: {} ({} bytes, {} migrations)",
        copied.path.display(),
        copied.bytes,
        copied.migrations
    );
    Ok(())
}

async fn restore(config: &Config, file: &Path, force: bool) -> Result<(), StartError> {
    let copied = anju_domain::backup::restore(&config.database_url, file, force)
        .await
        .map_err(StartError::Backup)?;
    println!(
        "restored {} from {} ({} bytes, migrated: {} migrations)",
        copied.path.display(),
        file.display(),
        copied.bytes,
        copied.migrations
    );
    if let Some(kept) = copied.replaced {
        println!("the database it replaced is kept at {}", kept.display());
    }
    Ok(())
}

/// One clear line on stderr and a non-zero exit.
fn fail(e: StartError) -> ExitCode {
    eprintln!("anju: error: {e}");
    ExitCode::FAILURE
}
