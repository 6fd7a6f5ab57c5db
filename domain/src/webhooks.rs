//! Webhooks: an administrator subscribes a URL to domain events; every
//! matching outbox event becomes a delivery row in the same transaction as
//! the change that caused it, so nothing is lost or sent for a change that
//! rolled back. A job posts due deliveries, signed with HMAC-SHA256, and
//! retries failures with growing delays before giving up.
//!
//! Delivery is at least once: a sender that dies mid-request leaves its
//! claim to lapse and the delivery is sent again. Receivers dedupe on
//! `X-Anju-Delivery`.

use crate::DomainError;
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::egress::{self, Targets};
use crate::entity::{outbox_event, webhook, webhook_delivery};
use crate::error::FieldError;
use anju_types::Permission;
use anju_types::webhook::{
    DeliveryPage, DeliveryState, DeliveryView, TOPICS, WebhookCreated, WebhookDraft, WebhookView,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Attempts before a delivery is given up on.
pub const MAX_ATTEMPTS: i32 = 6;
/// The wait after the 1st, 2nd … failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h.
const BACKOFF_SECS: [i64; 5] = [60, 300, 1_800, 7_200, 43_200];
/// How long a sender's claim on a delivery holds; longer than a request may
/// take, so a claim lapses only when its sender died.
const CLAIM: Duration = Duration::seconds(60);
/// A receiver that has not answered by then has failed this attempt.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
const URL_MAX: usize = 500;
const BATCH: u64 = 50;

/// `X-Anju-Signature`: `sha256=` and the hex HMAC-SHA256, keyed with the
/// webhook's secret, of `{X-Anju-Timestamp}.{body}`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether a topic is one of a webhook's space-separated patterns:
/// the topic itself, `prefix.*`, or `*`.
pub fn subscribes(patterns: &str, topic: &str) -> bool {
    patterns.split_whitespace().any(|p| {
        p == "*"
            || p == topic
            || p.strip_suffix(".*").is_some_and(|prefix| {
                topic
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
    })
}

/// The patterns of a draft, checked against the known topics, lower-cased,
/// deduplicated, in the order typed.
fn parse_events(input: &str) -> Result<Vec<String>, &'static str> {
    let mut out: Vec<String> = Vec::new();
    for p in input
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let p = p.to_lowercase();
        let known = p == "*"
            || TOPICS.contains(&p.as_str())
            || p.strip_suffix(".*").is_some_and(|prefix| {
                TOPICS
                    .iter()
                    .any(|t| t.strip_prefix(prefix).is_some_and(|r| r.starts_with('.')))
            });
        if !known {
            return Err("unknown_event");
        }
        if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.is_empty() {
        return Err("required");
    }
    Ok(out)
}

fn validate(d: &WebhookDraft, targets: Targets) -> Result<(String, Vec<String>), DomainError> {
    let mut errors = Vec::new();
    let url = d.url.trim().to_owned();
    if url.is_empty() {
        errors.push(FieldError {
            field: "url",
            code: "required",
        });
    } else if url.chars().count() > URL_MAX {
        errors.push(FieldError {
            field: "url",
            code: "too_long",
        });
    } else {
        match reqwest::Url::parse(&url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => match u.host() {
                Some(host) if targets.refuses_host(&host) => errors.push(FieldError {
                    field: "url",
                    code: "private_address",
                }),
                Some(_) => {}
                None => errors.push(FieldError {
                    field: "url",
                    code: "invalid_url",
                }),
            },
            _ => errors.push(FieldError {
                field: "url",
                code: "invalid_url",
            }),
        }
    }
    let events = parse_events(&d.events).unwrap_or_else(|code| {
        errors.push(FieldError {
            field: "events",
            code,
        });
        Vec::new()
    });
    if errors.is_empty() {
        Ok((url, events))
    } else {
        Err(DomainError::Validation(errors))
    }
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("whsec_{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Registers a webhook (administrator), audited; the secret is returned
/// this once.
pub async fn create(
    db: &DatabaseConnection,
    targets: Targets,
    actor: &Actor,
    d: &WebhookDraft,
    now: DateTime<Utc>,
) -> Result<WebhookCreated, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    let (url, events) = validate(d, targets)?;
    let tx = begin_write(db).await?;
    let row = webhook::ActiveModel {
        url: Set(url),
        events: Set(events.join(" ")),
        secret: Set(new_secret()),
        active: Set(d.active),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    record(&tx, actor, "webhook.create", &row, now).await?;
    tx.commit().await?;
    let secret = row.secret.clone();
    Ok(WebhookCreated {
        webhook: view(row, &HashMap::new()),
        secret,
    })
}

/// Changes a webhook's URL, events or on/off switch (administrator),
/// audited. Deliveries already queued keep going to the new URL.
pub async fn update(
    db: &DatabaseConnection,
    targets: Targets,
    actor: &Actor,
    id: i64,
    d: &WebhookDraft,
    now: DateTime<Utc>,
) -> Result<WebhookView, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    let (url, events) = validate(d, targets)?;
    let tx = begin_write(db).await?;
    let mut row: webhook::ActiveModel = webhook::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?
        .into();
    row.url = Set(url);
    row.events = Set(events.join(" "));
    row.active = Set(d.active);
    row.updated_at = Set(now);
    let row = row.update(&tx).await?;
    record(&tx, actor, "webhook.update", &row, now).await?;
    tx.commit().await?;
    let counts = counts(db, Some(id)).await?;
    Ok(view(row, &counts))
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    row: &webhook::Model,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    audit::record(
        db,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action,
            entity: "webhook",
            entity_id: row.id.to_string(),
            before: None,
            // Never the secret.
            after: Some(serde_json::json!({
                "url": row.url,
                "events": row.events,
                "active": row.active,
            })),
        },
    )
    .await?;
    Ok(())
}

/// Every webhook with its pending and failed delivery counts (administrator).
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<WebhookView>, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    let rows = webhook::Entity::find()
        .order_by_asc(webhook::Column::Id)
        .all(db)
        .await?;
    let counts = counts(db, None).await?;
    Ok(rows.into_iter().map(|w| view(w, &counts)).collect())
}

/// Pending and failed deliveries per webhook, in one grouped query.
async fn counts(
    db: &impl ConnectionTrait,
    only: Option<i64>,
) -> Result<HashMap<(i64, String), i64>, DomainError> {
    let mut q = webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::WebhookId)
        .column(webhook_delivery::Column::State)
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .filter(webhook_delivery::Column::State.ne(DeliveryState::Delivered.as_str()))
        .group_by(webhook_delivery::Column::WebhookId)
        .group_by(webhook_delivery::Column::State);
    if let Some(id) = only {
        q = q.filter(webhook_delivery::Column::WebhookId.eq(id));
    }
    Ok(q.into_tuple::<(i64, String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, state, n)| ((id, state), n))
        .collect())
}

