use crate::DomainError;
use crate::auth::{self, Actor};
use crate::customers::Scope;
use crate::entity::{building, customer, project, unit};
use anju_types::unit::{BuildingGrid, BuildingRef, FloorRow, UnitCell};
use anju_types::{Area, Money, Permission, UnitAction, UnitStatus};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// A hold past its expiry counts as available (the hold-expiry job also
/// writes that back).
pub(crate) fn effective_status(u: &unit::Model, now: DateTime<Utc>) -> UnitStatus {
    match UnitStatus::parse(&u.status).unwrap_or(UnitStatus::Available) {
        UnitStatus::Held if u.hold_expires_at.is_some_and(|t| t <= now) => UnitStatus::Available,
        s => s,
    }
}

pub async fn buildings(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<BuildingRef>, DomainError> {
    auth::require(actor, Permission::ViewUnits)?;
    let projects: HashMap<i64, String> = project::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    // Every building's unit counts in one pass, not two counts per building.
    let counts: HashMap<i64, (i64, i64)> = unit::Entity::find()
        .select_only()
        .column(unit::Column::BuildingId)
        .column_as(Expr::col(unit::Column::Id).count(), "units")
        .column_as(
            // The status is our own constant, not input.
            Expr::cust(format!(
                "CAST(SUM(CASE WHEN status = '{}' THEN 1 ELSE 0 END) AS BIGINT)",
                UnitStatus::Available.as_str()
            )),
            "available",
        )
        .group_by(unit::Column::BuildingId)
        .into_tuple::<(i64, i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(building, units, available)| (building, (units, available)))
        .collect();
    Ok(building::Entity::find()
        .order_by_asc(building::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|b| {
            let (units, available) = counts.get(&b.id).copied().unwrap_or((0, 0));
            BuildingRef {
                id: b.id,
                project_name: projects.get(&b.project_id).cloned().unwrap_or_default(),
                name: b.name,
                units: units as u64,
                available: available as u64,
            }
        })
        .collect())
}

pub async fn grid(
    db: &DatabaseConnection,
    actor: &Actor,
    building_id: i64,
    now: DateTime<Utc>,
) -> Result<BuildingGrid, DomainError> {
    auth::require(actor, Permission::ViewUnits)?;
    let b = building::Entity::find_by_id(building_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let p = project::Entity::find_by_id(b.project_id).one(db).await?;
    let units = unit::Entity::find()
        .filter(unit::Column::BuildingId.eq(b.id))
        .order_by_desc(unit::Column::Floor)
        .order_by_asc(unit::Column::Number)
        .all(db)
        .await?;
    // Buyers' names only for customers the viewer may see.
    let customer_ids: Vec<i64> = units.iter().filter_map(|u| u.customer_id).collect();
    let names: HashMap<i64, String> =
        if customer_ids.is_empty() || !auth::can(actor, Permission::ViewCustomers) {
            HashMap::new()
        } else {
            customer::Entity::find()
                .filter(customer::Column::Id.is_in(customer_ids))
                .filter(Scope::of(actor).condition())
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect()
        };
    let can_sell = auth::can(actor, Permission::SellUnits);
    let mut floors: Vec<FloorRow> = Vec::new();
    for u in units {
        let status = effective_status(&u, now);
        let in_scope = u.customer_id.is_some_and(|c| names.contains_key(&c));
        let cell = UnitCell {
            id: u.id,
            floor: u.floor,
            number: u.number.clone(),
            layout: u.layout.clone(),
            area: Area::from_centi_m2(u.area_centi_m2),
            list_price: Money::from_fen(u.list_price_fen),
            status,
            customer_name: if status == UnitStatus::Available {
                None
            } else {
                u.customer_id.and_then(|c| names.get(&c).cloned())
            },
            actions: if can_sell {
                UnitAction::allowed(status, in_scope)
            } else {
                Vec::new()
            },
        };
        match floors.last_mut() {
            Some(row) if row.floor == u.floor => row.units.push(cell),
            _ => floors.push(FloorRow {
                floor: u.floor,
                units: vec![cell],
            }),
        }
    }
    Ok(BuildingGrid {
        building_id: b.id,
        project_name: p.map(|p| p.name).unwrap_or_default(),
        building_name: b.name,
        floors,
    })
}
