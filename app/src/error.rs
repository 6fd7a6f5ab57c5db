//! The error a server function may return to the browser. Policy: only a
//! stable code crosses the wire; the UI turns it into words in the user's
//! language. Internal causes stay in the server log.

use anju_types::{ErrorCode, Lang};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", code.as_str())]
pub struct AppError {
    pub code: ErrorCode,
}

impl AppError {
    pub fn new(code: ErrorCode) -> AppError {
        AppError { code }
    }

    pub fn message(&self, lang: Lang) -> &'static str {
        use ErrorCode as C;
        match (self.code, lang) {
            (C::Unauthenticated | C::TokenInvalid, Lang::Zh) => "登录已过期，请重新登录",
            (C::Unauthenticated | C::TokenInvalid, Lang::En) => {
                "Your session has ended; please sign in again"
            }
            (C::Forbidden, Lang::Zh) => "您没有权限执行此操作",
            (C::Forbidden, Lang::En) => "You are not allowed to do this",
            (C::NotFound, Lang::Zh) => "未找到",
            (C::NotFound, Lang::En) => "Not found",
            (C::TooManyRequests, Lang::Zh) => "操作过于频繁，请稍后再试",
            (C::TooManyRequests, Lang::En) => "Too many attempts; try again later",
            (C::Unavailable | C::Internal, Lang::Zh) => "系统繁忙，请稍后再试",
            (C::Unavailable | C::Internal, Lang::En) => "Something went wrong; please try again",
            (_, Lang::Zh) => "请求无法完成",
            (_, Lang::En) => "The request could not be completed",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let code = match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => ErrorCode::Unavailable,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                ErrorCode::BadRequest
            }
            _ => ErrorCode::Internal,
        };
        AppError::new(code)
    }
}

#[cfg(feature = "ssr")]
impl From<anju_domain::DomainError> for AppError {
    fn from(e: anju_domain::DomainError) -> Self {
        if matches!(
            e,
            anju_domain::DomainError::Db(_) | anju_domain::DomainError::Internal(_)
        ) {
            tracing::error!(error = %e, "server function failed");
        }
        AppError::new(e.code())
    }
}
