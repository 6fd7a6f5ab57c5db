//! The outbox: domain events written in the same transaction as the change
//! that caused them, so an event exists exactly when its change committed.
//! Consumers (club points, referral rewards) read them in id order and mark
//! them published; each subscribed webhook gets a delivery row at once.

use crate::entity::outbox_event;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde::Serialize;

/// A contract was signed: the unit is sold and the customer an owner.
pub const DEAL_CLOSED: &str = "deal.closed";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DealClosed {
    pub deal_id: i64,
    pub customer_id: i64,
    pub unit_id: i64,
    pub project_id: i64,
    pub sales_user_id: Option<i64>,
    /// Contract price in fen.
    pub price_fen: i64,
    pub contracted_at: DateTime<Utc>,
}

/// Appends one event; call it inside the change's transaction.
pub async fn emit(
    db: &impl ConnectionTrait,
    topic: &str,
    payload: &impl Serialize,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let payload = serde_json::to_string(payload).map_err(|e| DbErr::Custom(e.to_string()))?;
    let row = outbox_event::ActiveModel {
        topic: Set(topic.to_owned()),
        payload: Set(payload),
        created_at: Set(now),
        published_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // Webhook deliveries commit with the event, or neither does.
    crate::webhooks::enqueue(db, row.id, topic, now).await?;
    Ok(row.id)
}
