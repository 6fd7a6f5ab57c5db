//! Laying out inventory (admin): new projects, and a building's units
//! generated from floors × units per floor in one transaction — numbered
//! `{floor}{position:02}` (1201 = floor 12, position 1), priced from the
//! price per m² with a premium per floor.

use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::customers::service::text;
use crate::entity::{building, project, unit};
use crate::error::FieldError;
use crate::{DomainError, db::begin_write};
use anju_types::unit::{BuildingPlan, BuildingRef, ProjectDraft, ProjectStatus};
use anju_types::{Area, Money, Permission, UnitStatus};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

const MAX_FLOORS: i32 = 99;
const MAX_PER_FLOOR: i32 = 20;
const DEFAULT_FLOOR_PREMIUM_BP: i32 = 50;
/// A unit's floor area: 1 to 2,000 m² (the largest villas are well inside).
pub const MIN_AREA: Area = Area::from_centi_m2(100);
pub const MAX_AREA: Area = Area::from_centi_m2(200_000);
/// The price per m²: above zero, at most ¥500,000 (several times the
/// dearest homes on the mainland).
pub const MAX_PRICE_PER_M2: Money = Money::from_fen(50_000_000);

/// The list price of a unit: area × price per m², plus the premium for each
/// floor above the first, rounded half up to the fen (exact integer maths).
/// `None` when it would pass [`Money::MAX`], which the bounds on the inputs
/// make unreachable but which is never wrapped into a wrong price.
pub fn unit_price(area: Area, price_per_m2: Money, floor: i32, premium_bp: i32) -> Option<Money> {
    let base = i128::from(area.centi_m2()).checked_mul(i128::from(price_per_m2.fen()))?;
    let factor = 10_000 + i128::from((floor - 1).max(0)) * i128::from(premium_bp);
    let scaled = base.checked_mul(factor)?;
    let divisor = 100 * 10_000;
    let fen = i64::try_from((scaled + divisor / 2) / divisor).ok()?;
    Some(Money::from_fen(fen)).filter(|m| (Money::ZERO..=Money::MAX).contains(m))
}

pub async fn create_project(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &ProjectDraft,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    auth::require(actor, Permission::ManageUnits)?;
    let mut errors = Vec::new();
    let code = draft.code.trim().to_uppercase();
    if code.is_empty() || code.len() > 8 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        errors.push(FieldError {
            field: "code",
            code: "invalid_code",
        });
    }
    let name = required(&draft.name, 64, "name", &mut errors);
    let city = required(&draft.city, 32, "city", &mut errors);
    let district = required(&draft.district, 32, "district", &mut errors);
    // New projects start unpublished: members must not see half-laid-out inventory.
    let status = match draft.status.as_deref().map(str::trim) {
        None | Some("") => ProjectStatus::Draft,
        Some(s) => ProjectStatus::parse(s).unwrap_or_else(|| {
            errors.push(FieldError {
                field: "status",
                code: "invalid_choice",
            });
            ProjectStatus::Draft
        }),
    };
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    let tx = begin_write(db).await?;
    if project::Entity::find()
        .filter(project::Column::Code.eq(code.clone()))
        .count(&tx)
        .await?
        > 0
    {
        return Err(DomainError::Duplicate {
            field: "code",
            existing_id: None,
        });
    }
    let p = project::ActiveModel {
        code: Set(code),
        name: Set(name.unwrap_or_default()),
        city: Set(city.unwrap_or_default()),
        district: Set(district.unwrap_or_default()),
        status: Set(status.as_str().to_owned()),
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
            action: "project.create",
            entity: "project",
            entity_id: p.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "code": p.code, "name": p.name })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(p.id)
}

