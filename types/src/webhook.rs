//! Webhooks: an administrator's subscription of a URL to domain events
//! (`ticket.*`, `deal.closed`, `member.enrolled` …), and the log of what
//! was sent.

use crate::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The topics a webhook may subscribe to, as the outbox names them.
pub const TOPICS: [&str; 3] = ["deal.closed", "member.enrolled", "ticket.updated"];

code_enum! {
    /// Where one delivery of one event to one webhook stands.
    pub enum DeliveryState {
        /// Waiting for its first attempt or a retry.
        Pending = ("pending", "待发送", "Pending"),
        /// The receiver answered 2xx.
        Delivered = ("delivered", "已送达", "Delivered"),
        /// Every retry failed; nothing more will be tried unless resent.
        Failed = ("failed", "已放弃", "Gave up"),
    }
}

/// What the administrator types to register or change a webhook.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct WebhookDraft {
    /// `https://…` (or `http://` for a receiver on the same network).
    pub url: String,
    /// Topic patterns separated by spaces or commas: `deal.closed`,
    /// `ticket.*`, or `*` for every event.
    pub events: String,
    pub active: bool,
}

/// A webhook as the administrator's list shows it (never with its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// Deliveries waiting for an attempt or a retry.
    pub pending: i64,
    /// Deliveries given up on.
    pub failed: i64,
}

/// A new webhook and its signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookCreated {
    pub webhook: WebhookView,
    /// The HMAC-SHA256 key the receiver checks `X-Anju-Signature` with.
    pub secret: String,
}

/// One delivery in the webhook's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryView {
    pub id: i64,
    pub event_id: i64,
    pub topic: String,
    pub state: DeliveryState,
    pub attempts: i32,
    /// The receiver's HTTP status on the last attempt.
    pub last_status: Option<i32>,
    /// Why the last attempt failed (a timeout, a refused connection …).
    pub last_error: Option<String>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// When a pending delivery is tried next.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A page of the delivery log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryPage {
    pub items: Vec<DeliveryView>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<i64>,
}
