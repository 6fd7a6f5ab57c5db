//! Referrals (老带新) over REST: a member refers a friend and follows each
//! referral's state; anyone else's referral is a 404.

use super::club::IdemKey;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::Path;
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::club::referrals;
use anju_types::referral::{ReferralDraft, ReferralView};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// Refer a friend by name and mobile: they become a lead (source 老带新)
/// attributed to me; when they sign, I earn the club's referral reward.
#[utoipa::path(post, path = "/api/v1/me/referrals", tag = "club", request_body = ReferralDraft, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses(
        (status = 201, description = "Referred", body = ReferralView),
        (status = 404, description = "Not a club member", body = ErrorBody),
        (status = 409, description = "`already_known` (already a customer) or `referral_limit` (10 a day)", body = ErrorBody),
        (status = 422, description = "Invalid fields (`invalid_mobile`, `self_referral` …)", body = ErrorBody),
    ))]
pub async fn refer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdemKey(key): IdemKey,
    ApiJson(d): ApiJson<ReferralDraft>,
) -> Result<(StatusCode, Json<ReferralView>), ApiError> {
    let r = referrals::refer(
        &state.svc.db,
        &actor,
        &d,
        key.as_ref(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// My referrals, newest first, each with its state.
#[utoipa::path(get, path = "/api/v1/me/referrals", tag = "club", security(("bearer" = [])),
    responses((status = 200, description = "Referrals", body = Vec<ReferralView>)))]
pub async fn mine(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<ReferralView>>, ApiError> {
    Ok(Json(referrals::mine(&state.svc.db, &actor).await?))
}

/// One of my referrals.
#[utoipa::path(get, path = "/api/v1/me/referrals/{id}", tag = "club", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Referral id")),
    responses((status = 200, description = "Referral", body = ReferralView),
        (status = 404, description = "No such referral of mine", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<ReferralView>, ApiError> {
    Ok(Json(referrals::get_mine(&state.svc.db, &actor, id).await?))
}
