use crate::error::AppError;
use anju_types::UnitStatus;
use anju_types::unit::{BuildingGrid, BuildingRef};
use leptos::prelude::*;

#[server(endpoint = "units/buildings")]
pub async fn load_buildings() -> Result<Vec<BuildingRef>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::inventory::buildings(&svc.db, &actor).await?)
}

#[server(endpoint = "units/grid")]
pub async fn load_grid(building_id: i64) -> Result<BuildingGrid, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::inventory::grid(&svc.db, &actor, building_id, svc.clock.now()).await?)
}

/// Applies an action to a unit; the buyer is given by mobile number and must
/// be a customer the salesperson may see.
#[server(endpoint = "units/act")]
pub async fn unit_action(
    unit_id: i64,
    action: String,
    customer_mobile: Option<String>,
    discount: Option<String>,
    deposit: Option<String>,
) -> Result<UnitStatus, AppError> {
    use anju_domain::DomainError;
    let (actor, svc) = crate::session::signed_in().await?;
    let action = anju_types::UnitAction::parse(&action)
        .ok_or(DomainError::field("action", "invalid_choice"))?;
    let customer_id = match customer_mobile
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        None => None,
        Some(mobile) => {
            let phone = anju_types::MobilePhone::parse(mobile)
                .map_err(|_| DomainError::field("customer_id", "invalid_mobile"))?;
            let query = anju_domain::customers::SearchQuery {
                q: Some(phone.to_string()),
                limit: 1,
                ..Default::default()
            };
            let found = anju_domain::customers::search(&svc.db, &actor, &query).await?;
            Some(
                found
                    .items
                    .first()
                    .map(|c| c.id)
                    .ok_or(DomainError::field("customer_id", "not_found"))?,
            )
        }
    };
    let terms = anju_types::deal::DealTerms { discount, deposit };
    Ok(anju_domain::inventory::act_with_terms(
        &svc.db,
        &actor,
        unit_id,
        action,
        customer_id,
        &terms,
        svc.clock.now(),
    )
    .await?)
}

/// Projects for the admin's building form.
#[server(endpoint = "units/projects")]
pub async fn load_unit_projects() -> Result<Vec<anju_types::pipeline::ProjectRef>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::pipeline::projects(&svc.db, &actor).await?)
}

#[server(endpoint = "units/create_project")]
pub async fn create_project(
    code: String,
    name: String,
    city: String,
    district: String,
    status: Option<String>,
) -> Result<i64, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::unit::ProjectDraft {
        code,
        name,
        city,
        district,
        status,
    };
    Ok(anju_domain::inventory::create_project(&svc.db, &actor, &draft, svc.clock.now()).await?)
}

/// Publishes a project to members, or takes it back to 未发布.
#[server(endpoint = "units/project_status")]
pub async fn set_project_status(project_id: i64, status: String) -> Result<(), AppError> {
    use anju_domain::DomainError;
    let (actor, svc) = crate::session::signed_in().await?;
    let status = anju_types::unit::ProjectStatus::parse(&status)
        .ok_or(DomainError::field("status", "invalid_choice"))?;
    Ok(anju_domain::inventory::set_project_status(
        &svc.db,
        &actor,
        project_id,
        status,
        svc.clock.now(),
    )
    .await?)
}

/// Lays out a building; `unit_types` has one line per position on a floor,
/// `三室两厅 89.5` (layout, then the area in m²). Opens its grid.
#[server(endpoint = "units/create_building")]
pub async fn create_building(
    project_id: i64,
    name: String,
    floors: i32,
    units_per_floor: i32,
    unit_types: String,
    price_per_m2: String,
    floor_premium_bp: Option<String>,
) -> Result<i64, AppError> {
    use anju_domain::DomainError;
    let (actor, svc) = crate::session::signed_in().await?;
    let unit_types = unit_types
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.rsplit_once(char::is_whitespace) {
            Some((layout, area)) => Ok(anju_types::unit::UnitType {
                layout: layout.trim().to_owned(),
                area: area.to_owned(),
            }),
            None => Err(DomainError::field("unit_types", "invalid_unit_type")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let floor_premium_bp = match floor_premium_bp.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            v.parse()
                .map_err(|_| DomainError::field("floor_premium_bp", "out_of_range"))?,
        ),
    };
    let plan = anju_types::unit::BuildingPlan {
        project_id,
        name,
        floors,
        units_per_floor,
        unit_types,
        price_per_m2,
        floor_premium_bp,
    };
    let created =
        anju_domain::inventory::create_building(&svc.db, &actor, &plan, svc.clock.now()).await?;
    leptos_axum::redirect(&format!("/console/units/{}", created.id));
    Ok(created.id)
}
