//! What each unit step does to its deal, called by the unit status machine
//! inside its transaction: any error here rolls the unit step back too.

use crate::DomainError;
use crate::auth::Actor;
use crate::entity::{building, customer, deal, deal_installment, unit};
use crate::error::FieldError;
use crate::outbox::{self, DEAL_CLOSED, DealClosed};
use crate::pipeline::opportunities::advance_for_sale;
use crate::settings::{self, DISCOUNT_APPROVAL_BP};
use anju_types::deal::DealTerms;
use anju_types::{DealStatus, DiscountApproval, Money, Stage};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Reservation terms, checked: non-negative whole fen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValidTerms {
    pub discount: Money,
    pub deposit: Money,
}

pub fn validate_terms(terms: &DealTerms) -> Result<ValidTerms, DomainError> {
    let mut errors = Vec::new();
    let mut parse = |value: &Option<String>, field: &'static str| match value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => Money::ZERO,
        Some(v) => match Money::parse_field(v, false) {
            Ok(m) => m,
            Err(code) => {
                errors.push(FieldError { field, code });
                Money::ZERO
            }
        },
    };
    let discount = parse(&terms.discount, "discount");
    let deposit = parse(&terms.deposit, "deposit");
    if errors.is_empty() {
        Ok(ValidTerms { discount, deposit })
    } else {
        Err(DomainError::Validation(errors))
    }
}

/// Whether a discount needs a manager: above `threshold_bp` basis points of
/// the list price. Integer arithmetic, so 3.00% of ¥1,000,000.00 is exact.
pub fn needs_approval(list: Money, discount: Money, threshold_bp: i64) -> bool {
    i128::from(discount.fen()) * 10_000 > i128::from(list.fen()) * i128::from(threshold_bp)
}

/// Checks the terms against the unit's price and tells the approval state.
pub(crate) async fn price_terms(
    db: &impl ConnectionTrait,
    list: Money,
    terms: ValidTerms,
) -> Result<(Money, DiscountApproval), DomainError> {
    let mut errors = Vec::new();
    if terms.discount > list {
        errors.push(FieldError {
            field: "discount",
            code: "exceeds_price",
        });
    }
    let price = Money::from_fen(list.fen() - terms.discount.fen());
    if terms.deposit > price {
        errors.push(FieldError {
            field: "deposit",
            code: "exceeds_price",
        });
    }
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    let threshold = settings::get_int(db, DISCOUNT_APPROVAL_BP).await?;
    let approval = if needs_approval(list, terms.discount, threshold) {
        DiscountApproval::Pending
    } else {
        DiscountApproval::NotNeeded
    };
    Ok((price, approval))
}

