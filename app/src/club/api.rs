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
    let done =
        anju_domain::club::rewards::redeem(&svc.db, &actor, reward_id, None, svc.clock.now())
            .await?;
    crate::form_post::back_with("redeemed", done.id);
    Ok(done)
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

#[server(endpoint = "club/offers")]
pub async fn load_offers(
    category: Option<String>,
) -> Result<Vec<anju_types::club::OfferView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(
        anju_domain::club::offers::browse(&svc.db, &actor, category.as_deref(), svc.clock.now())
            .await?,
    )
}

#[server(endpoint = "club/claim")]
pub async fn claim_offer(offer_id: i64) -> Result<anju_types::club::CouponView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let coupon =
        anju_domain::club::offers::claim(&svc.db, &actor, offer_id, None, svc.clock.now()).await?;
    crate::form_post::back_with("claimed", &coupon.code);
    Ok(coupon)
}

#[server(endpoint = "club/my_coupons")]
pub async fn load_my_coupons() -> Result<Vec<anju_types::club::CouponView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::coupons::mine(&svc.db, &actor, svc.clock.now()).await?)
}

/// The counter: look a code up (`redeem` unset) or redeem it.
#[server(endpoint = "club/counter")]
pub async fn counter_check(
    code: String,
    redeem: Option<String>,
) -> Result<anju_types::club::CounterCoupon, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let now = svc.clock.now();
    Ok(if redeem.is_some() {
        anju_domain::club::coupons::redeem(&svc.db, &actor, &code, None, now).await?
    } else {
        anju_domain::club::coupons::verify(&svc.db, &actor, &code, now).await?
    })
}

#[server(endpoint = "club/counter_history")]
pub async fn counter_history() -> Result<anju_types::club::MerchantHistory, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::coupons::history(&svc.db, &actor, svc.clock.now()).await?)
}

#[server(endpoint = "club/merchants")]
pub async fn load_merchants() -> Result<Vec<anju_types::club::MerchantView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::offers::merchants(&svc.db, &actor).await?)
}

#[server(endpoint = "club/save_merchant")]
pub async fn save_merchant(
    name: String,
    category: String,
    address: Option<String>,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::club::MerchantDraft {
        name,
        category,
        address,
        active: true,
    };
    anju_domain::club::offers::save_merchant(&svc.db, &actor, None, &draft, svc.clock.now())
        .await?;
    Ok(())
}

/// The new-offer form; numbers as typed.
#[server(endpoint = "club/save_offer")]
pub async fn save_offer(
    merchant_id: i64,
    title: String,
    discount: String,
    min_tier: String,
    valid_from: String,
    valid_until: String,
    limits: OfferLimits,
) -> Result<(), AppError> {
    use anju_domain::DomainError;
    let number = |v: &str, field: &'static str| {
        v.trim()
            .parse::<i32>()
            .map_err(|_| DomainError::field(field, "out_of_range"))
    };
    let draft = anju_types::club::OfferDraft {
        merchant_id,
        title,
        description: limits.description.unwrap_or_default(),
        discount,
        min_tier,
        valid_from,
        valid_until,
        per_member_limit: number(&limits.per_member_limit, "per_member_limit")?,
        total_quantity: number(&limits.total_quantity, "total_quantity")?,
        active: true,
    };
    let (actor, svc) = crate::session::signed_in().await?;
    anju_domain::club::offers::save_offer(&svc.db, &actor, None, &draft, svc.clock.now()).await?;
    Ok(())
}

/// The rest of the new-offer form (a server function takes at most seven
/// arguments).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OfferLimits {
    pub description: Option<String>,
    pub per_member_limit: String,
    pub total_quantity: String,
}

#[server(endpoint = "club/events")]
pub async fn load_events() -> Result<Vec<anju_types::club_event::EventView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::events::list(&svc.db, &actor, svc.clock.now()).await?)
}

/// A member signs up (`cancel` unset) or cancels.
#[server(endpoint = "club/event_sign_up")]
pub async fn event_sign_up(
    event_id: i64,
    cancel: Option<String>,
) -> Result<anju_types::club_event::MyRegistration, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let now = svc.clock.now();
    let place = if cancel.is_some() {
        anju_domain::club::events::cancel(&svc.db, &actor, event_id, now).await?
    } else {
        anju_domain::club::events::register(&svc.db, &actor, event_id, None, now).await?
    };
    crate::form_post::back_with("event", event_id);
    Ok(place)
}

