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
    /// Only without a (valid) bearer token: ends the session this refresh
    /// token belongs to. With one, logout ends the bearer's session and
    /// ignores this.
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

/// End the caller's own session: the bearer token's, or — for a client
/// whose access token has expired — the session of the refresh token it
/// holds (holding it is what owning that session means). With a bearer
/// token, a refresh token of another session in the body is ignored: one
/// caller cannot sign another out.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body(content = LogoutRequest, description = "optional"),
    security(("bearer" = [])),
    responses((status = 204, description = "Logged out (also when the session had already ended)")))]
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Option<Json<LogoutRequest>>,
) -> Result<StatusCode, ApiError> {
    let bearer = match bearer_token(&headers) {
        Some(token) => session::authenticate(&state.svc, token).await.ok(),
        None => None,
    };
    match (bearer, body.and_then(|Json(b)| b.refresh_token)) {
        (Some(actor), _) => session::logout_session(&state.svc, &actor.session_id).await?,
        (None, Some(refresh)) => {
            session::logout_by_refresh_token(&state.svc, refresh.trim()).await?
        }
        (None, None) => {}
    }
    Ok(StatusCode::NO_CONTENT)
}

fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