async fn project_of(db: &impl ConnectionTrait, u: &unit::Model) -> Result<i64, DomainError> {
    Ok(building::Entity::find_by_id(u.building_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?
        .project_id)
}

/// The unit's deal in a given status (at most one at a time: a unit is
/// reserved for one customer at once).
pub(crate) async fn deal_of_unit(
    db: &impl ConnectionTrait,
    unit_id: i64,
    status: DealStatus,
) -> Result<Option<deal::Model>, sea_orm::DbErr> {
    deal::Entity::find()
        .filter(deal::Column::UnitId.eq(unit_id))
        .filter(deal::Column::Status.eq(status.as_str()))
        .order_by_desc(deal::Column::Id)
        .one(db)
        .await
}

/// 认购: a new deal at list price minus the discount, and the customer's
/// opportunity for the project moves to 准成交.
pub(crate) async fn reserve(
    tx: &impl ConnectionTrait,
    actor: &Actor,
    u: &unit::Model,
    buyer: &customer::Model,
    terms: ValidTerms,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let list = Money::from_fen(u.list_price_fen);
    let (price, approval) = price_terms(tx, list, terms).await?;
    let project_id = project_of(tx, u).await?;
    let opportunity = advance_for_sale(
        tx,
        buyer,
        project_id,
        Stage::PreDeal,
        price,
        actor.user_id,
        now,
    )
    .await?;
    let row = deal::ActiveModel {
        unit_id: Set(u.id),
        customer_id: Set(buyer.id),
        opportunity_id: Set(Some(opportunity)),
        sales_user_id: Set(buyer.assigned_sales_id.or(Some(actor.user_id))),
        status: Set(DealStatus::Reserved.as_str().to_owned()),
        list_price_fen: Set(list.fen()),
        discount_fen: Set(terms.discount.fen()),
        price_fen: Set(price.fen()),
        deposit_fen: Set(terms.deposit.fen()),
        discount_approval: Set(approval.as_str().to_owned()),
        approved_by: Set(None),
        approved_at: Set(None),
        approval_note: Set(None),
        reserved_at: Set(now),
        contracted_at: Set(None),
        delivered_at: Set(None),
        cancelled_at: Set(None),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(row.id)
}

/// 签约: the reserved deal is contracted (refused while its discount is not
/// approved), its payment plan written, the opportunity closed as 成交 and
/// `deal.closed` emitted.
pub(crate) async fn contract(
    tx: &impl ConnectionTrait,
    actor: &Actor,
    u: &unit::Model,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    let d = match deal_of_unit(tx, u.id, DealStatus::Reserved).await? {
        Some(d) => d,
        // A unit reserved before deals were recorded: sell it at list price.
        None => {
            let buyer_id = u.customer_id.ok_or(DomainError::Conflict("no_buyer"))?;
            let buyer = customer::Entity::find_by_id(buyer_id)
                .one(tx)
                .await?
                .ok_or(DomainError::Conflict("no_buyer"))?;
            let id = reserve(tx, actor, u, &buyer, ValidTerms::default(), now).await?;
            deal::Entity::find_by_id(id)
                .one(tx)
                .await?
                .ok_or(DomainError::NotFound)?
        }
    };
    let approval =
        DiscountApproval::parse(&d.discount_approval).unwrap_or(DiscountApproval::Pending);
    if !approval.allows_contract() {
        return Err(DomainError::Conflict("discount_not_approved"));
    }
    let moved = deal::Entity::update_many()
        .col_expr(
            deal::Column::Status,
            Expr::value(DealStatus::Contracted.as_str()),
        )
        .col_expr(deal::Column::ContractedAt, Expr::value(now))
        .filter(deal::Column::Id.eq(d.id))
        .filter(deal::Column::Status.eq(DealStatus::Reserved.as_str()))
        .exec(tx)
        .await?;
    if moved.rows_affected != 1 {
        return Err(DomainError::Conflict("unit_not_available"));
    }
    write_plan(tx, &d, now).await?;
    let buyer = customer::Entity::find_by_id(d.customer_id)
        .one(tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let project_id = project_of(tx, u).await?;
    let price = Money::from_fen(d.price_fen);
    advance_for_sale(
        tx,
        &buyer,
        project_id,
        Stage::Deal,
        price,
        actor.user_id,
        now,
    )
    .await?;
    outbox::emit(
        tx,
        DEAL_CLOSED,
        &DealClosed {
            deal_id: d.id,
            customer_id: d.customer_id,
            unit_id: u.id,
            project_id,
            sales_user_id: d.sales_user_id,
            price_fen: d.price_fen,
            contracted_at: now,
        },
        now,
    )
    .await?;
    Ok(d.id)
}

/// The standard plan (付款计划): the deposit as paid at reservation, a down
/// payment bringing the total to 30% within 30 days, the rest (usually the
/// mortgage) within 90 days.
pub fn plan(price: Money, deposit: Money) -> Vec<(&'static str, i64, Money)> {
    let down_total = price.fen() * 30 / 100;
    let deposit = deposit.fen().min(price.fen());
    let down = (down_total - deposit).max(0);
    let rest = price.fen() - deposit - down;
    [
        ("定金", 0, deposit),
        ("首付款", 30, down),
        ("尾款（按揭）", 90, rest),
    ]
    .into_iter()
    .filter(|(_, _, amount)| *amount > 0)
    .map(|(label, days, amount)| (label, days, Money::from_fen(amount)))
    .collect()
}

async fn write_plan(
    tx: &impl ConnectionTrait,
    d: &deal::Model,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let today = crate::business_date(now);
    let reserved_on = crate::business_date(d.reserved_at);
    let rows: Vec<deal_installment::ActiveModel> =
        plan(Money::from_fen(d.price_fen), Money::from_fen(d.deposit_fen))
            .into_iter()
            .enumerate()
            .map(|(i, (label, days, amount))| deal_installment::ActiveModel {
                deal_id: Set(d.id),
                seq: Set(i as i32 + 1),
                label: Set(label.to_owned()),
                due_on: Set(if days == 0 {
                    reserved_on
                } else {
                    today + Duration::days(days)
                }),
                amount_fen: Set(amount.fen()),
                ..Default::default()
            })
            .collect();
    if !rows.is_empty() {
        deal_installment::Entity::insert_many(rows).exec(tx).await?;
    }
    Ok(())
}

/// 交房 (contracted → delivered) or 退认购 (reserved → cancelled): the
/// unit's deal follows, stamped at `stamp`. A cancelled reservation leaves
/// the opportunity where it was (the customer may still buy another unit).
pub(crate) async fn follow_unit(
    tx: &impl ConnectionTrait,
    u: &unit::Model,
    from: DealStatus,
    to: DealStatus,
    stamp: deal::Column,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    deal::Entity::update_many()
        .col_expr(deal::Column::Status, Expr::value(to.as_str()))
        .col_expr(stamp, Expr::value(now))
        .filter(deal::Column::UnitId.eq(u.id))
        .filter(deal::Column::Status.eq(from.as_str()))
        .exec(tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_threshold_is_exact_at_the_boundary() {
        let list = Money::from_yuan(1_000_000);
        assert!(!needs_approval(list, Money::from_yuan(30_000), 300));
        assert!(needs_approval(list, Money::from_fen(3_000_001), 300));
        assert!(!needs_approval(list, Money::ZERO, 0));
        assert!(needs_approval(list, Money::from_fen(1), 0));
    }

    #[test]
    fn the_plan_adds_up_to_the_price() {
        let price = Money::from_fen(605_212_345);
        let p = plan(price, Money::from_yuan(50_000));
        assert_eq!(p.iter().map(|(_, _, m)| m.fen()).sum::<i64>(), price.fen());
        assert_eq!(p[0].0, "定金");
        // A deposit above 30% leaves no down payment.
        let p = plan(Money::from_yuan(100), Money::from_yuan(40));
        assert_eq!(p.len(), 2);
        assert_eq!(p.iter().map(|(_, _, m)| m.fen()).sum::<i64>(), 10_000);
    }
}
