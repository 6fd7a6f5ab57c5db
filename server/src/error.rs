//! The API's error policy: every failure is JSON
//! `{"error":{"code","message","fields"?}}` with a stable snake_case `code`
//! and the matching status. Internal causes are logged with the request's
//! trace, never sent: a client sees only the code's generic message.

use anju_domain::{DomainError, error::FieldError};
use anju_types::ErrorCode;
use axum::Json;
use axum::extract::FromRequest;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub fields: Vec<FieldError>,
    pub retry_after_secs: Option<i64>,
    /// Extra facts a client can act on, e.g. `existing_id` of a duplicate.
    pub details: Option<serde_json::Value>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `invalid_credentials`.
    pub code: String,
    /// A human-readable explanation (English).
    pub message: String,
    /// Per-field reasons when `code` is `validation_failed` (or `conflict`
    /// for a duplicate value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldErrorBody>>,
    /// For a duplicate: `{"existing_id": …}` when the caller may open it;
    /// for another conflict: `{"reason": "unit_not_available" | …}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldErrorBody {
    pub field: String,
    pub code: String,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> ApiError {
        ApiError {
            code,
            fields: Vec::new(),
            retry_after_secs: None,
            details: None,
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> ApiError {
        let mut api = ApiError::new(err.code());
        match err {
            DomainError::Validation(fields) => api.fields = fields,
            DomainError::Duplicate { field, existing_id } => {
                api.fields = vec![FieldError {
                    field,
                    code: "duplicate",
                }];
                api.details = existing_id.map(|id| serde_json::json!({ "existing_id": id }));
            }
            DomainError::Conflict(reason) => {
                api.details = Some(serde_json::json!({ "reason": reason }))
            }
            DomainError::Throttled { retry_after_secs } => {
                api.retry_after_secs = Some(retry_after_secs)
            }
            DomainError::Db(e) => tracing::error!(error = %e, "database error"),
            DomainError::Internal(e) => tracing::error!(error = %e, "internal error"),
            _ => {}
        }
        api
    }
}

pub fn message(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "The request could not be understood.",
        ErrorCode::ValidationFailed => "Some fields are not valid.",
        ErrorCode::InvalidCredentials => "The login or password is not correct.",
        ErrorCode::Unauthenticated => "Sign in first.",
        ErrorCode::TokenInvalid => "The token is invalid or has expired.",
        ErrorCode::Forbidden => "You are not allowed to do this.",
        ErrorCode::NotFound => "Not found.",
        ErrorCode::Conflict => "This conflicts with the current state.",
        ErrorCode::TooManyRequests => "Too many attempts; try again later.",
        ErrorCode::PayloadTooLarge => "The request is too large.",
        ErrorCode::Internal => "Something went wrong on our side.",
        ErrorCode::Unavailable => "The service is temporarily unavailable.",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.as_str().to_owned(),
                message: message(self.code).to_owned(),
                fields: (!self.fields.is_empty()).then(|| {
                    self.fields
                        .iter()
                        .map(|f| FieldErrorBody {
                            field: f.field.to_owned(),
                            code: f.code.to_owned(),
                        })
                        .collect()
                }),
                details: self.details,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"anju\""),
            );
        }
        response
    }
}

/// Leptos answers every server function's error with 500. This gives it
/// the status of its code instead (422 for a refused field, 403, 409 …), so
/// logs, metrics and proxies tell a refusal from a failure. The body, whose
/// first line is the code (`anju_app::plain_text`), is what the browser
/// reads and stays as it is. A plain form post is a redirect either way.
pub async fn server_fn_status(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(req).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, SERVER_FN_ERROR_BYTES).await else {
        return ApiError::new(ErrorCode::Internal).into_response();
    };
    let code = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| ErrorCode::parse(text.lines().next()?));
    if let Some(status) = code.and_then(|c| StatusCode::from_u16(c.http_status()).ok()) {
        parts.status = status;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A server function's error is a few short lines of codes.
const SERVER_FN_ERROR_BYTES: usize = 64 * 1024;

/// A JSON body. A body that is not JSON (or not `application/json`) is
/// 400 `bad_request`; JSON of the wrong shape is 422 `validation_failed`
/// with `details.field` naming where it went wrong (`draft.unit_id`); too
/// large is 413. Always in the API's error shape, never axum's plain text.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(bad_input("body", None));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|rejection| match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(ErrorCode::PayloadTooLarge),
                _ => bad_input("body", None),
            })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            // Trailing bytes after the value are not JSON either.
            Ok(v) if de.end().is_ok() => Ok(ApiJson(v)),
            Ok(_) => Err(bad_input("body", None)),
            Err(err) if err.inner().is_data() => {
                let mut api = ApiError::new(ErrorCode::ValidationFailed);
                let field = err.path().to_string();
                if field != "." {
                    api.details = Some(serde_json::json!({ "field": field }));
                }
                Err(api)
            }
            Err(_) => Err(bad_input("body", None)),
        }
    }
}

/// 400 `bad_request` saying which part of the request could not be read.
pub(crate) fn bad_input(location: &str, parameter: Option<String>) -> ApiError {
    let mut api = ApiError::new(ErrorCode::BadRequest);
    api.details = Some(match parameter {
        Some(p) => serde_json::json!({ "location": location, "parameter": p }),
        None => serde_json::json!({ "location": location }),
    });
    api
}