fn view(w: webhook::Model, counts: &HashMap<(i64, String), i64>) -> WebhookView {
    let count = |s: DeliveryState| {
        counts
            .get(&(w.id, s.as_str().to_owned()))
            .copied()
            .unwrap_or(0)
    };
    WebhookView {
        pending: count(DeliveryState::Pending),
        failed: count(DeliveryState::Failed),
        id: w.id,
        events: w.events.split_whitespace().map(str::to_owned).collect(),
        url: w.url,
        active: w.active,
        created_at: w.created_at,
    }
}

/// A webhook's delivery log, newest first (administrator).
pub async fn deliveries(
    db: &DatabaseConnection,
    actor: &Actor,
    webhook_id: i64,
    cursor: Option<i64>,
    limit: u64,
) -> Result<DeliveryPage, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    webhook::Entity::find_by_id(webhook_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let limit = limit.clamp(1, 100);
    let mut q = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::WebhookId.eq(webhook_id))
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(limit + 1);
    if let Some(c) = cursor {
        q = q.filter(webhook_delivery::Column::Id.lt(c));
    }
    let mut rows = q.all(db).await?;
    let next_cursor = (rows.len() as u64 > limit).then(|| {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id)
    });
    Ok(DeliveryPage {
        items: rows.into_iter().map(delivery_view).collect(),
        next_cursor: next_cursor.flatten(),
    })
}

fn delivery_view(d: webhook_delivery::Model) -> DeliveryView {
    let state = DeliveryState::parse(&d.state).unwrap_or(DeliveryState::Pending);
    DeliveryView {
        id: d.id,
        event_id: d.event_id,
        topic: d.topic,
        state,
        attempts: d.attempts,
        last_status: d.last_status,
        last_error: d.last_error,
        last_attempt_at: d.last_attempt_at,
        next_attempt_at: (state == DeliveryState::Pending).then_some(d.next_attempt_at),
        delivered_at: d.delivered_at,
        created_at: d.created_at,
    }
}

