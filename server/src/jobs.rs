//! Scheduled work run by every app instance. Each job is idempotent (a
//! conditional update), so several instances on one PostgreSQL may run it at
//! the same time without doing anything twice.

use anju_domain::Services;
use std::time::Duration;

/// How often the hold-expiry sweep runs.
pub const HOLD_SWEEP_EVERY: Duration = Duration::from_secs(60);

/// Starts the background jobs; they stop with the runtime.
pub fn spawn(svc: Services) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(HOLD_SWEEP_EVERY);
        loop {
            tick.tick().await;
            match anju_domain::inventory::expire_holds(&svc.db, svc.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "unit holds expired"),
                Err(e) => tracing::warn!(error = %e, "hold expiry failed"),
            }
        }
    });
}
