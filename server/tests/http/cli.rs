//! The real binary: bad configuration fails with one clear line and a
//! non-zero exit code.

use std::process::Command;

fn anju(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("anju-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_anju"));
    cmd.args(args)
        .current_dir(&dir)
        .env_remove("DATABASE_URL")
        .env_remove("ANJU_ADDR")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/anju.db?mode=rwc", dir.display()),
        );
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run anju");
    std::fs::remove_dir_all(&dir).ok();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_unparseable_database_url_is_one_clear_error() {
    let (code, stderr) = anju(&["serve"], &[("DATABASE_URL", "mysql//nope")]);
    assert_ne!(code, 0);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("DATABASE_URL"), "{stderr}");
}

#[test]
fn a_port_in_use_is_one_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let (code, stderr) = anju(&["serve"], &[("ANJU_ADDR", &addr), ("ANJU_LOG", "off")]);
    assert_ne!(code, 0);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot listen on"), "{stderr}");
}

#[test]
fn production_without_a_secret_refuses_to_start() {
    let (code, stderr) = anju(
        &["serve"],
        &[("ANJU_ENV", "production"), ("ANJU_JWT_SECRET", "")],
    );
    assert_ne!(code, 0);
    assert!(stderr.contains("ANJU_JWT_SECRET"), "{stderr}");
}

#[test]
fn migrate_and_seed_demo_run_on_an_empty_sqlite_file() {
    let dir = std::env::temp_dir().join(format!("anju-cli-m-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let url = format!("sqlite://{}/sub/anju.db?mode=rwc", dir.display());
    for (args, expect) in [
        (["migrate"], "database is up to date"),
        (["seed-demo"], "demo data seeded"),
        (["seed-demo"], "nothing seeded"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_anju"))
            .args(args)
            .current_dir(&dir)
            .env("DATABASE_URL", &url)
            .env("ANJU_LOG", "off")
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{:?}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains(expect));
    }
    assert!(dir.join("sub/anju.db").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn gen_writes_the_small_dataset_once_and_refuses_an_unknown_scale() {
    let dir = std::env::temp_dir().join(format!("anju-cli-g-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let url = format!("sqlite://{}/anju.db?mode=rwc", dir.display());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_anju"))
            .args(args)
            .current_dir(&dir)
            .env("DATABASE_URL", &url)
            .env("ANJU_LOG", "off")
            .output()
            .expect("run")
    };
    let out = run(&["gen", "--scale", "small"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("generated the small dataset"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.trim_start().starts_with("customers") && l.ends_with("10,000")),
        "{stdout}"
    );
    // The progress bar goes to stderr.
    assert!(String::from_utf8_lossy(&out.stderr).contains("100%"));
    // The file alone holds the dataset: the WAL was folded in on exit.
    assert!(!dir.join("anju.db-wal").exists());

    let again = run(&["gen", "--scale", "small"]);
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("cannot generate the dataset"), "{stderr}");

    let unknown = run(&["gen", "--scale", "huge"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("group"));
    std::fs::remove_dir_all(&dir).ok();
}

/// A backup taken from the live database restores to exactly that moment;
/// a second backup to the same file, a file that is not a database and a
/// database still open are each refused with one line, changing nothing;
/// PostgreSQL is pointed to its own tools.
#[tokio::test]
async fn backup_and_restore_round_trip() {
    use sea_orm::ConnectionTrait;
    let dir = std::env::temp_dir().join(format!("anju-cli-b-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let url = format!("sqlite://{}/anju.db?mode=rwc", dir.display());
    let run = |args: &[&str], url: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_anju"))
            .args(args)
            .current_dir(&dir)
            .env("DATABASE_URL", url)
            .env("ANJU_LOG", "off")
            .output()
            .expect("run");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let renamed = |db: &sea_orm::DatabaseConnection| {
        let db = db.clone();
        async move {
            db.query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n FROM projects WHERE name = '改名之后'",
            ))
            .await
            .expect("query")
            .expect("row")
            .try_get::<i64>("", "n")
            .expect("n")
        }
    };
    assert!(run(&["seed-demo"], &url).0);
    let backup = dir.join("backups").join("before.db");
    let backup_arg = backup.display().to_string();
    let (ok, stdout, stderr) = run(&["backup", &backup_arg], &url);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("backup written"), "{stdout}");
    let (ok, _, stderr) = run(&["backup", &backup_arg], &url);
    assert!(!ok);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");

    // A change after the backup, made while a connection stays open.
    let live = anju_domain::db::connect(&url).await.expect("connect");
    live.execute_unprepared("UPDATE projects SET name = '改名之后'")
        .await
        .expect("update");
    let (ok, _, stderr) = run(&["restore", &backup_arg], &url);
    assert!(!ok, "refused while open");
    assert!(stderr.contains("stop anju first"), "{stderr}");
    live.close().await.expect("close");

    let junk = dir.join("junk.db");
    std::fs::write(&junk, "这不是数据库").expect("junk");
    let (ok, _, stderr) = run(&["restore", &junk.display().to_string()], &url);
    assert!(!ok);
    assert!(stderr.contains("not an anju database"), "{stderr}");
    let db = anju_domain::db::connect(&url).await.expect("connect");
    assert!(renamed(&db).await > 0, "a refused restore changes nothing");
    db.close().await.expect("close");

    let (ok, stdout, stderr) = run(&["restore", &backup_arg], &url);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("restored"), "{stdout}");
    let kept = stdout
        .lines()
        .find_map(|l| l.strip_prefix("the database it replaced is kept at "))
        .expect("kept")
        .to_owned();
    let db = anju_domain::db::connect(&url).await.expect("connect");
    assert_eq!(renamed(&db).await, 0, "back to the moment of the backup");
    db.close().await.expect("close");
    let old = anju_domain::db::connect(&format!("sqlite://{kept}"))
        .await
        .expect("kept copy");
    assert!(
        renamed(&old).await > 0,
        "the replaced database is kept whole"
    );
    old.close().await.expect("close");

    let (ok, _, stderr) = run(
        &["backup", "/tmp/never.db"],
        "postgres://postgres@127.0.0.1:5432/test",
    );
    assert!(!ok);
    assert!(stderr.contains("pg_dump"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}
