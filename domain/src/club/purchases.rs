//! Purchase points: the outbox consumer for `deal.closed`. A member whose
//! contract is signed earns the configured points per full ¥10,000 of the
//! contract price, and whoever referred the buyer earns the referral reward
//! (`referrals::reward_on_deal`). Events are read in id order and marked published; the
//! credit's dedupe key (`deal:<id>`) makes a second run, or a second
//! instance, harmless.

use super::ledger::{self, Movement};
use super::rules;
use crate::DomainError;
use crate::db::begin_write;
use crate::entity::{member, outbox_event, project};
use crate::outbox::{DEAL_CLOSED, DealClosed};
use crate::settings;
use anju_types::club::{LedgerKind, PointsReason};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Fen in ¥10,000.
const FEN_PER_10K: i64 = 1_000_000;

/// Handles every unpublished `deal.closed` event; returns how many.
pub async fn consume(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DomainError> {
    let mut handled = 0;
    loop {
        let events = outbox_event::Entity::find()
            .filter(outbox_event::Column::Topic.eq(DEAL_CLOSED))
            .filter(outbox_event::Column::PublishedAt.is_null())
            .order_by_asc(outbox_event::Column::Id)
            .limit(100)
            .all(db)
            .await?;
        if events.is_empty() {
            return Ok(handled);
        }
        for event in events {
            let tx = begin_write(db).await?;
            let claimed = outbox_event::Entity::update_many()
                .col_expr(outbox_event::Column::PublishedAt, Expr::value(now))
                .filter(outbox_event::Column::Id.eq(event.id))
                .filter(outbox_event::Column::PublishedAt.is_null())
                .exec(&tx)
                .await?;
            if claimed.rows_affected == 1 {
                if let Ok(deal) = serde_json::from_str::<DealClosed>(&event.payload) {
                    credit_purchase(&tx, &deal, now).await?;
                    super::referrals::reward_on_deal(&tx, &deal, now).await?;
                } else {
                    tracing::warn!(event = event.id, "unreadable deal.closed payload");
                }
                handled += 1;
            }
            tx.commit().await?;
        }
    }
}

async fn credit_purchase(
    tx: &sea_orm::DatabaseTransaction,
    deal: &DealClosed,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let Some(m) = member::Entity::find()
        .filter(member::Column::CustomerId.eq(deal.customer_id))
        .one(tx)
        .await?
    else {
        return Ok(());
    };
    let per_10k = settings::get_int(tx, rules::PURCHASE_POINTS_PER_10K).await?;
    let points = deal.price_fen / FEN_PER_10K * per_10k;
    if points <= 0 {
        return Ok(());
    }
    ledger::lock_member(tx, m.id, now).await?;
    let key = format!("deal:{}", deal.deal_id);
    if ledger::find_by_dedupe(tx, m.id, &key).await?.is_some() {
        return Ok(());
    }
    let project_name = project::Entity::find_by_id(deal.project_id)
        .one(tx)
        .await?
        .map(|p| p.name);
    let mut movement = Movement::new(LedgerKind::Earn, PointsReason::Purchase, points).dedupe(key);
    movement.source = project_name;
    ledger::credit(tx, m.id, movement, now).await?;
    Ok(())
}
