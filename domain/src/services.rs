use crate::{Clock, auth::AuthSettings, auth::jwt::JwtKeys};
use sea_orm::DatabaseConnection;

/// Everything a request handler needs to call the domain: the database pool,
/// the signing keys, the clock and the auth policy. Cheap to clone.
#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    /// For the dashboard and the CSV exports (`db::connect_reports`); the
    /// same pool as `db` except on a SQLite file.
    pub reports: DatabaseConnection,
    pub jwt: JwtKeys,
    pub clock: Clock,
    pub auth: AuthSettings,
    /// Where webhook deliveries may go (`ANJU_WEBHOOK_TARGETS`).
    pub webhook_targets: crate::egress::Targets,
}
