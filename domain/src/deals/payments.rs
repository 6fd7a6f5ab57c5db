//! Payments received (回款) against a deal. The receipt reference is unique
//! per deal, so a retried entry is recognised; the total never exceeds the
//! contract price, also with concurrent entries (the deal row is locked on
//! PostgreSQL; SQLite's write transaction already serialises).

use super::views::{find, view};
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::customers::Scope;
use crate::entity::{deal, deal_payment};
use crate::error::FieldError;
use crate::{DomainError, db::begin_write};
use anju_types::deal::{DealView, PAYMENT_METHODS, PaymentDraft};
use anju_types::{DealStatus, Money, Permission};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set,
};

struct ValidPayment {
    amount: Money,
    received_on: NaiveDate,
    method: String,
    reference: String,
}

fn validate(p: &PaymentDraft, today: NaiveDate) -> Result<ValidPayment, DomainError> {
    let mut errors = Vec::new();
    let amount = match Money::parse_field(&p.amount, true) {
        Ok(m) => m,
        Err(code) => {
            errors.push(FieldError {
                field: "amount",
                code,
            });
            Money::ZERO
        }
    };
    let received_on = match NaiveDate::parse_from_str(p.received_on.trim(), "%Y-%m-%d") {
        Ok(d) if d <= today => d,
        Ok(_) => {
            errors.push(FieldError {
                field: "received_on",
                code: "in_the_future",
            });
            today
        }
        Err(_) => {
            errors.push(FieldError {
                field: "received_on",
                code: "invalid_date",
            });
            today
        }
    };
    let method = p.method.trim().to_owned();
    if !PAYMENT_METHODS.contains(&method.as_str()) {
        errors.push(FieldError {
            field: "method",
            code: "invalid_choice",
        });
    }
    let reference = p.reference.trim().to_owned();
    if reference.is_empty() {
        errors.push(FieldError {
            field: "reference",
            code: "required",
        });
    } else if reference.chars().count() > 64 {
        errors.push(FieldError {
            field: "reference",
            code: "too_long",
        });
    }
    if errors.is_empty() {
        Ok(ValidPayment {
            amount,
            received_on,
            method,
            reference,
        })
    } else {
        Err(DomainError::Validation(errors))
    }
}

/// Records a payment. The same reference again with the same amount and day
/// is a retry and changes nothing; with other figures it is a conflict.
pub async fn record_payment(
    db: &DatabaseConnection,
    actor: &Actor,
    deal_id: i64,
    draft: &PaymentDraft,
    now: DateTime<Utc>,
) -> Result<DealView, DomainError> {
    auth::require(actor, Permission::SellUnits)?;
    let p = validate(draft, crate::business_date(now))?;
    let scope = Scope::of(actor);
    let tx = begin_write(db).await?;
    // Lock the deal so concurrent entries are checked one after another.
    let d = deal::Entity::find()
        .filter(deal::Column::Id.eq(deal_id))
        .filter(scope.owns(deal::Column::CustomerId))
        .lock_exclusive()
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if d.status == DealStatus::Cancelled.as_str() {
        return Err(DomainError::Conflict("deal_cancelled"));
    }
    if let Some(existing) = deal_payment::Entity::find()
        .filter(deal_payment::Column::DealId.eq(d.id))
        .filter(deal_payment::Column::Reference.eq(p.reference.as_str()))
        .one(&tx)
        .await?
    {
        if existing.amount_fen == p.amount.fen() && existing.received_on == p.received_on {
            drop(tx);
            let d = find(db, &scope, deal_id).await?;
            return Ok(view(db, d).await?);
        }
        return Err(DomainError::Duplicate {
            field: "reference",
            existing_id: None,
        });
    }
    let paid: Option<i64> = deal_payment::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(SUM(amount_fen) AS BIGINT)"), "paid")
        .filter(deal_payment::Column::DealId.eq(d.id))
        .into_tuple()
        .one(&tx)
        .await?
        .flatten();
    if paid.unwrap_or(0) + p.amount.fen() > d.price_fen {
        return Err(DomainError::field("amount", "exceeds_balance"));
    }
    let row = deal_payment::ActiveModel {
        deal_id: Set(d.id),
        amount_fen: Set(p.amount.fen()),
        received_on: Set(p.received_on),
        method: Set(p.method.clone()),
        reference: Set(p.reference.clone()),
        recorded_by: Set(Some(actor.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "deal.payment",
            entity: "deal",
            entity_id: d.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "payment_id": row.id, "amount_fen": p.amount.fen(), "reference": p.reference })),
        },
    )
    .await?;
    tx.commit().await?;
    let d = find(db, &scope, deal_id).await?;
    Ok(view(db, d).await?)
}
