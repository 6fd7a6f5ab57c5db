//! Scheduled work run by every app instance. Each job is idempotent (a
//! conditional update), so several instances on one PostgreSQL may run it at
//! the same time without doing anything twice.

use anju_domain::Services;
use std::time::Duration;

/// How often the hold-expiry sweep runs.
pub const HOLD_SWEEP_EVERY: Duration = Duration::from_secs(60);

/// How often the import runner looks for queued CSV imports.
pub const IMPORT_POLL_EVERY: Duration = Duration::from_secs(1);

/// How often the SLA job looks for warnings and breaches due.
pub const SLA_EVERY: Duration = Duration::from_secs(60);

/// How often lapsed points are expired, `deal.closed` events become
/// purchase and referral points, and week-old idempotency keys are purged.
pub const CLUB_EVERY: Duration = Duration::from_secs(60);

/// How often due webhook deliveries (new events and retries) are sent.
pub const WEBHOOKS_EVERY: Duration = Duration::from_secs(5);

/// How often the segmentation job checks whether today's pyramid is done.
pub const SEGMENTS_EVERY: Duration = Duration::from_secs(3600);

/// Starts the background jobs; they stop with the runtime.
pub fn spawn(svc: Services) {
    let segments = svc.clone();
    tokio::spawn(async move {
        // Once per business day across instances: see segments::recompute_if_due.
        let mut tick = tokio::time::interval(SEGMENTS_EVERY);
        loop {
            tick.tick().await;
            let now = segments.clock.now();
            match anju_domain::marketing::segments::recompute_if_due(&segments.db, now).await {
                Ok(None) => {}
                Ok(Some(n)) => tracing::info!(customers = n, "customer pyramid recomputed"),
                Err(e) => tracing::warn!(error = %e, "segmentation job failed"),
            }
        }
    });
    let hooks = svc.clone();
    tokio::spawn(async move {
        // Each delivery is claimed before it is sent: see webhooks::deliver_due.
        let http = anju_domain::webhooks::client();
        let mut tick = tokio::time::interval(WEBHOOKS_EVERY);
        loop {
            tick.tick().await;
            match anju_domain::webhooks::deliver_due(&hooks.db, &http, hooks.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(attempts = n, "webhook deliveries attempted"),
                Err(e) => tracing::warn!(error = %e, "webhook sender failed"),
            }
        }
    });
    let club = svc.clone();
    tokio::spawn(async move {
        // All safe on several instances: see club::ledger::expire_due,
        // club::purchases and idempotency::purge_expired.
        let mut tick = tokio::time::interval(CLUB_EVERY);
        loop {
            tick.tick().await;
            let now = club.clock.now();
            match anju_domain::club::ledger::expire_due(&club.db, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(lots = n, "points expired"),
                Err(e) => tracing::warn!(error = %e, "points expiry failed"),
            }
            match anju_domain::club::purchases::consume(&club.db, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(events = n, "deal.closed events handled by the club"),
                Err(e) => tracing::warn!(error = %e, "club outbox consumer failed"),
            }
            match anju_domain::idempotency::purge_expired(&club.db, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(keys = n, "old idempotency keys purged"),
                Err(e) => tracing::warn!(error = %e, "idempotency key purge failed"),
            }
        }
    });
    let sla = svc.clone();
    tokio::spawn(async move {
        // Exactly once per due event across instances: see tickets::sla_job.
        let mut tick = tokio::time::interval(SLA_EVERY);
        loop {
            tick.tick().await;
            match anju_domain::tickets::sla_job::run(&sla.db, sla.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(alerts = n, "ticket SLA alerts fired"),
                Err(e) => tracing::warn!(error = %e, "SLA job failed"),
            }
        }
    });
    let imports = svc.clone();
    tokio::spawn(async move {
        // Also resumes imports a restart interrupted: their resume point
        // is in the database.
        let mut tick = tokio::time::interval(IMPORT_POLL_EVERY);
        loop {
            tick.tick().await;
            let pending = match anju_domain::customers::import::pending(&imports.db).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(error = %e, "import poll failed");
                    continue;
                }
            };
            for id in pending {
                let clock = imports.clock.clone();
                match anju_domain::customers::import::run(&imports.db, id, None, || clock.now())
                    .await
                {
                    Ok(true) => tracing::info!(import = id, "customer import finished"),
                    Ok(false) => {}
                    Err(e) => {
                        tracing::warn!(import = id, error = %e, "customer import batch failed")
                    }
                }
            }
        }
    });
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
