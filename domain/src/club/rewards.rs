//! The rewards catalogue (积分商城): the club manager keeps rewards and
//! their stock; a member redeems points for one. Stock and points move in
//! one transaction: stock never below zero, points never overdrawn.

use super::ledger::{self, Movement};
use super::membership;
use crate::DomainError;
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::entity::{member, reward, reward_redemption};
use crate::error::FieldError;
use crate::idempotency::{self, IdempotencyKey};
use anju_types::Permission;
use anju_types::club::{
    LedgerKind, PointsReason, RedemptionStatus, RedemptionView, RewardDraft, RewardView,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

fn view(r: reward::Model) -> RewardView {
    RewardView {
        id: r.id,
        name: r.name,
        description: r.description,
        points_cost: r.points_cost,
        stock: r.stock,
        active: r.active,
    }
}

/// Members see the active rewards, cheapest first; the club manager sees all.
pub async fn catalogue(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<RewardView>, DomainError> {
    let staff = auth::can(actor, Permission::ManageClub);
    if !staff {
        auth::require(actor, Permission::UsePortal)?;
    }
    let mut q = reward::Entity::find()
        .order_by_asc(reward::Column::PointsCost)
        .order_by_asc(reward::Column::Id);
    if !staff {
        q = q.filter(reward::Column::Active.eq(true));
    }
    Ok(q.all(db).await?.into_iter().map(view).collect())
}

fn validate(d: &RewardDraft) -> Result<RewardDraft, DomainError> {
    let mut errors = Vec::new();
    let name = d.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 80 {
        errors.push(FieldError {
            field: "name",
            code: if name.is_empty() {
                "required"
            } else {
                "too_long"
            },
        });
    }
    let description = d.description.trim().to_owned();
    if description.chars().count() > 1000 {
        errors.push(FieldError {
            field: "description",
            code: "too_long",
        });
    }
    if !(1..=10_000_000).contains(&d.points_cost) {
        errors.push(FieldError {
            field: "points_cost",
            code: "out_of_range",
        });
    }
    if !(0..=1_000_000).contains(&d.stock) {
        errors.push(FieldError {
            field: "stock",
            code: "out_of_range",
        });
    }
    if errors.is_empty() {
        Ok(RewardDraft {
            name,
            description,
            ..d.clone()
        })
    } else {
        Err(DomainError::Validation(errors))
    }
}

/// Adds a reward (club manager), audited.
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &RewardDraft,
    now: DateTime<Utc>,
) -> Result<RewardView, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let d = validate(draft)?;
    let tx = begin_write(db).await?;
    let row = reward::ActiveModel {
        name: Set(d.name.clone()),
        description: Set(d.description.clone()),
        points_cost: Set(d.points_cost),
        stock: Set(d.stock),
        active: Set(d.active),
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
            action: "reward.create",
            entity: "reward",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::to_value(&d).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(row))
}

/// Changes a reward (club manager): name, cost, stock, on sale or not.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    reward_id: i64,
    draft: &RewardDraft,
    now: DateTime<Utc>,
) -> Result<RewardView, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let d = validate(draft)?;
    let tx = begin_write(db).await?;
    let before = reward::Entity::find_by_id(reward_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut row: reward::ActiveModel = before.clone().into();
    row.name = Set(d.name.clone());
    row.description = Set(d.description.clone());
    row.points_cost = Set(d.points_cost);
    row.stock = Set(d.stock);
    row.active = Set(d.active);
    row.updated_at = Set(now);
    let row = row.update(&tx).await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "reward.update",
            entity: "reward",
            entity_id: reward_id.to_string(),
            before: Some(serde_json::to_value(view(before)).unwrap_or_default()),
            after: Some(serde_json::to_value(&d).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(row))
}

