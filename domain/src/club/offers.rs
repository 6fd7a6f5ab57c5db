//! Partner merchants (联盟商家) and their offers: the club manager keeps
//! them; members browse by category and claim coupons. A claim checks the
//! tier, the per-member limit and the total quantity in one transaction
//! under the member's lock, with a conditional update on the offer's count,
//! so neither limit is ever exceeded.

use super::coupons::{self, new_code};
use super::ledger::{self, tier_of};
use super::membership;
use crate::DomainError;
use crate::audit;
use crate::auth::{self, Actor, throttle};
use crate::db::begin_write;
use crate::entity::{coupon, merchant, offer};
use crate::error::{FieldError, text_field};
use crate::idempotency::{self, IdempotencyKey};
use anju_types::Permission;
use anju_types::club::{
    CouponStatus, CouponView, MerchantDraft, MerchantView, OfferDraft, OfferView, Tier,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use std::collections::HashMap;

fn merchant_view(m: merchant::Model) -> MerchantView {
    MerchantView {
        id: m.id,
        name: m.name,
        category: m.category,
        address: m.address,
        active: m.active,
    }
}

/// Every partner merchant (club manager).
pub async fn merchants(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<MerchantView>, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    Ok(merchant::Entity::find()
        .order_by_asc(merchant::Column::Category)
        .order_by_asc(merchant::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(merchant_view)
        .collect())
}

/// Adds (`id` none) or changes a merchant (club manager), audited.
pub async fn save_merchant(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    d: &MerchantDraft,
    now: DateTime<Utc>,
) -> Result<MerchantView, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let mut errors = Vec::new();
    let name = d.name.trim().to_owned();
    let category = d.category.trim().to_owned();
    for (field, value, max) in [("name", &name, 80), ("category", &category, 20)] {
        if value.is_empty() {
            errors.push(FieldError {
                field,
                code: "required",
            });
        } else if value.chars().count() > max {
            errors.push(FieldError {
                field,
                code: "too_long",
            });
        }
    }
    let address = d
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned);
    if address.as_ref().is_some_and(|a| a.chars().count() > 200) {
        errors.push(FieldError {
            field: "address",
            code: "too_long",
        });
    }
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    let tx = begin_write(db).await?;
    let row = match id {
        Some(id) => {
            let found = merchant::Entity::find_by_id(id)
                .one(&tx)
                .await?
                .ok_or(DomainError::NotFound)?;
            let mut row: merchant::ActiveModel = found.into();
            row.name = Set(name);
            row.category = Set(category);
            row.address = Set(address);
            row.active = Set(d.active);
            row.update(&tx).await?
        }
        None => {
            merchant::ActiveModel {
                name: Set(name),
                category: Set(category),
                address: Set(address),
                active: Set(d.active),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await?
        }
    };
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        id.is_none(),
        ("merchant.create", "merchant.update"),
        "merchant",
        row.id,
        d,
    )
    .await?;
    tx.commit().await?;
    Ok(merchant_view(row))
}

struct ValidOffer {
    merchant_id: i64,
    title: String,
    description: String,
    discount: String,
    min_tier: Tier,
    valid_from: DateTime<Utc>,
    valid_until: DateTime<Utc>,
    per_member_limit: i32,
    total_quantity: i32,
}

fn validate_offer(d: &OfferDraft) -> Result<ValidOffer, DomainError> {
    let mut errors = Vec::new();
    let title = text_field(&mut errors, "title", &d.title, 80, true);
    let description = text_field(&mut errors, "description", &d.description, 1000, false);
    let discount = text_field(&mut errors, "discount", &d.discount, 40, true);
    let min_tier = Tier::parse(d.min_tier.trim());
    if min_tier.is_none() {
        errors.push(FieldError {
            field: "min_tier",
            code: "invalid_choice",
        });
    }
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let from = date(&d.valid_from);
    let until = date(&d.valid_until);
    if from.is_none() {
        errors.push(FieldError {
            field: "valid_from",
            code: "invalid_date",
        });
    }
    match (from, until) {
        (_, None) => errors.push(FieldError {
            field: "valid_until",
            code: "invalid_date",
        }),
        (Some(f), Some(u)) if u < f => errors.push(FieldError {
            field: "valid_until",
            code: "before_start",
        }),
        _ => {}
    }
    if !(1..=100).contains(&d.per_member_limit) {
        errors.push(FieldError {
            field: "per_member_limit",
            code: "out_of_range",
        });
    }
    if !(1..=1_000_000).contains(&d.total_quantity) {
        errors.push(FieldError {
            field: "total_quantity",
            code: "out_of_range",
        });
    }
    match (min_tier, from, until) {
        (Some(min_tier), Some(f), Some(u)) if errors.is_empty() => Ok(ValidOffer {
            merchant_id: d.merchant_id,
            title,
            description,
            discount,
            min_tier,
            valid_from: crate::business_day_start(f),
            valid_until: crate::business_day_start(u) + Duration::days(1),
            per_member_limit: d.per_member_limit,
            total_quantity: d.total_quantity,
        }),
        _ => Err(DomainError::Validation(errors)),
    }
}

