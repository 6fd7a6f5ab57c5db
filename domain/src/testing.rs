//! Test databases: in-memory SQLite by default, or a fresh PostgreSQL schema
//! per test when `DATABASE_URL` points at PostgreSQL (dropped on `cleanup`).

use crate::auth::{AuthSettings, jwt::JwtKeys};
use crate::{Clock, Services, db};
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub struct TestDb {
    pub db: DatabaseConnection,
    /// The PostgreSQL schema this test owns, if any.
    schema: Option<(String, String)>,
    /// The URL other pools and processes open this database with.
    url: Option<String>,
    /// The folder of a SQLite file this test owns (removed on `cleanup`).
    dir: Option<std::path::PathBuf>,
}

impl TestDb {
    /// A migrated, empty database of the engine `DATABASE_URL` selects.
    pub async fn new() -> TestDb {
        match std::env::var("DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => Self::postgres(&url).await,
            _ => Self::sqlite().await,
        }
    }

    /// A migrated, empty database that other pools and processes can open
    /// too (see `url`): a SQLite file in a fresh temporary folder, or a
    /// fresh PostgreSQL schema when `DATABASE_URL` points at PostgreSQL.
    pub async fn shared() -> TestDb {
        match std::env::var("DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => Self::postgres(&url).await,
            _ => {
                let dir = std::env::temp_dir()
                    .join(format!("anju-shared-{}", uuid::Uuid::new_v4().simple()));
                let url = format!("sqlite://{}/anju.db?mode=rwc", dir.display());
                let conn = db::connect(&url).await.expect("open sqlite file");
                db::migrate(&conn).await.expect("migrate sqlite");
                TestDb {
                    db: conn,
                    schema: None,
                    url: Some(url),
                    dir: Some(dir),
                }
            }
        }
    }

    /// The URL of a `shared` database (None for in-memory SQLite).
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// A database the test opened itself (e.g. a SQLite file for a pool).
    pub fn wrap(db: DatabaseConnection) -> TestDb {
        TestDb {
            db,
            schema: None,
            url: None,
            dir: None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.schema.is_some()
    }

    async fn sqlite() -> TestDb {
        let conn = db::connect("sqlite::memory:")
            .await
            .expect("open in-memory sqlite");
        db::migrate(&conn).await.expect("migrate sqlite");
        TestDb {
            db: conn,
            schema: None,
            url: None,
            dir: None,
        }
    }

    async fn postgres(url: &str) -> TestDb {
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        let admin = db::connect(url).await.expect("connect postgres");
        admin
            .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
            .await
            .expect("create schema");
        admin.close().await.ok();
        let sep = if url.contains('?') { '&' } else { '?' };
        let scoped = format!("{url}{sep}options=-c%20search_path%3D{schema}");
        let conn = db::connect(&scoped).await.expect("connect to test schema");
        db::migrate(&conn).await.expect("migrate postgres");
        TestDb {
            db: conn,
            schema: Some((url.to_owned(), schema)),
            url: Some(scoped),
            dir: None,
        }
    }

    /// Services over this database with a manual clock and a fixed test key.
    pub fn services(&self, clock: Clock) -> Services {
        Services {
            db: self.db.clone(),
            reports: self.db.clone(),
            jwt: JwtKeys::from_secret(b"anju-test-secret-anju-test-secret"),
            clock,
            auth: AuthSettings::default(),
            // The tests' receivers listen on loopback.
            webhook_targets: crate::egress::Targets::Any,
        }
    }

    /// Drops the PostgreSQL schema or removes the SQLite folder. Call at the
    /// end of each test.
    pub async fn cleanup(self) {
        self.db.close().await.ok();
        if let Some(dir) = &self.dir {
            std::fs::remove_dir_all(dir).ok();
        }
        if let Some((url, schema)) = self.schema
            && let Ok(admin) = db::connect(&url).await
        {
            admin
                .execute_unprepared(&format!("DROP SCHEMA {schema} CASCADE"))
                .await
                .ok();
            admin.close().await.ok();
        }
    }
}

/// Logs a demo user in (demo password) and returns who they are, as the
/// server would: tests then call domain functions as that user.
pub async fn demo_actor(svc: &Services, login: &str) -> crate::auth::Actor {
    use crate::auth::session::{self, LoginInput};
    session::login(
        svc,
        LoginInput {
            identifier: login.to_owned(),
            password: crate::demo::DEMO_PASSWORD.to_owned(),
            ip: None,
            user_agent: None,
            device_token: None,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("demo login {login}: {e:?}"))
    .actor
}
