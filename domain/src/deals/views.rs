//! Deals as staff see them.

use crate::DomainError;
use crate::auth::{self, Actor};
use crate::customers::Scope;
use crate::customers::service::find_in_scope;
use crate::entity::{
    building, customer, deal, deal_installment, deal_payment, project, unit, user,
};
use anju_types::customer::StaffRef;
use anju_types::deal::{DealView, InstallmentView, PaymentView};
use anju_types::{DealStatus, DiscountApproval, Money, Permission};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

pub async fn get(db: &DatabaseConnection, actor: &Actor, id: i64) -> Result<DealView, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    let d = find(db, &Scope::of(actor), id).await?;
    Ok(view(db, d).await?)
}

/// A customer's deals, newest first (404 when the customer is out of scope).
pub async fn for_customer(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: i64,
) -> Result<Vec<DealView>, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    find_in_scope(db, &Scope::of(actor), customer_id).await?;
    let rows = deal::Entity::find()
        .filter(deal::Column::CustomerId.eq(customer_id))
        .order_by_desc(deal::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for d in rows {
        out.push(view(db, d).await?);
    }
    Ok(out)
}

pub(crate) async fn find(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: i64,
) -> Result<deal::Model, DomainError> {
    deal::Entity::find()
        .filter(deal::Column::Id.eq(id))
        .filter(scope.owns(deal::Column::CustomerId))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

async fn staff(db: &impl ConnectionTrait, id: Option<i64>) -> Result<Option<StaffRef>, DbErr> {
    let Some(id) = id else { return Ok(None) };
    Ok(user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|u| StaffRef {
            id: u.id,
            name: u.display_name,
        }))
}

/// `安居·滨江府 1栋 1203` and the building's id.
pub(crate) async fn unit_label(
    db: &impl ConnectionTrait,
    unit_id: i64,
) -> Result<(String, i64), DbErr> {
    let Some(u) = unit::Entity::find_by_id(unit_id).one(db).await? else {
        return Ok((String::new(), 0));
    };
    let b = building::Entity::find_by_id(u.building_id).one(db).await?;
    let p = match &b {
        Some(b) => project::Entity::find_by_id(b.project_id).one(db).await?,
        None => None,
    };
    Ok((
        format!(
            "{} {} {}",
            p.map(|p| p.name).unwrap_or_default(),
            b.map(|b| b.name).unwrap_or_default(),
            u.number
        ),
        u.building_id,
    ))
}

pub(crate) async fn view(db: &impl ConnectionTrait, d: deal::Model) -> Result<DealView, DbErr> {
    let (unit_label, building_id) = unit_label(db, d.unit_id).await?;
    let customer_name = customer::Entity::find_by_id(d.customer_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let installments = deal_installment::Entity::find()
        .filter(deal_installment::Column::DealId.eq(d.id))
        .order_by_asc(deal_installment::Column::Seq)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InstallmentView {
            seq: i.seq,
            label: i.label,
            due_on: i.due_on,
            amount: Money::from_fen(i.amount_fen),
        })
        .collect();
    let mut payments = Vec::new();
    for p in deal_payment::Entity::find()
        .filter(deal_payment::Column::DealId.eq(d.id))
        .order_by_asc(deal_payment::Column::Id)
        .all(db)
        .await?
    {
        payments.push(PaymentView {
            id: p.id,
            amount: Money::from_fen(p.amount_fen),
            received_on: p.received_on,
            method: p.method,
            reference: p.reference,
            recorded_by: staff(db, p.recorded_by).await?,
        });
    }
    let paid = Money::from_fen(payments.iter().map(|p: &PaymentView| p.amount.fen()).sum());
    Ok(DealView {
        id: d.id,
        unit_id: d.unit_id,
        building_id,
        unit_label,
        customer_id: d.customer_id,
        customer_name,
        sales: staff(db, d.sales_user_id).await?,
        status: DealStatus::parse(&d.status).unwrap_or(DealStatus::Reserved),
        list_price: Money::from_fen(d.list_price_fen),
        discount: Money::from_fen(d.discount_fen),
        price: Money::from_fen(d.price_fen),
        deposit: Money::from_fen(d.deposit_fen),
        discount_approval: DiscountApproval::parse(&d.discount_approval)
            .unwrap_or(DiscountApproval::Pending),
        approved_by: staff(db, d.approved_by).await?,
        approval_note: d.approval_note,
        paid,
        installments,
        payments,
        reserved_at: d.reserved_at,
        contracted_at: d.contracted_at,
        delivered_at: d.delivered_at,
        cancelled_at: d.cancelled_at,
    })
}
