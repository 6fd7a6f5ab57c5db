//! Coupons: the code a member shows (text and QR code) and the merchant's
//! counter verifies and redeems — once, for its own offers only.

use super::ledger::tier_of;
use super::membership;
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::entity::{coupon, customer, member, merchant, offer};
use crate::idempotency::{self, IdempotencyKey};
use anju_types::Permission;
use anju_types::club::{CounterCoupon, CouponStatus, CouponView, MerchantHistory, Tier};
use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// No 0/O, 1/I/L: a code read over the counter cannot be misheard.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 12;

/// A fresh random code (31^12 ≈ 7.9 × 10^17; the unique index is the last word).
pub fn new_code() -> String {
    let mut rng = rand::thread_rng();
    (0..CODE_LEN)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// What a person typed or a scanner read: case, spaces and dashes ignored.
/// `None` when it cannot be a code.
pub fn parse_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// `ABCD-EFGH-JKLM`, for reading aloud.
pub fn grouped(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

fn status_at(c: &coupon::Model, now: DateTime<Utc>) -> CouponStatus {
    if c.status == CouponStatus::Used.as_str() {
        CouponStatus::Used
    } else if now >= c.expires_at {
        CouponStatus::Expired
    } else {
        CouponStatus::Valid
    }
}

pub(crate) fn member_view(
    c: &coupon::Model,
    o: &offer::Model,
    merchant_name: &str,
    now: DateTime<Utc>,
) -> CouponView {
    CouponView {
        code: grouped(&c.code),
        offer_title: o.title.clone(),
        merchant_name: merchant_name.to_owned(),
        discount: o.discount.clone(),
        status: status_at(c, now),
        claimed_at: c.claimed_at,
        expires_at: c.expires_at,
        redeemed_at: c.redeemed_at,
    }
}

async fn offers_and_merchants(
    db: &impl ConnectionTrait,
    coupons: &[coupon::Model],
) -> Result<(HashMap<i64, offer::Model>, HashMap<i64, String>), DomainError> {
    let offers: HashMap<i64, offer::Model> = offer::Entity::find()
        .filter(offer::Column::Id.is_in(coupons.iter().map(|c| c.offer_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let names = crate::db::names_by_id::<merchant::Entity>(
        db,
        merchant::Column::Id,
        merchant::Column::Name,
        coupons.iter().map(|c| c.merchant_id),
    )
    .await?;
    Ok((offers, names))
}

/// The member's coupons, valid first, then newest.
pub async fn mine(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<CouponView>, DomainError> {
    let me = membership::own(db, actor).await?;
    let rows = coupon::Entity::find()
        .filter(coupon::Column::MemberId.eq(me.id))
        .order_by_desc(coupon::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let (offers, names) = offers_and_merchants(db, &rows).await?;
    let mut out: Vec<CouponView> = rows
        .iter()
        .filter_map(|c| {
            let o = offers.get(&c.offer_id)?;
            Some(member_view(
                c,
                o,
                names.get(&c.merchant_id).map_or("", String::as_str),
                now,
            ))
        })
        .collect();
    out.sort_by_key(|c| c.status != CouponStatus::Valid);
    Ok(out)
}

/// The signed-in member's own coupon by code (for its QR code); `NotFound`
/// for anyone else's.
pub async fn own_code(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
) -> Result<String, DomainError> {
    let me = membership::own(db, actor).await?;
    let code = parse_code(code).ok_or(DomainError::NotFound)?;
    coupon::Entity::find()
        .filter(coupon::Column::Code.eq(code.as_str()))
        .filter(coupon::Column::MemberId.eq(me.id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(code)
}

/// The counter's view of a code: another merchant's code, or none, is 404.
async fn counter_coupon(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: &str,
    now: DateTime<Utc>,
) -> Result<(coupon::Model, CounterCoupon), DomainError> {
    auth::require(actor, Permission::RedeemCoupons)?;
    let merchant_id = actor.merchant_id.ok_or(DomainError::Forbidden)?;
    let code = parse_code(input).ok_or(DomainError::field("code", "invalid_coupon_code"))?;
    let c = coupon::Entity::find()
        .filter(coupon::Column::Code.eq(code.as_str()))
        .filter(coupon::Column::MerchantId.eq(merchant_id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let view = counter_view(db, &c, now).await?;
    Ok((c, view))
}

async fn counter_view(
    db: &impl ConnectionTrait,
    c: &coupon::Model,
    now: DateTime<Utc>,
) -> Result<CounterCoupon, DomainError> {
    let o = offer::Entity::find_by_id(c.offer_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let m = member::Entity::find_by_id(c.member_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let name = customer::Entity::find_by_id(m.customer_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(counter_line(c, &o, &m, &name, now))
}

/// What the counter shows of a coupon; the member's name masked.
fn counter_line(
    c: &coupon::Model,
    o: &offer::Model,
    m: &member::Model,
    name: &str,
    now: DateTime<Utc>,
) -> CounterCoupon {
    CounterCoupon {
        code: grouped(&c.code),
        offer_title: o.title.clone(),
        discount: o.discount.clone(),
        member_name: mask_name(name),
        member_tier: tier_of(m),
        min_tier: Tier::parse(&o.min_tier).unwrap_or(Tier::Basic),
        status: status_at(c, now),
        expires_at: c.expires_at,
        redeemed_at: c.redeemed_at,
    }
}

/// 张伟 → 张*, 欧阳娜娜 → 欧***: the counter greets, it does not learn names.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

/// Verify at the counter: what the code grants and whether it can be
/// redeemed, without changing anything.
pub async fn verify(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    now: DateTime<Utc>,
) -> Result<CounterCoupon, DomainError> {
    Ok(counter_coupon(db, actor, code, now).await?.1)
}

/// Redeem at the counter, once: `coupon_used` / `coupon_expired` (409) or
/// `tier_too_low` (422) change nothing; a retry with the same key returns
/// the first result; of many concurrent redemptions exactly one wins.
pub async fn redeem(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<CounterCoupon, DomainError> {
    let fingerprint = idempotency::fingerprint("coupon.redeem", &parse_code(code));
    let tx = begin_write(db).await?;
    let (c, view) = counter_coupon(&tx, actor, code, now).await?;
    // The coupon row is the lock two counters race for.
    let claimed = coupon::Entity::update_many()
        .col_expr(coupon::Column::Status, Expr::col(coupon::Column::Status))
        .filter(coupon::Column::Id.eq(c.id))
        .exec(&tx)
        .await?;
    if claimed.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    if let Some(done) = idempotency::replay(&tx, actor.user_id, key, &fingerprint).await? {
        return Ok(done);
    }
    match view.status {
        CouponStatus::Used => return Err(DomainError::Conflict("coupon_used")),
        CouponStatus::Expired => return Err(DomainError::Conflict("coupon_expired")),
        CouponStatus::Valid => {}
    }
    if view.member_tier.rank() < view.min_tier.rank() {
        return Err(DomainError::field("code", "tier_too_low"));
    }
    let used = coupon::Entity::update_many()
        .col_expr(
            coupon::Column::Status,
            Expr::value(CouponStatus::Used.as_str()),
        )
        .col_expr(coupon::Column::RedeemedAt, Expr::value(now))
        .col_expr(coupon::Column::RedeemedBy, Expr::value(actor.user_id))
        .filter(coupon::Column::Id.eq(c.id))
        .filter(coupon::Column::Status.eq(CouponStatus::Valid.as_str()))
        .exec(&tx)
        .await?;
    if used.rows_affected == 0 {
        return Err(DomainError::Conflict("coupon_used"));
    }
    let done = CounterCoupon {
        status: CouponStatus::Used,
        redeemed_at: Some(now),
        ..view
    };
    idempotency::remember(&tx, actor.user_id, key, &fingerprint, &done, now).await?;
    tx.commit().await?;
    Ok(done)
}

/// The merchant's redemptions, newest first, with today's and all-time
/// totals — its own coupons only.
pub async fn history(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<MerchantHistory, DomainError> {
    auth::require(actor, Permission::RedeemCoupons)?;
    let merchant_id = actor.merchant_id.ok_or(DomainError::Forbidden)?;
    let redeemed = || {
        coupon::Entity::find()
            .filter(coupon::Column::MerchantId.eq(merchant_id))
            .filter(coupon::Column::RedeemedAt.is_not_null())
    };
    let today_start = crate::business_day_start(crate::business_date(now));
    let total = redeemed().count(db).await?;
    let today = redeemed()
        .filter(coupon::Column::RedeemedAt.gte(today_start))
        .count(db)
        .await?;
    let rows = redeemed()
        .order_by_desc(coupon::Column::RedeemedAt)
        .limit(50)
        .all(db)
        .await?;
    // Offers, members and names for the whole page in three queries.
    let offers: HashMap<i64, offer::Model> = offer::Entity::find()
        .filter(offer::Column::Id.is_in(rows.iter().map(|c| c.offer_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let members: HashMap<i64, member::Model> = member::Entity::find()
        .filter(member::Column::Id.is_in(rows.iter().map(|c| c.member_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let names = crate::db::names_by_id::<customer::Entity>(
        db,
        customer::Column::Id,
        customer::Column::Name,
        members.values().map(|m| m.customer_id),
    )
    .await?;
    let items = rows
        .iter()
        .filter_map(|c| {
            let o = offers.get(&c.offer_id)?;
            let m = members.get(&c.member_id)?;
            let name = names.get(&m.customer_id).map_or("", String::as_str);
            Some(counter_line(c, o, m, name, now))
        })
        .collect();
    Ok(MerchantHistory {
        items,
        today,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unambiguous_and_parse_as_typed() {
        let code = new_code();
        assert_eq!(code.len(), 12);
        assert_eq!(parse_code(&code), Some(code.clone()));
        let typed = grouped(&code).to_lowercase();
        assert_eq!(parse_code(&typed), Some(code.clone()));
        assert_eq!(parse_code(&format!(" {} ", grouped(&code))), Some(code));
        assert_eq!(
            parse_code("ABCD-EFGH-JKL0"),
            None,
            "0 is not in the alphabet"
        );
        assert_eq!(parse_code("ABCD"), None);
        assert_eq!(grouped("ABCDEFGHJKMN"), "ABCD-EFGH-JKMN");
    }

    #[test]
    fn names_are_masked_for_the_counter() {
        assert_eq!(mask_name("张伟"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name(""), "");
    }
}
