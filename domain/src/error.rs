use anju_types::ErrorCode;
use sea_orm::DbErr;

/// What a domain operation can refuse with. Each maps to one stable API code;
/// `Db` carries the internal cause for the log and is never shown to a client.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("not signed in")]
    Unauthenticated,
    #[error("token invalid or expired")]
    TokenInvalid,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The record already exists (e.g. a customer with this mobile number);
    /// `existing_id` only when the caller may see that record.
    #[error("duplicate {field}")]
    Duplicate {
        field: &'static str,
        existing_id: Option<i64>,
    },
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("too many attempts; retry after {retry_after_secs}s")]
    Throttled { retry_after_secs: i64 },
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

/// One rejected input field: `field` is the form/JSON field name, `code` a
/// stable snake_case reason the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
}

impl DomainError {
    pub fn field(field: &'static str, code: &'static str) -> DomainError {
        DomainError::Validation(vec![FieldError { field, code }])
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            DomainError::InvalidCredentials => ErrorCode::InvalidCredentials,
            DomainError::Unauthenticated => ErrorCode::Unauthenticated,
            DomainError::TokenInvalid => ErrorCode::TokenInvalid,
            DomainError::Forbidden => ErrorCode::Forbidden,
            DomainError::NotFound => ErrorCode::NotFound,
            DomainError::Conflict(_) | DomainError::Duplicate { .. } => ErrorCode::Conflict,
            DomainError::Validation(_) => ErrorCode::ValidationFailed,
            DomainError::Throttled { .. } => ErrorCode::TooManyRequests,
            DomainError::Db(_) | DomainError::Internal(_) => ErrorCode::Internal,
        }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;

/// A form's text field, trimmed: `required` when it must not be empty,
/// `too_long` beyond `max` characters. Problems are added to `errors`.
pub fn text_field(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    let v = value.trim().to_owned();
    if required && v.is_empty() {
        errors.push(FieldError {
            field,
            code: "required",
        });
    } else if v.chars().count() > max {
        errors.push(FieldError {
            field,
            code: "too_long",
        });
    }
    v
}
