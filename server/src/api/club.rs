//! The club over REST: enrolment (public), a member's points, ledger and
//! rewards, and the club manager's members, adjustments, rewards and
//! rules. Mutating calls take an optional `Idempotency-Key` header.

use crate::client_addr::ClientIp;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::extract::{Path, Query, page_number, page_size};
use crate::session::ApiActor;
use crate::state::AppState;
use anju_domain::club::{membership, rewards, rules};
use anju_domain::idempotency::IdempotencyKey;
use anju_types::club::{
    Adjustment, Enrolment, MemberPage, MemberRow, Membership, PointsEntriesPage, PointsEntryView,
    PointsSummary, RedemptionStatus, RedemptionView, RewardDraft, RewardView,
};
use anju_types::settings::SettingView;
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The optional `Idempotency-Key` header: a retry with the same key returns
/// the first result; the same key with another request is a 422.
pub struct IdemKey(pub Option<IdempotencyKey>);

impl<S: Send + Sync> FromRequestParts<S> for IdemKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        match parts.headers.get("idempotency-key") {
            None => Ok(IdemKey(None)),
            Some(v) => {
                let raw = v.to_str().unwrap_or("");
                Ok(IdemKey(Some(IdempotencyKey::parse(raw)?)))
            }
        }
    }
}

/// 入会: join the club online (18+). Links an existing customer with the
/// same mobile number instead of creating a second one. Sign in afterwards
/// with the mobile number and password.
#[utoipa::path(post, path = "/api/v1/club/enrolments", tag = "club", request_body = Enrolment,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses(
        (status = 201, description = "Enrolled: member number, tier, welcome points", body = Membership),
        (status = 409, description = "`mobile_registered` or `already_member`", body = ErrorBody),
        (status = 422, description = "Invalid fields (`under_18`, `invalid_mobile`, `password_too_weak` …)", body = ErrorBody),
        (status = 429, description = "`too_many_requests`: past the club rule `club.enrolments_per_address_per_hour` (see `Retry-After`)", body = ErrorBody),
    ))]
pub async fn enrol(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    IdemKey(key): IdemKey,
    ApiJson(form): ApiJson<Enrolment>,
) -> Result<(StatusCode, Json<Membership>), ApiError> {
    let joined = membership::enrol_from(
        &state.svc.db,
        &form,
        key.as_ref(),
        &client.to_string(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(joined)))
}

/// The member's points: balance, what lapses within 90 days, tier progress.
#[utoipa::path(get, path = "/api/v1/me/points", tag = "club", security(("bearer" = [])),
    responses(
        (status = 200, description = "Points summary", body = PointsSummary),
        (status = 404, description = "Not a club member", body = ErrorBody),
    ))]
pub async fn my_points(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<PointsSummary>, ApiError> {
    Ok(Json(
        membership::points_summary(&state.svc.db, &actor, state.svc.clock.now()).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct EntriesQuery {
    /// `next_cursor` of the previous page.
    pub cursor: Option<i64>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// The member's ledger, newest first, page by page.
#[utoipa::path(get, path = "/api/v1/me/points/entries", tag = "club", params(EntriesQuery), security(("bearer" = [])),
    responses((status = 200, description = "Ledger entries", body = PointsEntriesPage)))]
pub async fn my_entries(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<EntriesQuery>,
) -> Result<Json<PointsEntriesPage>, ApiError> {
    Ok(Json(
        membership::own_entries(
            &state.svc.db,
            &actor,
            q.cursor,
            page_size(q.limit, 20, 100)?,
        )
        .await?,
    ))
}

/// The rewards catalogue: members see what is on offer, the club manager
/// everything.
#[utoipa::path(get, path = "/api/v1/rewards", tag = "club", security(("bearer" = [])),
    responses((status = 200, description = "Rewards", body = Vec<RewardView>)))]
pub async fn catalogue(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<RewardView>>, ApiError> {
    Ok(Json(rewards::catalogue(&state.svc.db, &actor).await?))
}

/// Redeem points for one unit of a reward.
#[utoipa::path(post, path = "/api/v1/rewards/{id}/redemptions", tag = "club", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reward id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses(
        (status = 201, description = "Redeemed", body = RedemptionView),
        (status = 404, description = "No such reward on offer", body = ErrorBody),
        (status = 409, description = "`insufficient_points` or `out_of_stock`", body = ErrorBody),
    ))]