/// Sends a failed delivery again now, with a fresh set of attempts
/// (administrator, after fixing the receiver).
pub async fn resend(
    db: &DatabaseConnection,
    actor: &Actor,
    webhook_id: i64,
    delivery_id: i64,
    now: DateTime<Utc>,
) -> Result<DeliveryView, DomainError> {
    auth::require(actor, Permission::ManageUsers)?;
    let tx = begin_write(db).await?;
    let d = webhook_delivery::Entity::find_by_id(delivery_id)
        .filter(webhook_delivery::Column::WebhookId.eq(webhook_id))
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if d.state != DeliveryState::Failed.as_str() {
        return Err(DomainError::Conflict("not_failed"));
    }
    let mut row: webhook_delivery::ActiveModel = d.into();
    row.state = Set(DeliveryState::Pending.as_str().to_owned());
    row.attempts = Set(0);
    row.next_attempt_at = Set(now);
    let row = row.update(&tx).await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "webhook.resend",
            entity: "webhook_delivery",
            entity_id: row.id.to_string(),
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(delivery_view(row))
}

/// Queues the event for every active webhook that subscribes to its
/// topic; `outbox::emit` calls it inside the change's transaction.
pub(crate) async fn enqueue(
    db: &impl ConnectionTrait,
    event_id: i64,
    topic: &str,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let hooks: Vec<(i64, String)> = webhook::Entity::find()
        .select_only()
        .column(webhook::Column::Id)
        .column(webhook::Column::Events)
        .filter(webhook::Column::Active.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    for (webhook_id, events) in hooks {
        if subscribes(&events, topic) {
            webhook_delivery::ActiveModel {
                webhook_id: Set(webhook_id),
                event_id: Set(event_id),
                topic: Set(topic.to_owned()),
                state: Set(DeliveryState::Pending.as_str().to_owned()),
                attempts: Set(0),
                next_attempt_at: Set(now),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// What posts deliveries: an HTTP client that connects only where the
/// policy allows (`crate::egress`), without redirects (a receiver that moved
/// must be re-registered) and with a short timeout.
#[derive(Clone)]
pub struct Sender {
    http: reqwest::Client,
    targets: Targets,
}

pub fn client(targets: Targets) -> Sender {
    Sender {
        http: egress::client_builder(targets)
            .timeout(REQUEST_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("anju-webhooks/1")
            .build()
            .expect("a client with these options builds"),
        targets,
    }
}

/// Sends every delivery due at `now`, a batch at a time, concurrently within
/// a batch; returns how many attempts were made. Safe on several instances:
/// each delivery is claimed by one conditional update before it is sent.
pub async fn deliver_due(
    db: &DatabaseConnection,
    http: &Sender,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let mut attempted = 0;
    loop {
        let due = webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::State.eq(DeliveryState::Pending.as_str()))
            .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
            .order_by_asc(webhook_delivery::Column::NextAttemptAt)
            .order_by_asc(webhook_delivery::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        if due.is_empty() {
            return Ok(attempted);
        }
        let mut sends = tokio::task::JoinSet::new();
        for d in due {
            if !claim(db, &d, now).await? {
                continue; // another sender has it
            }
            attempted += 1;
            let (db, http) = (db.clone(), http.clone());
            sends.spawn(async move { attempt(&db, &http, d, now).await });
        }
        while let Some(done) = sends.join_next().await {
            match done {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "webhook delivery bookkeeping failed"),
                Err(e) => tracing::warn!(error = %e, "webhook delivery task failed"),
            }
        }
    }
}

/// Takes the delivery for this sender: counts the attempt and moves its due
/// time past the claim, unless someone else did first.
async fn claim(
    db: &DatabaseConnection,
    d: &webhook_delivery::Model,
    now: DateTime<Utc>,
) -> Result<bool, DomainError> {
    let res = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Attempts,
            Expr::value(d.attempts + 1),
        )
        .col_expr(
            webhook_delivery::Column::NextAttemptAt,
            Expr::value(now + CLAIM),
        )
        .col_expr(webhook_delivery::Column::LastAttemptAt, Expr::value(now))
        .filter(webhook_delivery::Column::Id.eq(d.id))
        .filter(webhook_delivery::Column::State.eq(DeliveryState::Pending.as_str()))
        .filter(webhook_delivery::Column::Attempts.eq(d.attempts))
        .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// One claimed attempt: post, then record the outcome and, on failure,
/// when to try again (or give up).
async fn attempt(
    db: &DatabaseConnection,
    http: &Sender,
    d: webhook_delivery::Model,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let attempt_no = d.attempts + 1;
    let hook = webhook::Entity::find_by_id(d.webhook_id).one(db).await?;
    let event = outbox_event::Entity::find_by_id(d.event_id).one(db).await?;
    let outcome = match (hook, event) {
        (Some(hook), Some(event)) if hook.active => post(http, &hook, &d, &event, now).await,
        (Some(_), Some(_)) => Err((None, "webhook_disabled".to_owned())),
        _ => Err((None, "event_or_webhook_missing".to_owned())),
    };
    let mut row: webhook_delivery::ActiveModel = d.into();
    match outcome {
        Ok(status) => {
            row.state = Set(DeliveryState::Delivered.as_str().to_owned());
            row.last_status = Set(Some(status));
            row.last_error = Set(None);
            row.delivered_at = Set(Some(now));
        }
        Err((status, error)) => {
            let retry = BACKOFF_SECS
                .get(attempt_no as usize - 1)
                .filter(|_| attempt_no < MAX_ATTEMPTS);
            match retry {
                Some(secs) => row.next_attempt_at = Set(now + Duration::seconds(*secs)),
                None => row.state = Set(DeliveryState::Failed.as_str().to_owned()),
            }
            row.last_status = Set(status);
            row.last_error = Set(Some(error.chars().take(300).collect()));
        }
    }
    row.update(db).await?;
    Ok(())
}

/// Posts the event; the receiver's 2xx status, or its status (if any) and
/// what went wrong.
async fn post(
    http: &Sender,
    hook: &webhook::Model,
    d: &webhook_delivery::Model,
    event: &outbox_event::Model,
    now: DateTime<Utc>,
) -> Result<i32, (Option<i32>, String)> {
    let data: serde_json::Value =
        serde_json::from_str(&event.payload).unwrap_or(serde_json::Value::Null);
    let body = serde_json::json!({
        "event_id": event.id,
        "topic": event.topic,
        "created_at": event.created_at,
        "data": data,
    })
    .to_string();
    // An address typed in the URL is not resolved, so it is checked here;
    // names are checked on resolution (`egress::FilteringResolver`).
    let refused = reqwest::Url::parse(&hook.url)
        .ok()
        .and_then(|u| u.host().map(|h| http.targets.refuses_host(&h)))
        .unwrap_or(true);
    if refused {
        return Err((None, "target_not_allowed".to_owned()));
    }
    let timestamp = now.timestamp();
    let sent = http
        .http
        .post(&hook.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Anju-Event", &event.topic)
        .header("X-Anju-Delivery", d.id.to_string())
        .header("X-Anju-Timestamp", timestamp.to_string())
        .header(
            "X-Anju-Signature",
            signature(&hook.secret, timestamp, &body),
        )
        .body(body)
        .send()
        .await;
    match sent {
        Ok(resp) if resp.status().is_success() => Ok(i32::from(resp.status().as_u16())),
        Ok(resp) => Err((
            Some(i32::from(resp.status().as_u16())),
            format!("HTTP {}", resp.status()),
        )),
        Err(e) if e.is_timeout() => Err((None, "timeout".to_owned())),
        Err(e) if is_refused_target(&e) => Err((None, "target_not_allowed".to_owned())),
        Err(e) if e.is_connect() => Err((None, "connection_refused".to_owned())),
        Err(e) => Err((None, e.to_string())),
    }
}

/// Whether the request failed because its name resolved only to addresses
/// the policy refuses.
fn is_refused_target(e: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        if cause.is::<egress::Refused>() {
            return true;
        }
        source = cause.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_topics_by_name_prefix_or_star() {
        assert!(subscribes("ticket.* deal.closed", "ticket.updated"));
        assert!(subscribes("ticket.* deal.closed", "deal.closed"));
        assert!(!subscribes("ticket.* deal.closed", "member.enrolled"));
        assert!(subscribes("*", "member.enrolled"));
        assert!(!subscribes("tick.*", "ticket.updated"), "a whole segment");
    }

    #[test]
    fn events_are_checked_against_the_known_topics() {
        assert_eq!(
            parse_events("Ticket.*, deal.closed ticket.*"),
            Ok(vec!["ticket.*".to_owned(), "deal.closed".to_owned()])
        );
        assert_eq!(parse_events(" , "), Err("required"));
        assert_eq!(parse_events("deal.opened"), Err("unknown_event"));
        assert_eq!(parse_events("tick.*"), Err("unknown_event"));
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // As Python computes it: hmac.new(b"whsec_test",
        // b'1700000000.{"event_id":1}', hashlib.sha256).hexdigest()
        assert_eq!(
            signature("whsec_test", 1_700_000_000, r#"{"event_id":1}"#),
            "sha256=115402565fc7b710e75917d6a369828046e151bd5816426329c59ba9f11ea916"
        );
    }
}
