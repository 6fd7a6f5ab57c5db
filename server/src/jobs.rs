//! Scheduled work run by every app instance. Each job is idempotent (a
//! conditional update or a claim), so several instances on one PostgreSQL
//! may run it at the same time without doing anything twice; the test
//! `jobs::two_instances_do_what_one_does` shows it.

use anju_domain::Services;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;

/// How often each job runs.
#[derive(Clone, Copy, Debug)]
pub struct Schedule {
    /// Unit holds past their expiry are released.
    pub holds: Duration,
    /// Queued CSV imports are looked for (and interrupted ones resumed).
    pub imports: Duration,
    /// Ticket SLA warnings and breaches due are fired.
    pub sla: Duration,
    /// Lapsed points expire, `deal.closed` events become purchase and
    /// referral points, week-old idempotency keys are purged.
    pub club: Duration,
    /// Due webhook deliveries (new events and retries) are sent.
    pub webhooks: Duration,
    /// Whether today's customer pyramid is done is checked.
    pub segments: Duration,
}

impl Default for Schedule {
    fn default() -> Schedule {
        Schedule {
            holds: Duration::from_secs(60),
            imports: Duration::from_secs(1),
            sla: Duration::from_secs(60),
            club: Duration::from_secs(60),
            webhooks: Duration::from_secs(5),
            segments: Duration::from_secs(3600),
        }
    }
}

impl Schedule {
    /// Every job at the same period (tests).
    pub fn every(period: Duration) -> Schedule {
        Schedule {
            holds: period,
            imports: period,
            sla: period,
            club: period,
            webhooks: period,
            segments: period,
        }
    }
}

/// The running jobs of one instance; dropping it stops them.
pub struct Jobs(Vec<Job>);

struct Job {
    task: JoinHandle<()>,
    /// Runs finished so far.
    finished: Arc<AtomicU64>,
}

impl Jobs {
    /// How many runs each job has finished, in a fixed order. Once every
    /// count has grown by two since a look at the database, each job has
    /// run from start to end after it: tests wait on this, not on time.
    pub fn finished_runs(&self) -> Vec<u64> {
        self.0
            .iter()
            .map(|job| job.finished.load(Ordering::Acquire))
            .collect()
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        for job in &self.0 {
            job.task.abort();
        }
    }
}

/// Runs `job` now and then every `period` (a slow run delays the next one
/// rather than piling up).
fn repeat<F, Fut>(period: Duration, mut job: F) -> Job
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let finished = Arc::new(AtomicU64::new(0));
    let count = finished.clone();
    let task = tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            job().await;
            count.fetch_add(1, Ordering::Release);
        }
    });
    Job { task, finished }
}

/// Logs one run of a job: how many things it did (nothing when it found no
/// work), or why it failed; the next run tries again either way.
fn report<N, E>(outcome: Result<N, E>, done: &str, failed: &str)
where
    N: Copy + Default + PartialEq + std::fmt::Display,
    E: std::fmt::Display,
{
    match outcome {
        Ok(n) if n == N::default() => {}
        Ok(n) => tracing::info!(count = %n, "{done}"),
        Err(e) => tracing::warn!(error = %e, "{failed}"),
    }
}

/// Starts the background jobs of one instance.
pub fn spawn(svc: Services, schedule: Schedule) -> Jobs {
    let segments = svc.clone();
    let hooks = svc.clone();
    let http = anju_domain::webhooks::client(svc.webhook_targets);
    let club = svc.clone();
    let sla = svc.clone();
    let imports = svc.clone();
    let holds = svc;
    Jobs(vec![
        // Once per business day across instances: see segments::recompute_if_due.
        repeat(schedule.segments, move || {
            let svc = segments.clone();
            async move {
                let now = svc.clock.now();
                match anju_domain::marketing::segments::recompute_if_due(&svc.db, now).await {
                    Ok(None) => {}
                    Ok(Some(n)) => tracing::info!(customers = n, "customer pyramid recomputed"),
                    Err(e) => tracing::warn!(error = %e, "segmentation job failed"),
                }
            }
        }),
        // Each delivery is claimed before it is sent: see webhooks::deliver_due.
        repeat(schedule.webhooks, move || {
            let (svc, http) = (hooks.clone(), http.clone());
            async move {
                report(
                    anju_domain::webhooks::deliver_due(&svc.db, &http, svc.clock.now()).await,
                    "webhook deliveries attempted",
                    "webhook sender failed",
                );
            }
        }),
        // All safe on several instances: see club::ledger::expire_due,
        // club::purchases, idempotency::purge_expired and throttle::purge_stale.
        repeat(schedule.club, move || {
            let svc = club.clone();
            async move {
                let now = svc.clock.now();
                report(
                    anju_domain::club::ledger::expire_due(&svc.db, now).await,
                    "points expired",
                    "points expiry failed",
                );
                report(
                    anju_domain::club::purchases::consume(&svc.db, now).await,
                    "deal.closed events handled by the club",
                    "club outbox consumer failed",
                );
                report(
                    anju_domain::idempotency::purge_expired(&svc.db, now).await,
                    "old idempotency keys purged",
                    "idempotency key purge failed",
                );
                report(
                    anju_domain::auth::throttle::purge_stale(&svc.db, now).await,
                    "stale rate-limit counters purged",
                    "rate-limit counter purge failed",
                );
            }
        }),
        // Exactly once per due event across instances: see tickets::sla_job.
        repeat(schedule.sla, move || {
            let svc = sla.clone();
            async move {
                report(
                    anju_domain::tickets::sla_job::run(&svc.db, svc.clock.now()).await,
                    "ticket SLA alerts fired",
                    "SLA job failed",
                );
            }
        }),
        // Also resumes imports a restart interrupted: their resume point is
        // in the database.
        repeat(schedule.imports, move || {
            let svc = imports.clone();
            async move {
                let pending = match anju_domain::customers::import::pending(&svc.db).await {
                    Ok(p) => p,
                    Err(e) => {
                        tracing::warn!(error = %e, "import poll failed");
                        return;
                    }
                };
                for id in pending {
                    let clock = svc.clock.clone();
                    match anju_domain::customers::import::run(&svc.db, id, None, || clock.now())
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
        }),
        repeat(schedule.holds, move || {
            let svc = holds.clone();
            async move {
                report(
                    anju_domain::inventory::expire_holds(&svc.db, svc.clock.now()).await,
                    "unit holds expired",
                    "hold expiry failed",
                );
            }
        }),
    ])
}