/// Adds (`id` none) or changes an offer (club manager), audited. The total
/// can never drop below the coupons already claimed.
pub async fn save_offer(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    d: &OfferDraft,
    now: DateTime<Utc>,
) -> Result<OfferView, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let v = validate_offer(d)?;
    let tx = begin_write(db).await?;
    if merchant::Entity::find_by_id(v.merchant_id)
        .one(&tx)
        .await?
        .is_none()
    {
        return Err(DomainError::field("merchant_id", "invalid_choice"));
    }
    let row = match id {
        Some(id) => {
            let found = offer::Entity::find_by_id(id)
                .one(&tx)
                .await?
                .ok_or(DomainError::NotFound)?;
            if v.total_quantity < found.claimed_count {
                return Err(DomainError::field("total_quantity", "below_claimed"));
            }
            let mut row: offer::ActiveModel = found.into();
            fill(&mut row, &v, d.active, now);
            row.update(&tx).await?
        }
        None => {
            let mut row = offer::ActiveModel {
                claimed_count: Set(0),
                created_at: Set(now),
                ..Default::default()
            };
            fill(&mut row, &v, d.active, now);
            row.insert(&tx).await?
        }
    };
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        id.is_none(),
        ("offer.create", "offer.update"),
        "offer",
        row.id,
        d,
    )
    .await?;
    tx.commit().await?;
    let names = merchant_names(db, [row.merchant_id]).await?;
    Ok(offer_view(row, &names, None))
}

fn fill(row: &mut offer::ActiveModel, v: &ValidOffer, active: bool, now: DateTime<Utc>) {
    row.merchant_id = Set(v.merchant_id);
    row.title = Set(v.title.clone());
    row.description = Set(v.description.clone());
    row.discount = Set(v.discount.clone());
    row.min_tier = Set(v.min_tier.as_str().to_owned());
    row.valid_from = Set(v.valid_from);
    row.valid_until = Set(v.valid_until);
    row.per_member_limit = Set(v.per_member_limit);
    row.total_quantity = Set(v.total_quantity);
    row.active = Set(active);
    row.updated_at = Set(now);
}

async fn merchant_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, (String, String)>, DomainError> {
    let ids: Vec<i64> = ids.into_iter().collect();
    Ok(merchant::Entity::find()
        .filter(merchant::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.name, m.category)))
        .collect())
}

/// `mine`: (coupons the member holds, the member's tier) when a member asks.
fn offer_view(
    o: offer::Model,
    names: &HashMap<i64, (String, String)>,
    mine: Option<(i32, Tier)>,
) -> OfferView {
    let (merchant_name, category) = names.get(&o.merchant_id).cloned().unwrap_or_default();
    let min_tier = Tier::parse(&o.min_tier).unwrap_or(Tier::Basic);
    OfferView {
        id: o.id,
        merchant_id: o.merchant_id,
        merchant_name,
        category,
        title: o.title,
        description: o.description,
        discount: o.discount,
        min_tier,
        valid_from: o.valid_from,
        valid_until: o.valid_until,
        per_member_limit: o.per_member_limit,
        total_quantity: o.total_quantity,
        remaining: std::cmp::max(o.total_quantity - o.claimed_count, 0),
        active: o.active,
        mine: mine.map_or(0, |(n, _)| n),
        eligible: mine.is_none_or(|(_, tier)| tier.rank() >= min_tier.rank()),
    }
}

