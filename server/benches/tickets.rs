//! `cargo bench -p anju --bench tickets`: the service desk at a developer
//! group's size — 1,000,000 tickets with their timelines (about 6 steps
//! each) and sub-tasks on a SQLite file — measured through the real HTTP
//! stack at 64 connections:
//!
//! - a member opening one of their requests with its public timeline
//!   (`GET /api/v1/me/tickets/{id}`);
//! - an agent opening any ticket in full (`GET /api/v1/tickets/{id}`);
//! - a member's list of requests (`GET /api/v1/me/tickets`).
//!
//! The dataset is built once under `target/bench-tickets/` (delete the
//! folder to rebuild): the demo data, then copies of a settled demo ticket
//! (with its steps and task) spread over the demo's customers, one in a
//! thousand for member 13800000001. Client and server share this machine's
//! cores, so the figures are floors.

use anju_server::config::Config;
use sea_orm::{ConnectionTrait, Statement};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[path = "support/load.rs"]
mod load;
use load::{load, report, token};

const TICKETS: i64 = 1_000_000;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

fn dataset_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-tickets")
}

async fn scalar(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("query")
        .expect("row");
    row.try_get_by_index::<i64>(0).expect("i64")
}

/// Copies a settled demo ticket until there are `TICKETS` (once).
async fn build_dataset(db: &sea_orm::DatabaseConnection) {
    let have = scalar(db, "SELECT COUNT(*) FROM tickets").await;
    if have >= TICKETS {
        println!("dataset: {have} tickets already built");
        return;
    }
    let started = Instant::now();
    let template = scalar(
        db,
        "SELECT MIN(id) FROM tickets WHERE status = 'revisited' \
         AND id IN (SELECT ticket_id FROM ticket_tasks)",
    )
    .await;
    let member = scalar(
        db,
        "SELECT customer_id FROM users WHERE login = '13800000001'",
    )
    .await;
    let first_new = scalar(db, "SELECT MAX(id) FROM tickets").await + 1;
    let customers = scalar(db, "SELECT COUNT(*) FROM customers").await;
    let min_customer = scalar(db, "SELECT MIN(id) FROM customers").await;
    let to_add = TICKETS - have;
    // One statement per 100k rows keeps each transaction's journal modest.
    let mut added = 0;
    while added < to_add {
        let n = (to_add - added).min(100_000);
        db.execute_unprepared(&format!(
            "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {n}) \
             INSERT INTO tickets (customer_id, unit_id, kind, category, title, description, channel, \
               priority, status, agent_user_id, created_by, defect_tag, first_response_warn_at, \
               first_response_due_at, resolution_warn_at, resolution_due_at, business_hours, \
               first_responded_at, resolved_at, closed_at, paused_at, paused_minutes, rating, \
               revisit_comment, revisited_at, reopen_count, created_at, updated_at) \
             SELECT CASE WHEN (seq.n + {added}) % 1000 = 0 THEN {member} \
                         ELSE {min_customer} + (seq.n + {added}) % {customers} END, \
               t.unit_id, t.kind, t.category, t.title, t.description, t.channel, t.priority, \
               t.status, t.agent_user_id, t.created_by, t.defect_tag, t.first_response_warn_at, \
               t.first_response_due_at, t.resolution_warn_at, t.resolution_due_at, t.business_hours, \
               t.first_responded_at, t.resolved_at, t.closed_at, t.paused_at, t.paused_minutes, \
               t.rating, t.revisit_comment, t.revisited_at, t.reopen_count, t.created_at, t.updated_at \
             FROM seq CROSS JOIN tickets t WHERE t.id = {template}"
        ))
        .await
        .expect("tickets");
        added += n;
        println!("dataset: {} tickets", have + added);
    }
    db.execute_unprepared(&format!(
        "INSERT INTO ticket_events (ticket_id, kind, public, note, department_id, actor_user_id, at) \
         SELECT t.id, e.kind, e.public, e.note, e.department_id, e.actor_user_id, e.at \
         FROM tickets t CROSS JOIN ticket_events e \
         WHERE t.id >= {first_new} AND e.ticket_id = {template} ORDER BY t.id, e.id"
    ))
    .await
    .expect("events");
    db.execute_unprepared(&format!(
        "INSERT INTO ticket_tasks (ticket_id, department_id, status, handler_user_id, instructions, \
           result, dispatched_at, accepted_at, done_at) \
         SELECT t.id, k.department_id, k.status, k.handler_user_id, k.instructions, k.result, \
           k.dispatched_at, k.accepted_at, k.done_at \
         FROM tickets t CROSS JOIN ticket_tasks k \
         WHERE t.id >= {first_new} AND k.ticket_id = {template}"
    ))
    .await
    .expect("tasks");
    db.execute_unprepared("ANALYZE").await.expect("analyze");
    println!(
        "dataset: built in {:.0} s ({} events)",
        started.elapsed().as_secs_f64(),
        scalar(db, "SELECT COUNT(*) FROM ticket_events").await
    );
}

async fn run() {
    let dir = dataset_dir();
    std::fs::create_dir_all(&dir).expect("dir");
    let mut config = Config::load().expect("config");
    config.database_url = format!("sqlite://{}/anju.db?mode=rwc", dir.display());
    config.data_dir = dir.clone();
    config.demo = true;
    let state = anju_server::build_state(&config).await.expect("state");
    println!(
        "anju service-desk benchmark ({} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    build_dataset(&state.svc.db).await;
    // Fold the build's write-ahead log into the file, as a server at rest has.
    state
        .svc
        .db
        .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
        .await
        .expect("checkpoint");
    let db = state.svc.db.clone();
    let member_tickets: Vec<i64> = {
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT t.id FROM tickets t JOIN users u ON u.customer_id = t.customer_id \
                 WHERE u.login = '13800000001' ORDER BY t.id",
            ))
            .await
            .expect("member tickets");
        rows.iter()
            .filter_map(|r| r.try_get_by_index::<i64>(0).ok())
            .collect()
    };
    let max_id = scalar(&db, "SELECT MAX(id) FROM tickets").await;

    let (base, client) = load::serve(state).await;
    let member = token(&client, &base, "13800000001").await;
    let agent = token(&client, &base, "service1").await;

    // The cheapest authenticated call, for scale: what every request pays.
    report(
        "reference, GET /api/v1/me",
        &load(
            &client,
            &member,
            Arc::new(vec![format!("{base}/api/v1/me")]),
        )
        .await,
    );
    let paths: Vec<String> = member_tickets
        .iter()
        .map(|id| format!("{base}/api/v1/me/tickets/{id}"))
        .collect();
    println!(
        "member 13800000001 holds {} of {max_id} tickets",
        paths.len()
    );
    report(
        "member ticket with timeline, GET /api/v1/me/tickets/{id}",
        &load(&client, &member, Arc::new(paths)).await,
    );
    // Ids spread over the whole table (a prime stride), so the cache helps little.
    let paths: Vec<String> = (0..5000i64)
        .map(|i| format!("{base}/api/v1/tickets/{}", 1 + (i * 199_999) % max_id))
        .collect();
    report(
        "agent ticket in full, GET /api/v1/tickets/{id}",
        &load(&client, &agent, Arc::new(paths)).await,
    );
    report(
        "member's requests, GET /api/v1/me/tickets",
        &load(
            &client,
            &member,
            Arc::new(vec![format!("{base}/api/v1/me/tickets")]),
        )
        .await,
    );
}
