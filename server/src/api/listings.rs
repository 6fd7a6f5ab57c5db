//! `/api/v1/listings`: the published inventory as members see it — for sale
//! or not, never who bought a unit. Unpublished projects are 404.

use crate::error::{ApiError, ErrorBody};
use crate::extract::Path;
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::inventory::listings;
use anju_types::unit::{ListingGrid, ListingProject};
use axum::Json;
use axum::extract::State;

/// Published projects (预售, 在售) with their buildings and units for sale.
#[utoipa::path(get, path = "/api/v1/listings", tag = "listings", security(("bearer" = [])),
    responses(
        (status = 200, description = "Published projects", body = Vec<ListingProject>),
        (status = 403, description = "Not a member account", body = ErrorBody),
    ))]
pub async fn projects(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<ListingProject>>, ApiError> {
    Ok(Json(
        listings::projects(&state.svc.db, &actor, state.svc.clock.now()).await?,
    ))
}

/// A published building floor by floor: each unit for sale (with its price)
/// or sold.
#[utoipa::path(get, path = "/api/v1/listings/buildings/{id}", tag = "listings", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Building id")),
    responses(
        (status = 200, description = "The building", body = ListingGrid),
        (status = 403, description = "Not a member account", body = ErrorBody),
        (status = 404, description = "No such building, or its project is not published", body = ErrorBody),
    ))]
pub async fn building(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<ListingGrid>, ApiError> {
    Ok(Json(
        listings::building(&state.svc.db, &actor, id, state.svc.clock.now()).await?,
    ))
}
