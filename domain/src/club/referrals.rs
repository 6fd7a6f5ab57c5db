//! Referrals (老带新): a member recommends a friend by name and mobile. The
//! friend becomes a new lead (source 老带新, unassigned, so the sales
//! manager hands it out) attributed to the member. When the friend's first
//! contract is signed, the `deal.closed` consumer credits the referrer the
//! club's referral reward, once per friend.
//!
//! A friend already on file cannot be referred: the customer belongs to
//! whoever brought them first, which protects sales attribution.

use super::ledger::{self, Movement};
use super::{membership, rules};
use crate::DomainError;
use crate::audit::{self, AuditEntry};
use crate::auth::Actor;
use crate::customers::service::{new_record, validate};
use crate::db::{begin_write, names_by_id};
use crate::entity::{customer, member, opportunity, project, referral, user};
use crate::error::FieldError;
use crate::idempotency::{self, IdempotencyKey};
use crate::outbox::DealClosed;
use crate::{notifications, settings};
use anju_types::club::{LedgerKind, PointsReason};
use anju_types::customer::CustomerDraft;
use anju_types::referral::{ReferralDraft, ReferralStatus, ReferralView};
use anju_types::{MobilePhone, NotificationKind};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashSet;

/// The lead's source channel (来源渠道).
pub const SOURCE: &str = "老带新";
/// Referrals one member may send in 24 hours (a guard against scraping
/// whether numbers are on file, and against spam).
const DAILY_LIMIT: u64 = 10;
const NAME_MAX: usize = 40;
const NOTE_MAX: usize = 200;

/// A member refers a friend. `already_known` (409) when the mobile is
/// already a customer's; `mobile` `self_referral` for one's own number.
pub async fn refer(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &ReferralDraft,
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<ReferralView, DomainError> {
    let me = membership::own(db, actor).await?;
    let (name, mobile, note) = validate_draft(draft)?;
    let fingerprint = idempotency::fingerprint(
        "referral.create",
        &(&name, mobile.as_str(), draft.project_id, &note),
    );
    let tx = begin_write(db).await?;
    ledger::lock_member(&tx, me.id, now).await?;
    if let Some(done) = idempotency::replay(&tx, actor.user_id, key, &fingerprint).await? {
        return Ok(done);
    }
    let referrer = customer::Entity::find_by_id(me.customer_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if referrer.mobile == mobile.as_str() {
        return Err(DomainError::field("mobile", "self_referral"));
    }
    let project = match draft.project_id {
        None => None,
        Some(id) => Some(
            crate::inventory::listings::published_project(&tx, id)
                .await?
                .ok_or_else(|| DomainError::field("project_id", "invalid_choice"))?,
        ),
    };
    let recent = referral::Entity::find()
        .filter(referral::Column::ReferrerMemberId.eq(me.id))
        .filter(referral::Column::CreatedAt.gt(now - Duration::hours(24)))
        .count(&tx)
        .await?;
    if recent >= DAILY_LIMIT {
        return Err(DomainError::Conflict("referral_limit"));
    }
    let known = customer::Entity::find()
        .filter(customer::Column::Mobile.eq(mobile.as_str()))
        .one(&tx)
        .await?
        .is_some();
    if known {
        return Err(DomainError::Conflict("already_known"));
    }
    let lead = CustomerDraft {
        name: name.clone(),
        mobile: mobile.to_string(),
        source_channel: Some(SOURCE.to_owned()),
        notes: Some(match &note {
            Some(n) => format!("会员 {}（{}）推荐：{n}", referrer.name, me.member_no),
            None => format!("会员 {}（{}）推荐", referrer.name, me.member_no),
        }),
        ..Default::default()
    };
    let v = validate(&lead, crate::business_date(now))?;
    let friend = new_record(&v, None, now).insert(&tx).await?;
    let row = referral::ActiveModel {
        referrer_member_id: Set(me.id),
        customer_id: Set(friend.id),
        project_id: Set(project.as_ref().map(|p| p.id)),
        status: Set(ReferralStatus::Submitted.as_str().to_owned()),
        deal_id: Set(None),
        reward_points: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "referral.create",
            entity: "referral",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::json!({
                "referrer_member_id": me.id,
                "customer_id": friend.id,
                "mobile": mobile.masked(),
            })),
        },
    )
    .await?;
    let result = view(row, &friend, project.map(|p| p.name), false);
    idempotency::remember(&tx, actor.user_id, key, &fingerprint, &result, now).await?;
    tx.commit().await?;
    Ok(result)
}

fn validate_draft(d: &ReferralDraft) -> Result<(String, MobilePhone, Option<String>), DomainError> {
    let mut errors = Vec::new();
    let name = d.name.trim().to_owned();
    if name.is_empty() {
        errors.push(FieldError {
            field: "name",
            code: "required",
        });
    } else if name.chars().count() > NAME_MAX {
        errors.push(FieldError {
            field: "name",
            code: "too_long",
        });
    }
    let mobile = MobilePhone::parse(&d.mobile);
    if mobile.is_err() {
        errors.push(FieldError {
            field: "mobile",
            code: "invalid_mobile",
        });
    }
    let note = d
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX) {
        errors.push(FieldError {
            field: "note",
            code: "too_long",
        });
    }
    match mobile {
        Ok(m) if errors.is_empty() => Ok((name, m, note)),
        _ => Err(DomainError::Validation(errors)),
    }
}

