//! Deals as staff see them.

use crate::DomainError;
use crate::auth::{self, Actor};
use crate::customers::Scope;
use crate::customers::service::find_in_scope;
use crate::db::names_by_id;
use crate::entity::{
    building, customer, deal, deal_installment, deal_payment, project, unit, user,
};
use anju_types::customer::StaffRef;
use anju_types::deal::{DealView, InstallmentView, PaymentView};
use anju_types::{DealStatus, DiscountApproval, Money, Permission};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

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
    Ok(views(db, rows).await?)
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

/// `安居·滨江府 1栋 1203` and the building's id, for each unit (three queries).
pub(crate) async fn unit_labels(
    db: &impl ConnectionTrait,
    unit_ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, (String, i64)>, DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let mut ids: Vec<i64> = unit_ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // 楼盘 楼栋 房号 in one round trip.
    let stmt = Query::select()
        .column((unit::Entity, unit::Column::Id))
        .column((unit::Entity, unit::Column::Number))
        .column((unit::Entity, unit::Column::BuildingId))
        .expr_as(
            Expr::col((building::Entity, building::Column::Name)),
            "building",
        )
        .expr_as(
            Expr::col((project::Entity, project::Column::Name)),
            "project",
        )
        .from(unit::Entity)
        .inner_join(
            building::Entity,
            Expr::col((building::Entity, building::Column::Id))
                .equals((unit::Entity, unit::Column::BuildingId)),
        )
        .inner_join(
            project::Entity,
            Expr::col((project::Entity, project::Column::Id))
                .equals((building::Entity, building::Column::ProjectId)),
        )
        .and_where(Expr::col((unit::Entity, unit::Column::Id)).is_in(ids))
        .to_owned();
    let rows = db.query_all(&stmt).await?;
    let mut out = HashMap::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get("", "id")?;
        let number: String = r.try_get("", "number")?;
        let building_id: i64 = r.try_get("", "building_id")?;
        let building: String = r.try_get("", "building")?;
        let project: String = r.try_get("", "project")?;
        out.insert(id, (format!("{project} {building} {number}"), building_id));
    }
    Ok(out)
}

pub(crate) async fn view(db: &impl ConnectionTrait, d: deal::Model) -> Result<DealView, DbErr> {
    Ok(views(db, vec![d])
        .await?
        .pop()
        .expect("one deal in, one view out"))
}

/// Fills in a batch of deals with a fixed number of queries, not N per deal.
pub(crate) async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<deal::Model>,
) -> Result<Vec<DealView>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let deal_ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
    let labels = unit_labels(db, rows.iter().map(|d| d.unit_id)).await?;
    let customers = names_by_id::<customer::Entity>(
        db,
        customer::Column::Id,
        customer::Column::Name,
        rows.iter().map(|d| d.customer_id),
    )
    .await?;
    let mut installments: HashMap<i64, Vec<InstallmentView>> = HashMap::new();
    for i in deal_installment::Entity::find()
        .filter(deal_installment::Column::DealId.is_in(deal_ids.clone()))
        .order_by_asc(deal_installment::Column::DealId)
        .order_by_asc(deal_installment::Column::Seq)
        .all(db)
        .await?
    {
        installments
            .entry(i.deal_id)
            .or_default()
            .push(InstallmentView {
                seq: i.seq,
                label: i.label,
                due_on: i.due_on,
                amount: Money::from_fen(i.amount_fen),
            });
    }
    let payments = deal_payment::Entity::find()
        .filter(deal_payment::Column::DealId.is_in(deal_ids))
        .order_by_asc(deal_payment::Column::Id)
        .all(db)
        .await?;
    let staff_ids: Vec<i64> = rows
        .iter()
        .flat_map(|d| [d.sales_user_id, d.approved_by])
        .chain(payments.iter().map(|p| p.recorded_by))
        .flatten()
        .collect();
    let staff =
        names_by_id::<user::Entity>(db, user::Column::Id, user::Column::DisplayName, staff_ids)
            .await?;
    let staff_ref = |id: Option<i64>| {
        id.map(|id| StaffRef {
            id,
            name: staff.get(&id).cloned().unwrap_or_default(),
        })
    };
    let mut payments_by_deal: HashMap<i64, Vec<PaymentView>> = HashMap::new();
    for p in payments {
        payments_by_deal
            .entry(p.deal_id)
            .or_default()
            .push(PaymentView {
                id: p.id,
                amount: Money::from_fen(p.amount_fen),
                received_on: p.received_on,
                method: p.method,
                reference: p.reference,
                recorded_by: staff_ref(p.recorded_by),
            });
    }
    Ok(rows
        .into_iter()
        .map(|d| {
            let (unit_label, building_id) = labels.get(&d.unit_id).cloned().unwrap_or_default();
            let payments = payments_by_deal.remove(&d.id).unwrap_or_default();
            let paid = Money::from_fen(payments.iter().map(|p| p.amount.fen()).sum());
            DealView {
                id: d.id,
                unit_id: d.unit_id,
                building_id,
                unit_label,
                customer_id: d.customer_id,
                customer_name: customers.get(&d.customer_id).cloned().unwrap_or_default(),
                sales: staff_ref(d.sales_user_id),
                status: DealStatus::parse(&d.status).unwrap_or(DealStatus::Reserved),
                list_price: Money::from_fen(d.list_price_fen),
                discount: Money::from_fen(d.discount_fen),
                price: Money::from_fen(d.price_fen),
                deposit: Money::from_fen(d.deposit_fen),
                discount_approval: DiscountApproval::parse(&d.discount_approval)
                    .unwrap_or(DiscountApproval::Pending),
                approved_by: staff_ref(d.approved_by),
                approval_note: d.approval_note,
                paid,
                installments: installments.remove(&d.id).unwrap_or_default(),
                payments,
                reserved_at: d.reserved_at,
                contracted_at: d.contracted_at,
                delivered_at: d.delivered_at,
                cancelled_at: d.cancelled_at,
            }
        })
        .collect())
}
