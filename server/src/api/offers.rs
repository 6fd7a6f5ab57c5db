//! Partner-merchant offers and coupons over REST: members browse and claim,
//! the merchant's counter verifies and redeems, the club manager keeps
//! merchants and offers.

use crate::api::club::IdemKey;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::{Path, Query};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::club::{coupons, offers};
use anju_types::club::{
    CounterCoupon, CouponView, MerchantDraft, MerchantHistory, MerchantView, OfferDraft, OfferView,
};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct OffersQuery {
    /// 餐饮, 家居建材, 教育培训, 健康医疗, 生活服务, 休闲娱乐 …
    pub category: Option<String>,
}

/// Offers on now (members), or every offer (club manager).
#[utoipa::path(get, path = "/api/v1/offers", tag = "club", params(OffersQuery), security(("bearer" = [])),
    responses((status = 200, description = "Offers with `eligible` and `mine` for a member", body = Vec<OfferView>)))]
pub async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<OffersQuery>,
) -> Result<Json<Vec<OfferView>>, ApiError> {
    Ok(Json(
        offers::browse(
            &state.svc.db,
            &actor,
            q.category.as_deref(),
            state.svc.clock.now(),
        )
        .await?,
    ))
}

/// Claim a coupon of an offer.
#[utoipa::path(post, path = "/api/v1/offers/{id}/coupons", tag = "club", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Offer id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses(
        (status = 201, description = "The coupon with its code", body = CouponView),
        (status = 404, description = "No such offer on now", body = ErrorBody),
        (status = 409, description = "`limit_reached` or `sold_out`", body = ErrorBody),
        (status = 422, description = "`tier_too_low`", body = ErrorBody),
        (status = 429, description = "`too_many_requests`: more than 30 claims in 10 minutes (see `Retry-After`)", body = ErrorBody),
    ))]
pub async fn claim(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdemKey(key): IdemKey,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<CouponView>), ApiError> {
    let c = offers::claim(
        &state.svc.db,
        &actor,
        id,
        key.as_ref(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// My coupons: valid first, then used and expired.
#[utoipa::path(get, path = "/api/v1/me/coupons", tag = "club", security(("bearer" = [])),
    responses((status = 200, description = "Coupons", body = Vec<CouponView>)))]
pub async fn mine(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<CouponView>>, ApiError> {
    Ok(Json(
        coupons::mine(&state.svc.db, &actor, state.svc.clock.now()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CodeBody {
    /// As typed or scanned: case, spaces and dashes do not matter.
    pub code: String,
}

/// Look a code up at the counter without redeeming it.
#[utoipa::path(post, path = "/api/v1/merchant/verifications", tag = "club", request_body = CodeBody, security(("bearer" = [])),
    responses(
        (status = 200, description = "What the coupon grants and its state", body = CounterCoupon),
        (status = 404, description = "No such code for this merchant", body = ErrorBody),
        (status = 422, description = "`invalid_coupon_code`", body = ErrorBody),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<CodeBody>,
) -> Result<Json<CounterCoupon>, ApiError> {
    Ok(Json(
        coupons::verify(&state.svc.db, &actor, &body.code, state.svc.clock.now()).await?,
    ))
}

/// Redeem a coupon at the counter, once.
#[utoipa::path(post, path = "/api/v1/merchant/redemptions", tag = "club", request_body = CodeBody, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses(
        (status = 201, description = "Redeemed", body = CounterCoupon),
        (status = 404, description = "No such code for this merchant", body = ErrorBody),
        (status = 409, description = "`coupon_used` or `coupon_expired`", body = ErrorBody),
        (status = 422, description = "`invalid_coupon_code` or `tier_too_low`", body = ErrorBody),
    ))]
pub async fn redeem(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdemKey(key): IdemKey,
    ApiJson(body): ApiJson<CodeBody>,
) -> Result<(StatusCode, Json<CounterCoupon>), ApiError> {
    let done = coupons::redeem(
        &state.svc.db,
        &actor,
        &body.code,
        key.as_ref(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// The merchant's redemptions and totals (its own only).
#[utoipa::path(get, path = "/api/v1/merchant/redemptions", tag = "club", security(("bearer" = [])),
    responses((status = 200, description = "History", body = MerchantHistory)))]
pub async fn history(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<MerchantHistory>, ApiError> {
    Ok(Json(
        coupons::history(&state.svc.db, &actor, state.svc.clock.now()).await?,
    ))
}

/// Partner merchants (club manager).
#[utoipa::path(get, path = "/api/v1/merchants", tag = "club", security(("bearer" = [])),
    responses((status = 200, description = "Merchants", body = Vec<MerchantView>)))]
pub async fn merchants(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<MerchantView>>, ApiError> {
    Ok(Json(offers::merchants(&state.svc.db, &actor).await?))
}

/// Add a partner merchant (club manager).
#[utoipa::path(post, path = "/api/v1/merchants", tag = "club", request_body = MerchantDraft, security(("bearer" = [])),
    responses((status = 201, description = "Created", body = MerchantView),
        (status = 422, description = "Invalid fields", body = ErrorBody)))]
pub async fn create_merchant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(d): ApiJson<MerchantDraft>,
) -> Result<(StatusCode, Json<MerchantView>), ApiError> {
    let m = offers::save_merchant(&state.svc.db, &actor, None, &d, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

/// Change a partner merchant (club manager).
#[utoipa::path(put, path = "/api/v1/merchants/{id}", tag = "club", request_body = MerchantDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Merchant id")),
    responses((status = 200, description = "Changed", body = MerchantView),
        (status = 404, description = "No such merchant", body = ErrorBody)))]
pub async fn update_merchant(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<MerchantDraft>,
) -> Result<Json<MerchantView>, ApiError> {
    Ok(Json(
        offers::save_merchant(&state.svc.db, &actor, Some(id), &d, state.svc.clock.now()).await?,
    ))
}

/// Add an offer (club manager).
#[utoipa::path(post, path = "/api/v1/offers", tag = "club", request_body = OfferDraft, security(("bearer" = [])),
    responses((status = 201, description = "Created", body = OfferView),
        (status = 422, description = "Invalid fields", body = ErrorBody)))]
pub async fn create_offer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(d): ApiJson<OfferDraft>,
) -> Result<(StatusCode, Json<OfferView>), ApiError> {
    let o = offers::save_offer(&state.svc.db, &actor, None, &d, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(o)))
}

/// Change an offer (club manager); the total never below what was claimed.
#[utoipa::path(put, path = "/api/v1/offers/{id}", tag = "club", request_body = OfferDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Offer id")),
    responses((status = 200, description = "Changed", body = OfferView),
        (status = 404, description = "No such offer", body = ErrorBody),
        (status = 422, description = "Invalid fields (`below_claimed` …)", body = ErrorBody)))]
pub async fn update_offer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<OfferDraft>,
) -> Result<Json<OfferView>, ApiError> {
    Ok(Json(
        offers::save_offer(&state.svc.db, &actor, Some(id), &d, state.svc.clock.now()).await?,
    ))
}
