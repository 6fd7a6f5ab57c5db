//! What members see of the inventory (楼盘): published projects only, and
//! each unit as for sale or not — never its buyer, holder or deal.

use super::grid::effective_status;
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::entity::{building, project, unit};
use anju_types::unit::{
    ListingBuilding, ListingFloor, ListingGrid, ListingProject, ListingUnit, ProjectStatus,
};
use anju_types::{Area, Money, Permission, UnitStatus};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;

fn published(p: &project::Model) -> Option<ProjectStatus> {
    ProjectStatus::parse(&p.status).filter(|s| s.is_published())
}

/// The project if members may see it (presale or selling).
pub async fn published_project(
    db: &impl sea_orm::ConnectionTrait,
    id: i64,
) -> Result<Option<project::Model>, sea_orm::DbErr> {
    Ok(project::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| published(p).is_some()))
}

/// Published projects with their buildings and how many units are for sale.
pub async fn projects(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<ListingProject>, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let projects: Vec<(project::Model, ProjectStatus)> = project::Entity::find()
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| published(&p).map(|s| (p, s)))
        .collect();
    let ids: Vec<i64> = projects.iter().map(|(p, _)| p.id).collect();
    let buildings = building::Entity::find()
        .filter(building::Column::ProjectId.is_in(ids))
        .order_by_asc(building::Column::Id)
        .all(db)
        .await?;
    let counts = unit_counts(db, buildings.iter().map(|b| b.id).collect(), now).await?;
    Ok(projects
        .into_iter()
        .map(|(p, status)| ListingProject {
            id: p.id,
            buildings: buildings
                .iter()
                .filter(|b| b.project_id == p.id)
                .map(|b| {
                    let (units, for_sale) = counts.get(&b.id).copied().unwrap_or_default();
                    ListingBuilding {
                        id: b.id,
                        name: b.name.clone(),
                        units,
                        for_sale,
                    }
                })
                .collect(),
            name: p.name,
            city: p.city,
            district: p.district,
            status,
        })
        .collect())
}

#[derive(FromQueryResult)]
struct UnitState {
    building_id: i64,
    status: String,
    hold_expires_at: Option<DateTime<Utc>>,
}

/// (all units, units for sale) per building, in one query.
async fn unit_counts(
    db: &DatabaseConnection,
    building_ids: Vec<i64>,
    now: DateTime<Utc>,
) -> Result<HashMap<i64, (u64, u64)>, DomainError> {
    let rows = unit::Entity::find()
        .select_only()
        .columns([
            unit::Column::BuildingId,
            unit::Column::Status,
            unit::Column::HoldExpiresAt,
        ])
        .filter(unit::Column::BuildingId.is_in(building_ids))
        .into_model::<UnitState>()
        .all(db)
        .await?;
    let mut out: HashMap<i64, (u64, u64)> = HashMap::new();
    for r in rows {
        let for_sale = match UnitStatus::parse(&r.status) {
            Some(UnitStatus::Available) => true,
            Some(UnitStatus::Held) => r.hold_expires_at.is_some_and(|t| t <= now),
            _ => false,
        };
        let entry = out.entry(r.building_id).or_default();
        entry.0 += 1;
        entry.1 += u64::from(for_sale);
    }
    Ok(out)
}

/// A published building's units; a draft project's building is 404.
pub async fn building(
    db: &DatabaseConnection,
    actor: &Actor,
    building_id: i64,
    now: DateTime<Utc>,
) -> Result<ListingGrid, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let b = building::Entity::find_by_id(building_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let p = project::Entity::find_by_id(b.project_id)
        .one(db)
        .await?
        .filter(|p| published(p).is_some())
        .ok_or(DomainError::NotFound)?;
    let units = unit::Entity::find()
        .filter(unit::Column::BuildingId.eq(b.id))
        .order_by_desc(unit::Column::Floor)
        .order_by_asc(unit::Column::Number)
        .all(db)
        .await?;
    let mut floors: Vec<ListingFloor> = Vec::new();
    for u in units {
        let for_sale = effective_status(&u, now) == UnitStatus::Available;
        let cell = ListingUnit {
            number: u.number,
            layout: u.layout,
            area: Area::from_centi_m2(u.area_centi_m2),
            list_price: for_sale.then(|| Money::from_fen(u.list_price_fen)),
            for_sale,
        };
        match floors.last_mut() {
            Some(row) if row.floor == u.floor => row.units.push(cell),
            _ => floors.push(ListingFloor {
                floor: u.floor,
                units: vec![cell],
            }),
        }
    }
    Ok(ListingGrid {
        project_name: p.name,
        building_name: b.name,
        floors,
    })
}