/// A member redeems points for one unit of a reward: `out_of_stock` or
/// `insufficient_points` (409) change nothing; a retry with the same
/// idempotency key returns the first redemption.
pub async fn redeem(
    db: &DatabaseConnection,
    actor: &Actor,
    reward_id: i64,
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<RedemptionView, DomainError> {
    let me = membership::own(db, actor).await?;
    let fingerprint = idempotency::fingerprint("reward.redeem", &reward_id);
    let tx = begin_write(db).await?;
    ledger::lock_member(&tx, me.id, now).await?;
    if let Some(done) = idempotency::replay(&tx, actor.user_id, key, &fingerprint).await? {
        return Ok(done);
    }
    let item = reward::Entity::find_by_id(reward_id)
        .filter(reward::Column::Active.eq(true))
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let taken = reward::Entity::update_many()
        .col_expr(
            reward::Column::Stock,
            Expr::col(reward::Column::Stock).sub(1),
        )
        .filter(reward::Column::Id.eq(reward_id))
        .filter(reward::Column::Stock.gte(1))
        .exec(&tx)
        .await?;
    if taken.rows_affected == 0 {
        return Err(DomainError::Conflict("out_of_stock"));
    }
    let entry = ledger::debit(
        &tx,
        me.id,
        Movement::new(LedgerKind::Redeem, PointsReason::Reward, item.points_cost)
            .source(item.name.clone()),
        now,
    )
    .await?;
    let row = reward_redemption::ActiveModel {
        reward_id: Set(reward_id),
        member_id: Set(me.id),
        points: Set(item.points_cost),
        entry_id: Set(entry.id),
        status: Set(RedemptionStatus::Placed.as_str().to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let balance_after = balance(&tx, me.id).await?;
    let result = RedemptionView {
        id: row.id,
        reward_name: item.name,
        points: item.points_cost,
        status: RedemptionStatus::Placed,
        created_at: now,
        balance_after,
    };
    idempotency::remember(&tx, actor.user_id, key, &fingerprint, &result, now).await?;
    tx.commit().await?;
    Ok(result)
}

async fn balance(db: &impl sea_orm::ConnectionTrait, member_id: i64) -> Result<i64, DomainError> {
    Ok(member::Entity::find_by_id(member_id)
        .select_only()
        .column(member::Column::PointsBalance)
        .into_tuple::<i64>()
        .one(db)
        .await?
        .unwrap_or(0))
}

/// The member's own redemptions, newest first.
pub async fn own_redemptions(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<RedemptionView>, DomainError> {
    let me = membership::own(db, actor).await?;
    let rows = reward_redemption::Entity::find()
        .filter(reward_redemption::Column::MemberId.eq(me.id))
        .order_by_desc(reward_redemption::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    let names = crate::db::names_by_id::<reward::Entity>(
        db,
        reward::Column::Id,
        reward::Column::Name,
        rows.iter().map(|r| r.reward_id),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RedemptionView {
            id: r.id,
            reward_name: names.get(&r.reward_id).cloned().unwrap_or_default(),
            points: r.points,
            status: RedemptionStatus::parse(&r.status).unwrap_or(RedemptionStatus::Placed),
            created_at: r.created_at,
            balance_after: 0,
        })
        .collect())
}

/// The club manager hands a reward over (fulfilled) or cancels the
/// redemption: the points come back (a `reverse` entry) and so does the
/// stock. Only a placed redemption changes.
pub async fn settle(
    db: &DatabaseConnection,
    actor: &Actor,
    redemption_id: i64,
    to: RedemptionStatus,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    if to == RedemptionStatus::Placed {
        return Err(DomainError::field("status", "invalid_choice"));
    }
    let found = reward_redemption::Entity::find_by_id(redemption_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let tx = begin_write(db).await?;
    ledger::lock_member(&tx, found.member_id, now).await?;
    let moved = reward_redemption::Entity::update_many()
        .col_expr(reward_redemption::Column::Status, Expr::value(to.as_str()))
        .filter(reward_redemption::Column::Id.eq(redemption_id))
        .filter(reward_redemption::Column::Status.eq(RedemptionStatus::Placed.as_str()))
        .exec(&tx)
        .await?;
    if moved.rows_affected == 0 {
        return Err(DomainError::Conflict("redemption_settled"));
    }
    if to == RedemptionStatus::Cancelled {
        ledger::reverse(
            &tx,
            found.member_id,
            found.entry_id,
            Some(actor.user_id),
            None,
            now,
        )
        .await?;
        reward::Entity::update_many()
            .col_expr(
                reward::Column::Stock,
                Expr::col(reward::Column::Stock).add(1),
            )
            .filter(reward::Column::Id.eq(found.reward_id))
            .exec(&tx)
            .await?;
    }
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "reward.redemption_settle",
            entity: "reward_redemption",
            entity_id: redemption_id.to_string(),
            before: Some(serde_json::json!({ "status": "placed" })),
            after: Some(serde_json::json!({ "status": to.as_str() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