#[server(endpoint = "club/event_roster")]
pub async fn load_roster(id: i64) -> Result<anju_types::club_event::EventRoster, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::events::roster(&svc.db, &actor, id, svc.clock.now()).await?)
}

/// Adds (no `id`) or changes an event; numbers as typed.
#[server(endpoint = "club/save_event")]
pub async fn save_event(
    id: Option<i64>,
    title: String,
    location: String,
    starts_at: String,
    ends_at: String,
    capacity: String,
    more: EventMore,
) -> Result<(), AppError> {
    use anju_domain::DomainError;
    let capacity = capacity
        .trim()
        .parse::<i32>()
        .map_err(|_| DomainError::field("capacity", "out_of_range"))?;
    let points = match more.points.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(
            p.parse::<i32>()
                .map_err(|_| DomainError::field("points", "out_of_range"))?,
        ),
    };
    let draft = anju_types::club_event::EventDraft {
        title,
        description: more.description.unwrap_or_default(),
        location,
        project_id: None,
        starts_at,
        ends_at,
        capacity,
        points,
        active: more.active.is_some(),
    };
    let (actor, svc) = crate::session::signed_in().await?;
    anju_domain::club::events::save(&svc.db, &actor, id, &draft, svc.clock.now()).await?;
    Ok(())
}

/// The rest of the event form (a server function takes at most seven
/// arguments).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct EventMore {
    pub description: Option<String>,
    pub points: Option<String>,
    pub active: Option<String>,
}

#[server(endpoint = "club/check_in")]
pub async fn check_in_member(
    event_id: i64,
    member_no: String,
) -> Result<anju_types::club_event::CheckInResult, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::events::check_in(
        &svc.db,
        &actor,
        event_id,
        &member_no,
        None,
        svc.clock.now(),
    )
    .await?)
}

/// The member's referrals and the reward a signed friend earns them now.
#[server(endpoint = "club/referrals")]
pub async fn load_referrals() -> Result<(Vec<anju_types::referral::ReferralView>, i64), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let list = anju_domain::club::referrals::mine(&svc.db, &actor).await?;
    let reward = anju_domain::club::referrals::reward_rule(&svc.db).await?;
    Ok((list, reward))
}

#[server(endpoint = "club/refer", output = crate::plain_text::Text)]
pub async fn refer_friend(
    name: String,
    mobile: String,
    project_id: Option<String>,
    note: Option<String>,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::referral::ReferralDraft {
        name,
        mobile,
        // The form's "no particular project" option is empty.
        project_id: project_id.and_then(|p| p.trim().parse().ok()),
        note,
    };
    let referral =
        anju_domain::club::referrals::refer(&svc.db, &actor, &draft, None, svc.clock.now()).await?;
    // The page reloads to list it (the form only needs to know it worked).
    crate::form_post::back_with("referred", referral.id);
    Ok(())
}

/// Projects' news for whoever asks: public items for visitors, the
/// members-first ones too for members, everything for writers.
#[server(endpoint = "club/news")]
pub async fn load_news() -> Result<Vec<anju_types::news::NewsView>, AppError> {
    let session = crate::session::current_request_session();
    let svc = use_context::<anju_domain::Services>()
        .ok_or(AppError::new(anju_types::ErrorCode::Internal))?;
    Ok(anju_domain::club::news::list(&svc.db, session.actor.as_ref(), svc.clock.now()).await?)
}

/// Publishes news (no `id`) or changes it, from the console.
#[server(endpoint = "club/save_news")]
pub async fn save_news(
    id: Option<i64>,
    project_id: i64,
    title: String,
    body: String,
    members_from: String,
    public_from: Option<String>,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::news::NewsDraft {
        project_id,
        title,
        body,
        members_from,
        public_from,
    };
    anju_domain::club::news::save(&svc.db, &actor, id, &draft, svc.clock.now()).await?;
    Ok(())
}

/// Every project, for the news form's project choice (staff).
#[server(endpoint = "club/projects")]
pub async fn load_project_names() -> Result<Vec<(i64, String)>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::club::news::projects(&svc.db, &actor).await?)
}
