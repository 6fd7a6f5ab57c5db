use crate::client_addr::ClientIp;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::session::bearer_token;
use crate::state::AppState;
use anju_domain::DomainError;
use anju_domain::auth::{IssuedTokens, session};
use anju_domain::error::FieldError;
use anju_types::ErrorCode;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    /// A member's mobile number (any common form, e.g. `+86 138 0000 0001`)
    /// or a staff / merchant user name.
    pub login: String,
    pub password: String,
    /// The `device_token` an earlier login of this account answered: this
    /// client then keeps signing in while others' failures throttle the
    /// account.
    #[serde(default)]
    pub device_token: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct LogoutRequest {
    /// Accepted for older clients and not needed: logout ends the bearer
    /// token's own session, and a refresh token of any other session is
    /// ignored (one caller cannot sign another out).
    pub refresh_token: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires (at most 900).
    pub expires_in: i64,
    /// Single use: each refresh returns a new one; presenting a spent one
    /// revokes the whole session.
    pub refresh_token: String,
    pub refresh_expires_at: chrono::DateTime<chrono::Utc>,
    pub user: crate::api::me::MeResponse,
    /// After a login: keep it and send it with the next login of this
    /// account (see `LoginRequest.device_token`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

pub fn token_response(state: &AppState, issued: IssuedTokens) -> TokenResponse {
    TokenResponse {
        expires_in: (issued.access_expires_at - state.svc.clock.now()).num_seconds(),
        access_token: issued.access_token,
        token_type: "Bearer",
        refresh_token: issued.refresh_token,
        refresh_expires_at: issued.refresh_expires_at,
        user: crate::api::me::MeResponse::from_actor(&issued.actor),
        device_token: issued.device_token,
    }
}

/// Log in with a mobile number or user name and a password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong login or password (`invalid_credentials`)", body = ErrorBody),
        (status = 422, description = "Missing fields (`validation_failed`)", body = ErrorBody),
        (status = 429, description = "Too many failed attempts (`too_many_requests`); see Retry-After", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let mut fields = Vec::new();
    if req.login.trim().is_empty() {
        fields.push(FieldError {
            field: "login",
            code: "required",
        });
    }
    if req.password.is_empty() {
        fields.push(FieldError {
            field: "password",
            code: "required",
        });
    }
    if !fields.is_empty() {
        return Err(DomainError::Validation(fields).into());
    }
    let issued = session::login(
        &state.svc,
        session::LoginInput {
            identifier: req.login,
            password: req.password,
            ip: Some(client.to_string()),
            user_agent: user_agent(&headers),
            device_token: req.device_token,
        },
    )
    .await?;
    Ok(Json(token_response(&state, issued)))
}

/// Exchange a refresh token for a new access token and a new refresh token.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "New token pair", body = TokenResponse),
        (status = 401, description = "Unknown, expired, revoked or reused token (`token_invalid`)", body = ErrorBody),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    if req.refresh_token.trim().is_empty() {
        return Err(ApiError::new(ErrorCode::TokenInvalid));
    }
    let issued = session::refresh(&state.svc, req.refresh_token.trim()).await?;
    Ok(Json(token_response(&state, issued)))
}

/// End the session of the bearer token. Only the caller's own session ends:
/// a refresh token in the body is ignored unless it is that session's.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body(content = LogoutRequest, description = "optional"),
    security(("bearer" = [])),
    responses((status = 204, description = "Logged out (also when the token had already ended)")))]
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    _body: Option<Json<LogoutRequest>>,
) -> Result<StatusCode, ApiError> {
    if let Some(token) = bearer_token(&headers)
        && let Ok(actor) = session::authenticate(&state.svc, token).await
    {
        session::logout_session(&state.svc, &actor.session_id).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
