//! Server functions for the club pages: thin calls into
//! `anju_domain::club`, which checks every permission.

use crate::error::AppError;
use anju_types::club::{
    MemberPage, MemberRow, PointsEntriesPage, PointsSummary, RedemptionView, RewardView,
};
use anju_types::settings::SettingView;
use leptos::prelude::*;

#[server(endpoint = "club/points")]
pub async fn load_points() -> Result<PointsSummary, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::membership::points_summary(&svc.db, &actor, svc.clock.now()).await?)
}

#[server(endpoint = "club/entries")]
pub async fn load_entries(cursor: Option<i64>) -> Result<PointsEntriesPage, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::membership::own_entries(&svc.db, &actor, cursor, 20).await?)
}

/// Members: what is on offer; the club manager: every reward.
#[server(endpoint = "club/rewards")]
pub async fn load_rewards() -> Result<Vec<RewardView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::rewards::catalogue(&svc.db, &actor).await?)
}

#[server(endpoint = "club/redeem")]
pub async fn redeem_reward(reward_id: i64) -> Result<RedemptionView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(
        anju_domain::club::rewards::redeem(&svc.db, &actor, reward_id, None, svc.clock.now())
            .await?,
    )
}

#[server(endpoint = "club/my_redemptions")]
pub async fn load_my_redemptions() -> Result<Vec<RedemptionView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::rewards::own_redemptions(&svc.db, &actor).await?)
}

#[server(endpoint = "club/members")]
pub async fn load_members(q: Option<String>, page: u64) -> Result<MemberPage, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::membership::list(&svc.db, &actor, q.as_deref(), page, 50).await?)
}

#[server(endpoint = "club/member")]
pub async fn load_member(
    id: i64,
    cursor: Option<i64>,
) -> Result<(MemberRow, PointsEntriesPage), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::membership::staff_get(&svc.db, &actor, id, cursor).await?)
}

/// A manual adjustment from the member page; `points` as typed (±).
#[server(endpoint = "club/adjust")]
pub async fn adjust_points(member_id: i64, points: String, reason: String) -> Result<(), AppError> {
    let points = points
        .trim()
        .parse::<i64>()
        .map_err(|_| anju_domain::DomainError::field("points", "out_of_range"))?;
    let (actor, svc) = crate::session::signed_in().await?;
    let input = anju_types::club::Adjustment { points, reason };
    anju_domain::club::membership::adjust(
        &svc.db,
        &actor,
        member_id,
        &input,
        None,
        svc.clock.now(),
    )
    .await?;
    Ok(())
}

#[server(endpoint = "club/rules")]
pub async fn load_rules() -> Result<Vec<SettingView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::rules::list(&svc.db, &actor).await?)
}

#[server(endpoint = "club/set_rule")]
pub async fn set_rule(key: String, value: String) -> Result<(), AppError> {
    let value = value
        .trim()
        .parse::<i64>()
        .map_err(|_| anju_domain::DomainError::field("value", "out_of_range"))?;
    let (actor, svc) = crate::session::signed_in().await?;
    anju_domain::club::rules::set(&svc.db, &actor, &key, value, svc.clock.now()).await?;
    Ok(())
}

/// Adds (no `id`) or changes a reward from the rewards page.
#[server(endpoint = "club/save_reward")]
pub async fn save_reward(
    id: Option<i64>,
    name: String,
    description: Option<String>,
    points_cost: String,
    stock: String,
    active: Option<String>,
) -> Result<(), AppError> {
    use anju_domain::DomainError;
    let number = |v: &str, field: &'static str| {
        v.trim()
            .parse::<i64>()
            .map_err(|_| DomainError::field(field, "out_of_range"))
    };
    let draft = anju_types::club::RewardDraft {
        name,
        description: description.unwrap_or_default(),
        points_cost: number(&points_cost, "points_cost")?,
        stock: number(&stock, "stock")?,
        active: active.is_some(),
    };
    let (actor, svc) = crate::session::signed_in().await?;
    let now = svc.clock.now();
    match id {
        Some(id) => anju_domain::club::rewards::update(&svc.db, &actor, id, &draft, now).await?,
        None => anju_domain::club::rewards::create(&svc.db, &actor, &draft, now).await?,
    };
    Ok(())
}
