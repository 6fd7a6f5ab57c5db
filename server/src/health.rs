use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

/// `/healthz`: 200 when the database answers within 2 s, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let db_ok = matches!(
        tokio::time::timeout(Duration::from_secs(2), anju_domain::db::ping(&state.svc.db)).await,
        Ok(Ok(()))
    );
    if db_ok {
        (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unhealthy", "database": "unreachable" })),
        )
    }
}
