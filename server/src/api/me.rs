use crate::error::{ApiError, ErrorBody};
use crate::session::ApiActor;
use anju_domain::auth::{Actor, permissions_of};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    pub login: String,
    pub display_name: String,
    /// `staff`, `member` or `merchant`.
    pub kind: String,
    /// Role names, e.g. `sales`, `sales_manager`.
    pub roles: Vec<String>,
    /// What the roles allow, e.g. `view_customers`.
    pub permissions: Vec<String>,
    /// `zh` or `en`.
    pub lang: String,
}

impl MeResponse {
    pub fn from_actor(actor: &Actor) -> MeResponse {
        MeResponse {
            login: actor.login.clone(),
            display_name: actor.display_name.clone(),
            kind: actor.kind.as_str().to_owned(),
            roles: actor.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            permissions: permissions_of(&actor.roles)
                .iter()
                .filter_map(|p| serde_json::to_value(p).ok())
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            lang: actor.lang.code().to_owned(),
        }
    }
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "me", security(("bearer" = [])),
    responses(
        (status = 200, description = "The current user", body = MeResponse),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
    ))]
pub async fn me(ApiActor(actor): ApiActor) -> Result<Json<MeResponse>, ApiError> {
    Ok(Json(MeResponse::from_actor(&actor)))
}
