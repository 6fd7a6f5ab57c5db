//! Discount approval: a discount beyond the threshold waits for a sales
//! manager of the salesperson's team; until approved the contract cannot be
//! signed. A rejected discount can be revised by the salesperson.

use super::sale::{price_terms, validate_terms};
use super::views::{find, unit_labels, view};
use crate::DomainError;
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::customers::Scope;
use crate::db::{begin_write, names_by_id};
use crate::entity::{customer, deal, user};
use anju_types::deal::{ApprovalDecision, ApprovalItem, DealTerms, DealView, discount_bp};
use anju_types::{DealStatus, DiscountApproval, Money, Permission};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Approves or rejects a pending discount. Only a pending, still reserved
/// deal can be decided (409 otherwise); out of the manager's team is 404.
pub async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    deal_id: i64,
    decision: &ApprovalDecision,
    now: DateTime<Utc>,
) -> Result<DealView, DomainError> {
    auth::require(actor, Permission::ApproveDiscounts)?;
    let note = decision
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if note.as_ref().is_some_and(|n| n.chars().count() > 200) {
        return Err(DomainError::field("note", "too_long"));
    }
    let outcome = if decision.approve {
        DiscountApproval::Approved
    } else {
        DiscountApproval::Rejected
    };
    let scope = Scope::of(actor);
    let tx = begin_write(db).await?;
    let d = find(&tx, &scope, deal_id).await?;
    let done = deal::Entity::update_many()
        .col_expr(
            deal::Column::DiscountApproval,
            Expr::value(outcome.as_str()),
        )
        .col_expr(deal::Column::ApprovedBy, Expr::value(actor.user_id))
        .col_expr(deal::Column::ApprovedAt, Expr::value(now))
        .col_expr(deal::Column::ApprovalNote, Expr::value(note.clone()))
        .filter(deal::Column::Id.eq(d.id))
        .filter(deal::Column::Status.eq(DealStatus::Reserved.as_str()))
        .filter(deal::Column::DiscountApproval.eq(DiscountApproval::Pending.as_str()))
        .exec(&tx)
        .await?;
    if done.rows_affected != 1 {
        return Err(DomainError::Conflict("not_pending"));
    }
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "deal.discount_decision",
            entity: "deal",
            entity_id: d.id.to_string(),
            before: Some(serde_json::json!({ "discount_approval": d.discount_approval, "discount_fen": d.discount_fen })),
            after: Some(serde_json::json!({ "discount_approval": outcome.as_str(), "note": note })),
        },
    )
    .await?;
    tx.commit().await?;
    let d = find(db, &scope, deal_id).await?;
    Ok(view(db, d).await?)
}

/// Changes the discount (and deposit) of a reserved deal, e.g. after a
/// rejection; a discount within the threshold needs no approval again.
pub async fn revise_discount(
    db: &DatabaseConnection,
    actor: &Actor,
    deal_id: i64,
    terms: &DealTerms,
    now: DateTime<Utc>,
) -> Result<DealView, DomainError> {
    auth::require(actor, Permission::SellUnits)?;
    let terms = validate_terms(terms)?;
    let scope = Scope::of(actor);
    let tx = begin_write(db).await?;
    let d = find(&tx, &scope, deal_id).await?;
    if d.status != DealStatus::Reserved.as_str() {
        return Err(DomainError::Conflict("deal_not_reserved"));
    }
    let (price, approval) = price_terms(&tx, Money::from_fen(d.list_price_fen), terms).await?;
    let done = deal::Entity::update_many()
        .col_expr(deal::Column::DiscountFen, Expr::value(terms.discount.fen()))
        .col_expr(deal::Column::DepositFen, Expr::value(terms.deposit.fen()))
        .col_expr(deal::Column::PriceFen, Expr::value(price.fen()))
        .col_expr(
            deal::Column::DiscountApproval,
            Expr::value(approval.as_str()),
        )
        .col_expr(deal::Column::ApprovedBy, Expr::value(Option::<i64>::None))
        .col_expr(
            deal::Column::ApprovedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            deal::Column::ApprovalNote,
            Expr::value(Option::<String>::None),
        )
        .filter(deal::Column::Id.eq(d.id))
        .filter(deal::Column::Status.eq(DealStatus::Reserved.as_str()))
        .exec(&tx)
        .await?;
    if done.rows_affected != 1 {
        return Err(DomainError::Conflict("deal_not_reserved"));
    }
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "deal.revise_discount",
            entity: "deal",
            entity_id: d.id.to_string(),
            before: Some(serde_json::json!({ "discount_fen": d.discount_fen, "deposit_fen": d.deposit_fen })),
            after: Some(serde_json::json!({ "discount_fen": terms.discount.fen(), "deposit_fen": terms.deposit.fen(), "discount_approval": approval.as_str() })),
        },
    )
    .await?;
    tx.commit().await?;
    let d = find(db, &scope, deal_id).await?;
    Ok(view(db, d).await?)
}

/// Discounts waiting for approval in the actor's scope: a manager's team's
/// requests to decide, a salesperson's own requests still open.
pub async fn pending_approvals(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<ApprovalItem>, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    let rows = deal::Entity::find()
        .filter(deal::Column::DiscountApproval.eq(DiscountApproval::Pending.as_str()))
        .filter(deal::Column::Status.eq(DealStatus::Reserved.as_str()))
        .filter(Scope::of(actor).owns(deal::Column::CustomerId))
        .order_by_asc(deal::Column::ReservedAt)
        .limit(50)
        .all(db)
        .await?;
    let customers = names_by_id::<customer::Entity>(
        db,
        customer::Column::Id,
        customer::Column::Name,
        rows.iter().map(|d| d.customer_id),
    )
    .await?;
    let staff = names_by_id::<user::Entity>(
        db,
        user::Column::Id,
        user::Column::DisplayName,
        rows.iter().filter_map(|d| d.sales_user_id),
    )
    .await?;
    let labels = unit_labels(db, rows.iter().map(|d| d.unit_id)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for d in rows {
        let (list, discount) = (
            Money::from_fen(d.list_price_fen),
            Money::from_fen(d.discount_fen),
        );
        out.push(ApprovalItem {
            deal_id: d.id,
            customer_id: d.customer_id,
            customer_name: customers.get(&d.customer_id).cloned().unwrap_or_default(),
            unit_label: labels
                .get(&d.unit_id)
                .map(|l| l.0.clone())
                .unwrap_or_default(),
            sales_name: d.sales_user_id.and_then(|id| staff.get(&id).cloned()),
            list_price: list,
            discount,
            discount_bp: discount_bp(list, discount),
            requested_at: d.reserved_at,
        });
    }
    Ok(out)
}