pub async fn redeem(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdemKey(key): IdemKey,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<RedemptionView>), ApiError> {
    let done = rewards::redeem(
        &state.svc.db,
        &actor,
        id,
        key.as_ref(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// The member's redemptions, newest first.
#[utoipa::path(get, path = "/api/v1/me/redemptions", tag = "club", security(("bearer" = [])),
    responses((status = 200, description = "Redemptions", body = Vec<RedemptionView>)))]
pub async fn my_redemptions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<RedemptionView>>, ApiError> {
    Ok(Json(rewards::own_redemptions(&state.svc.db, &actor).await?))
}

/// Add a reward (club manager).
#[utoipa::path(post, path = "/api/v1/rewards", tag = "club", request_body = RewardDraft, security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = RewardView),
        (status = 403, description = "Not the club manager", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn create_reward(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(draft): ApiJson<RewardDraft>,
) -> Result<(StatusCode, Json<RewardView>), ApiError> {
    let r = rewards::create(&state.svc.db, &actor, &draft, state.svc.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// Change a reward: name, cost, stock, on offer or not (club manager).
#[utoipa::path(put, path = "/api/v1/rewards/{id}", tag = "club", request_body = RewardDraft, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Reward id")),
    responses(
        (status = 200, description = "Changed", body = RewardView),
        (status = 404, description = "No such reward", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn update_reward(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<RewardDraft>,
) -> Result<Json<RewardView>, ApiError> {
    Ok(Json(
        rewards::update(&state.svc.db, &actor, id, &draft, state.svc.clock.now()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SettleBody {
    /// `fulfilled` (handed over) or `cancelled` (points and stock back).
    pub status: RedemptionStatus,
}

/// Hand a redeemed reward over, or cancel the redemption (club manager).
#[utoipa::path(post, path = "/api/v1/reward-redemptions/{id}/status", tag = "club", request_body = SettleBody, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Redemption id")),
    responses(
        (status = 204, description = "Settled"),
        (status = 404, description = "No such redemption", body = ErrorBody),
        (status = 409, description = "`redemption_settled`", body = ErrorBody),
    ))]
pub async fn settle_redemption(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SettleBody>,
) -> Result<StatusCode, ApiError> {
    rewards::settle(
        &state.svc.db,
        &actor,
        id,
        body.status,
        state.svc.clock.now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct MembersQuery {
    /// Name prefix, member number, full mobile or its last 4 digits.
    pub q: Option<String>,
    /// 0-based page of 50.
    #[param(minimum = 0, maximum = 1_000_000)]
    pub page: Option<u32>,
}

/// Club members, newest first (club manager).
#[utoipa::path(get, path = "/api/v1/club/members", tag = "club", params(MembersQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "Members", body = MemberPage),
        (status = 403, description = "Not the club manager", body = ErrorBody),
    ))]
pub async fn members(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(q): Query<MembersQuery>,
) -> Result<Json<MemberPage>, ApiError> {
    Ok(Json(
        membership::list(
            &state.svc.db,
            &actor,
            q.q.as_deref(),
            page_number(q.page)?,
            50,
        )
        .await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct MemberDetail {
    pub member: MemberRow,
    pub entries: PointsEntriesPage,
}

/// One member with the ledger's newest entries (club manager).
#[utoipa::path(get, path = "/api/v1/club/members/{id}", tag = "club", params(("id" = i64, Path, description = "Member id"), EntriesQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "Member and ledger", body = MemberDetail),
        (status = 404, description = "No such member", body = ErrorBody),
    ))]
pub async fn member(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Query(q): Query<EntriesQuery>,
) -> Result<Json<MemberDetail>, ApiError> {
    let (member, entries) = membership::staff_get(&state.svc.db, &actor, id, q.cursor).await?;
    Ok(Json(MemberDetail { member, entries }))
}

/// A manual points adjustment with a mandatory reason (club manager,
/// audited). A deduction never takes the balance below zero.
#[utoipa::path(post, path = "/api/v1/club/members/{id}/adjustments", tag = "club", request_body = Adjustment, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Member id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first result on retry")),
    responses(
        (status = 201, description = "The ledger entry", body = PointsEntryView),
        (status = 404, description = "No such member", body = ErrorBody),
        (status = 409, description = "`insufficient_points`", body = ErrorBody),
        (status = 422, description = "Zero points or no reason", body = ErrorBody),
    ))]
pub async fn adjust(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    IdemKey(key): IdemKey,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<Adjustment>,
) -> Result<(StatusCode, Json<PointsEntryView>), ApiError> {
    let entry = membership::adjust(
        &state.svc.db,
        &actor,
        id,
        &body,
        key.as_ref(),
        state.svc.clock.now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(entry)))
}

/// Earn rules and tier thresholds (club manager): `club.enrolment_points`,
/// `club.purchase_points_per_10k`, `club.referral_points`,
/// `club.event_points`, `club.survey_points`, `club.expiry_days`,
/// `club.tier_silver_from`, `club.tier_gold_from`, `club.tier_diamond_from`.
#[utoipa::path(get, path = "/api/v1/club/rules", tag = "club", security(("bearer" = [])),
    responses(
        (status = 200, description = "Rules", body = Vec<SettingView>),
        (status = 403, description = "Not the club manager", body = ErrorBody),
    ))]
pub async fn list_rules(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<SettingView>>, ApiError> {
    Ok(Json(rules::list(&state.svc.db, &actor).await?))
}

/// Change one rule (club manager, audited); tiers stay in order.
#[utoipa::path(put, path = "/api/v1/club/rules/{key}", tag = "club", request_body = crate::api::settings::SettingUpdate, security(("bearer" = [])),
    params(("key" = String, Path, description = "Rule key")),
    responses(
        (status = 200, description = "Changed", body = Vec<SettingView>),
        (status = 404, description = "No such rule", body = ErrorBody),
        (status = 422, description = "Out of range or tiers out of order", body = ErrorBody),
    ))]
pub async fn update_rule(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(key): Path<String>,
    ApiJson(body): ApiJson<crate::api::settings::SettingUpdate>,
) -> Result<Json<Vec<SettingView>>, ApiError> {
    rules::set(
        &state.svc.db,
        &actor,
        &key,
        body.value,
        state.svc.clock.now(),
    )
    .await?;
    Ok(Json(rules::list(&state.svc.db, &actor).await?))
}