/// Publishes a project to members (预售 / 在售) or takes it back to 未发布.
pub async fn set_project_status(
    db: &DatabaseConnection,
    actor: &Actor,
    project_id: i64,
    status: ProjectStatus,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    auth::require(actor, Permission::ManageUnits)?;
    let tx = begin_write(db).await?;
    let p = project::Entity::find_by_id(project_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if p.status == status.as_str() {
        return Ok(());
    }
    let before = p.status.clone();
    let mut active: project::ActiveModel = p.into();
    active.status = Set(status.as_str().to_owned());
    active.update(&tx).await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "project.status",
            entity: "project",
            entity_id: project_id.to_string(),
            before: Some(serde_json::json!({ "status": before })),
            after: Some(serde_json::json!({ "status": status.as_str() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Creates the building and all its units (available), or nothing.
pub async fn create_building(
    db: &DatabaseConnection,
    actor: &Actor,
    plan: &BuildingPlan,
    now: DateTime<Utc>,
) -> Result<BuildingRef, DomainError> {
    auth::require(actor, Permission::ManageUnits)?;
    let mut errors = Vec::new();
    let name = required(&plan.name, 32, "name", &mut errors);
    if !(1..=MAX_FLOORS).contains(&plan.floors) {
        errors.push(FieldError {
            field: "floors",
            code: "out_of_range",
        });
    }
    if !(1..=MAX_PER_FLOOR).contains(&plan.units_per_floor) {
        errors.push(FieldError {
            field: "units_per_floor",
            code: "out_of_range",
        });
    }
    let per_floor = plan.units_per_floor.max(1) as usize;
    let mut types = Vec::new();
    for t in &plan.unit_types {
        let layout = t.layout.trim();
        match Area::parse(&t.area) {
            Ok(area) if !(MIN_AREA..=MAX_AREA).contains(&area) => {
                errors.push(FieldError {
                    field: "unit_types",
                    code: "area_out_of_range",
                });
                break;
            }
            Ok(area) if !layout.is_empty() && layout.chars().count() <= 16 => {
                types.push((layout.to_owned(), area))
            }
            _ => {
                errors.push(FieldError {
                    field: "unit_types",
                    code: "invalid_unit_type",
                });
                break;
            }
        }
    }
    let type_refused = errors.iter().any(|e| e.field == "unit_types");
    if !type_refused && (types.is_empty() || (types.len() != 1 && types.len() != per_floor)) {
        errors.push(FieldError {
            field: "unit_types",
            code: "one_per_position",
        });
    }
    let price = match Money::parse(&plan.price_per_m2) {
        Ok(m) if m > MAX_PRICE_PER_M2 => {
            errors.push(FieldError {
                field: "price_per_m2",
                code: "price_per_m2_out_of_range",
            });
            None
        }
        Ok(m) if m.fen() > 0 => Some(m),
        _ => {
            errors.push(FieldError {
                field: "price_per_m2",
                code: "invalid_amount",
            });
            None
        }
    };
    let premium = plan.floor_premium_bp.unwrap_or(DEFAULT_FLOOR_PREMIUM_BP);
    if !(0..=1_000).contains(&premium) {
        errors.push(FieldError {
            field: "floor_premium_bp",
            code: "out_of_range",
        });
    }
    let (Some(name), Some(price), true) = (name, price, errors.is_empty()) else {
        return Err(DomainError::Validation(errors));
    };
    // The dearest unit (largest area, top floor) must still be a price.
    let largest = types.iter().map(|(_, a)| *a).max().unwrap_or(MIN_AREA);
    if unit_price(largest, price, plan.floors, premium).is_none() {
        return Err(DomainError::field(
            "price_per_m2",
            "price_per_m2_out_of_range",
        ));
    }

    let tx = begin_write(db).await?;
    let p = project::Entity::find_by_id(plan.project_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::field("project_id", "not_found"))?;
    let taken = building::Entity::find()
        .filter(building::Column::ProjectId.eq(p.id))
        .filter(building::Column::Name.eq(name.clone()))
        .count(&tx)
        .await?;
    if taken > 0 {
        return Err(DomainError::Duplicate {
            field: "name",
            existing_id: None,
        });
    }
    let b = building::ActiveModel {
        project_id: Set(p.id),
        name: Set(name.clone()),
        floors: Set(plan.floors),
        units_per_floor: Set(plan.units_per_floor),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let mut units: Vec<unit::ActiveModel> = Vec::new();
    for (floor, pos) in
        (1..=plan.floors).flat_map(|floor| (1..=plan.units_per_floor).map(move |pos| (floor, pos)))
    {
        let (layout, area) = &types[(pos as usize - 1) % types.len()];
        let price = unit_price(*area, price, floor, premium).ok_or(DomainError::field(
            "price_per_m2",
            "price_per_m2_out_of_range",
        ))?;
        units.push(unit::ActiveModel {
            building_id: Set(b.id),
            floor: Set(floor),
            number: Set(format!("{floor}{pos:02}")),
            layout: Set(layout.clone()),
            area_centi_m2: Set(area.centi_m2()),
            list_price_fen: Set(price.fen()),
            status: Set(UnitStatus::Available.as_str().to_owned()),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    let count = units.len() as u64;
    for chunk in units.chunks(200) {
        unit::Entity::insert_many(chunk.to_vec()).exec(&tx).await?;
    }
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "building.create",
            entity: "building",
            entity_id: b.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "project_id": p.id, "name": name, "floors": plan.floors,
                "units_per_floor": plan.units_per_floor, "units": count,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(BuildingRef {
        id: b.id,
        project_name: p.name,
        name,
        units: count,
        available: count,
    })
}

fn required(
    value: &str,
    max: usize,
    field: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let v = text(&Some(value.to_owned()), max, field, errors);
    if v.is_none() && !errors.iter().any(|e| e.field == field) {
        errors.push(FieldError {
            field,
            code: "required",
        });
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dearest_unit_the_bounds_allow_is_still_a_price() {
        let top = unit_price(MAX_AREA, MAX_PRICE_PER_M2, 99, DEFAULT_FLOOR_PREMIUM_BP);
        assert!(top.is_some_and(|m| m > Money::ZERO), "{top:?}");
        // Past ¥10 billion (the steepest premium on the top floor) it is
        // refused, and beyond i64 never wrapped into a negative price.
        assert_eq!(unit_price(MAX_AREA, MAX_PRICE_PER_M2, 99, 1_000), None);
        let huge = unit_price(Area::from_centi_m2(i64::MAX), MAX_PRICE_PER_M2, 99, 1_000);
        assert_eq!(huge, None);
    }

    #[test]
    fn prices_rise_by_floor_and_round_to_the_fen() {
        let area = Area::parse("89.5").expect("area");
        let ppm = Money::parse("42000").expect("price");
        // 89.5 × 42,000 = 3,759,000.00 on the first floor.
        assert_eq!(
            unit_price(area, ppm, 1, 50).map(Money::fen),
            Some(375_900_000)
        );
        // Floor 11: +10 × 0.5% = 5%.
        assert_eq!(
            unit_price(area, ppm, 11, 50).map(Money::fen),
            Some(394_695_000)
        );
        let odd = Area::parse("77.77").expect("area");
        let ppm = Money::parse("33333.33").expect("price");
        // 77.77 × 33,333.33 = 2,592,333.0741 → 2,592,333.07
        assert_eq!(
            unit_price(odd, ppm, 1, 0).map(Money::fen),
            Some(259_233_307)
        );
    }
}