/// Offers a member may browse now (active, within validity, of an active
/// merchant), optionally of one category; the club manager sees all.
pub async fn browse(
    db: &DatabaseConnection,
    actor: &Actor,
    category: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<OfferView>, DomainError> {
    let staff = auth::can(actor, Permission::ManageClub);
    let me = if staff {
        None
    } else {
        Some(membership::own(db, actor).await?)
    };
    let mut q = offer::Entity::find()
        .order_by_asc(offer::Column::MerchantId)
        .order_by_asc(offer::Column::Id);
    if !staff {
        q = q
            .filter(offer::Column::Active.eq(true))
            .filter(offer::Column::ValidFrom.lte(now))
            .filter(offer::Column::ValidUntil.gt(now));
    }
    let offers = q.all(db).await?;
    let names = merchant_names(db, offers.iter().map(|o| o.merchant_id)).await?;
    let active_merchants: Vec<i64> = if staff {
        names.keys().copied().collect()
    } else {
        merchant::Entity::find()
            .select_only()
            .column(merchant::Column::Id)
            .filter(merchant::Column::Active.eq(true))
            .into_tuple()
            .all(db)
            .await?
    };
    let held: HashMap<i64, i32> = match &me {
        Some(m) => coupon::Entity::find()
            .select_only()
            .column(coupon::Column::OfferId)
            .column_as(Expr::cust("CAST(COUNT(*) AS INTEGER)"), "n")
            .filter(coupon::Column::MemberId.eq(m.id))
            .group_by(coupon::Column::OfferId)
            .into_tuple::<(i64, i32)>()
            .all(db)
            .await?
            .into_iter()
            .collect(),
        None => HashMap::new(),
    };
    let tier = me.as_ref().map(tier_of);
    Ok(offers
        .into_iter()
        .filter(|o| active_merchants.contains(&o.merchant_id))
        .map(|o| {
            let mine = tier.map(|t| (held.get(&o.id).copied().unwrap_or(0), t));
            offer_view(o, &names, mine)
        })
        .filter(|o| category.is_none_or(|c| c.is_empty() || o.category == c))
        .collect())
}

/// A member claims a coupon of an offer: `tier_too_low` (422), `limit_reached`
/// or `sold_out` (409), nothing changed; a retry with the same key returns
/// the first coupon.
pub async fn claim(
    db: &DatabaseConnection,
    actor: &Actor,
    offer_id: i64,
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<CouponView, DomainError> {
    let me = membership::own(db, actor).await?;
    throttle::take(
        db,
        &format!("claim:{}", actor.user_id),
        throttle::COUPON_CLAIMS_PER_MEMBER,
        now,
    )
    .await?;
    let fingerprint = idempotency::fingerprint("offer.claim", &offer_id);
    for _ in 0..3 {
        match claim_once(db, actor, me.id, offer_id, key, &fingerprint, now).await {
            // Two claims drew the same code: draw again.
            Err(DomainError::Db(e))
                if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) =>
            {
                continue;
            }
            other => return other,
        }
    }
    Err(DomainError::Internal("no free coupon code".to_owned()))
}

async fn claim_once(
    db: &DatabaseConnection,
    actor: &Actor,
    member_id: i64,
    offer_id: i64,
    key: Option<&IdempotencyKey>,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<CouponView, DomainError> {
    let tx = begin_write(db).await?;
    let me = ledger::lock_member(&tx, member_id, now).await?;
    if let Some(done) = idempotency::replay(&tx, actor.user_id, key, fingerprint).await? {
        return Ok(done);
    }
    let o = offer::Entity::find_by_id(offer_id)
        .filter(offer::Column::Active.eq(true))
        .filter(offer::Column::ValidFrom.lte(now))
        .filter(offer::Column::ValidUntil.gt(now))
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let shop = merchant::Entity::find_by_id(o.merchant_id)
        .filter(merchant::Column::Active.eq(true))
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let min_tier = Tier::parse(&o.min_tier).unwrap_or(Tier::Basic);
    if tier_of(&me).rank() < min_tier.rank() {
        return Err(DomainError::field("tier", "tier_too_low"));
    }
    let held = coupon::Entity::find()
        .filter(coupon::Column::MemberId.eq(member_id))
        .filter(coupon::Column::OfferId.eq(offer_id))
        .count(&tx)
        .await?;
    if held >= o.per_member_limit as u64 {
        return Err(DomainError::Conflict("limit_reached"));
    }
    let taken = offer::Entity::update_many()
        .col_expr(
            offer::Column::ClaimedCount,
            Expr::col(offer::Column::ClaimedCount).add(1),
        )
        .filter(offer::Column::Id.eq(offer_id))
        .filter(Expr::col(offer::Column::ClaimedCount).lt(Expr::col(offer::Column::TotalQuantity)))
        .exec(&tx)
        .await?;
    if taken.rows_affected == 0 {
        return Err(DomainError::Conflict("sold_out"));
    }
    let row = coupon::ActiveModel {
        offer_id: Set(offer_id),
        member_id: Set(member_id),
        merchant_id: Set(o.merchant_id),
        code: Set(new_code()),
        status: Set(CouponStatus::Valid.as_str().to_owned()),
        claimed_at: Set(now),
        expires_at: Set(o.valid_until),
        redeemed_at: Set(None),
        redeemed_by: Set(None),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let view = coupons::member_view(&row, &o, &shop.name, now);
    idempotency::remember(&tx, actor.user_id, key, fingerprint, &view, now).await?;
    tx.commit().await?;
    Ok(view)
}
