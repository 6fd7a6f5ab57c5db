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