fn view(
    r: referral::Model,
    friend: &customer::Model,
    project_name: Option<String>,
    visited: bool,
) -> ReferralView {
    let status = match ReferralStatus::parse(&r.status) {
        Some(ReferralStatus::Won) => ReferralStatus::Won,
        _ if visited => ReferralStatus::Visited,
        _ => ReferralStatus::Submitted,
    };
    ReferralView {
        id: r.id,
        friend_name: friend.name.clone(),
        friend_mobile: MobilePhone::parse(&friend.mobile)
            .map_or_else(|_| friend.mobile.clone(), |m| m.masked()),
        project_name,
        status,
        reward_points: r.reward_points,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// The member's referrals, newest first, each with its state.
pub async fn mine(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<ReferralView>, DomainError> {
    let me = membership::own(db, actor).await?;
    let rows = referral::Entity::find()
        .filter(referral::Column::ReferrerMemberId.eq(me.id))
        .order_by_desc(referral::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    views(db, rows).await
}

/// One of the member's own referrals; anyone else's is `NotFound`.
pub async fn get_mine(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<ReferralView, DomainError> {
    let me = membership::own(db, actor).await?;
    let row = referral::Entity::find_by_id(id)
        .filter(referral::Column::ReferrerMemberId.eq(me.id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    views(db, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::NotFound)
}

async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<referral::Model>,
) -> Result<Vec<ReferralView>, DomainError> {
    let customer_ids: Vec<i64> = rows.iter().map(|r| r.customer_id).collect();
    let friends: std::collections::HashMap<i64, customer::Model> = customer::Entity::find()
        .filter(customer::Column::Id.is_in(customer_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    // An opportunity is opened at the first visit (来访).
    let visited: HashSet<i64> = opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::CustomerId)
        .filter(opportunity::Column::CustomerId.is_in(customer_ids))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let projects = names_by_id::<project::Entity>(
        db,
        project::Column::Id,
        project::Column::Name,
        rows.iter().filter_map(|r| r.project_id),
    )
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let friend = friends.get(&r.customer_id)?;
            let project_name = r.project_id.and_then(|p| projects.get(&p).cloned());
            let seen = visited.contains(&r.customer_id);
            Some(view(r.clone(), friend, project_name, seen))
        })
        .collect())
}

/// Credits the referrer when a referred friend's contract is signed: once
/// per friend (`referral:<id>`), at the club's current referral reward.
/// Runs inside the `deal.closed` consumer's transaction.
pub async fn reward_on_deal(
    tx: &impl ConnectionTrait,
    deal: &DealClosed,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let Some(r) = referral::Entity::find()
        .filter(referral::Column::CustomerId.eq(deal.customer_id))
        .one(tx)
        .await?
    else {
        return Ok(());
    };
    if ReferralStatus::parse(&r.status) == Some(ReferralStatus::Won) {
        return Ok(());
    }
    let points = settings::get_int(tx, rules::REFERRAL_POINTS).await?;
    ledger::lock_member(tx, r.referrer_member_id, now).await?;
    let key = format!("referral:{}", r.id);
    let friend = customer::Entity::find_by_id(r.customer_id)
        .one(tx)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    if points > 0
        && ledger::find_by_dedupe(tx, r.referrer_member_id, &key)
            .await?
            .is_none()
    {
        ledger::credit(
            tx,
            r.referrer_member_id,
            Movement::new(LedgerKind::Earn, PointsReason::Referral, points)
                .source(friend.clone())
                .dedupe(key),
            now,
        )
        .await?;
    }
    let mut row: referral::ActiveModel = r.clone().into();
    row.status = Set(ReferralStatus::Won.as_str().to_owned());
    row.deal_id = Set(Some(deal.deal_id));
    row.reward_points = Set(Some(points));
    row.updated_at = Set(now);
    row.update(tx).await?;
    let referrer_customer = member::Entity::find_by_id(r.referrer_member_id)
        .one(tx)
        .await?
        .map(|m| m.customer_id);
    let users: Vec<i64> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::CustomerId.eq(referrer_customer))
        .into_tuple()
        .all(tx)
        .await?;
    notifications::notify(tx, users, NotificationKind::ReferralWon, None, &friend, now).await
}

/// The member who referred this customer, if any (a friend who joins the
/// club remembers who brought them).
pub async fn referrer_of(
    tx: &impl ConnectionTrait,
    customer_id: i64,
) -> Result<Option<i64>, DomainError> {
    Ok(referral::Entity::find()
        .select_only()
        .column(referral::Column::ReferrerMemberId)
        .filter(referral::Column::CustomerId.eq(customer_id))
        .into_tuple::<i64>()
        .one(tx)
        .await?)
}

/// The reward a referrer earns when a friend signs, as configured now.
pub async fn reward_rule(db: &impl ConnectionTrait) -> Result<i64, DomainError> {
    Ok(settings::get_int(db, rules::REFERRAL_POINTS).await?)
}
