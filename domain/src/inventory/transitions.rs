use super::grid::effective_status;
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::customers::Scope;
use crate::entity::{customer, unit};
use crate::{DomainError, db::begin_write, deals};
use anju_types::deal::DealTerms;
use anju_types::{Permission, UnitAction, UnitStatus};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};

/// How long a hold keeps a unit for a customer by default (the
/// `units.hold_minutes` setting changes it).
pub const HOLD_MINUTES: i64 = crate::settings::HOLD_MINUTES.default;

/// Applies one action to a unit at list price (no discount, no deposit).
pub async fn act(
    db: &DatabaseConnection,
    actor: &Actor,
    unit_id: i64,
    action: UnitAction,
    customer_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<UnitStatus, DomainError> {
    let terms = DealTerms::default();
    act_with_terms(db, actor, unit_id, action, customer_id, &terms, now).await
}

/// Applies one action to a unit. `customer_id` names the buyer for
/// hold/reserve (it must be a customer the actor may see; reserving a unit
/// held for a customer may leave it out); `terms` give the discount and
/// deposit of a reservation. Refuses with `Conflict("unit_not_available")`
/// (409) when the unit is not in a state the action starts from — including
/// when another salesperson got there first — and with `Forbidden` (403)
/// when it is held for or sold to a customer outside the actor's scope
/// (a colleague's): the same record scope as that customer's deal.
/// The unit's deal moves in the same transaction (see [`crate::deals`]).
pub async fn act_with_terms(
    db: &DatabaseConnection,
    actor: &Actor,
    unit_id: i64,
    action: UnitAction,
    customer_id: Option<i64>,
    terms: &DealTerms,
    now: DateTime<Utc>,
) -> Result<UnitStatus, DomainError> {
    auth::require(actor, Permission::SellUnits)?;
    let terms = deals::validate_terms(terms)?;
    let (from, to) = action.transition();
    let scope = Scope::of(actor);
    let tx = begin_write(db).await?;
    let current = unit::Entity::find_by_id(unit_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let effective = effective_status(&current, now);
    // Taken in the meantime (or never in a starting state): the same answer
    // as the guarded update below would give.
    if !from.contains(&effective) {
        return Err(DomainError::Conflict("unit_not_available"));
    }
    // A unit someone holds or bought belongs to that customer's record:
    // only who may open the customer may move it. (Reserving a hold for a
    // named buyer is decided below: it must be the hold's own customer.)
    let acts_on_current = !(action == UnitAction::Reserve && customer_id.is_some());
    let current_customer = match current.customer_id {
        _ if effective == UnitStatus::Available || !acts_on_current => None,
        Some(id) => Some(
            in_scope(&tx, &scope, id)
                .await?
                .ok_or(DomainError::Forbidden)?,
        ),
        // Taken without a customer (never written so): nobody's to move.
        None => return Err(DomainError::Forbidden),
    };
    let buyer_row = match action {
        UnitAction::Hold | UnitAction::Reserve => match customer_id {
            Some(id) => Some(
                in_scope(&tx, &scope, id)
                    .await?
                    .ok_or(DomainError::field("customer_id", "not_found"))?,
            ),
            // Reserving a hold reserves it for the customer it is held for.
            None if action == UnitAction::Reserve && effective == UnitStatus::Held => {
                current_customer.clone()
            }
            None => return Err(DomainError::field("customer_id", "required")),
        },
        _ => None,
    };
    let buyer = match &buyer_row {
        Some(c) => Some(c.id),
        None => current.customer_id,
    };
    // A held unit may only be reserved for the customer it is held for.
    if action == UnitAction::Reserve
        && effective == UnitStatus::Held
        && current.customer_id != buyer
    {
        return Err(DomainError::Conflict("unit_not_available"));
    }

    // The guard: the row must still be in a starting state, with the same
    // customer the checks above saw. An expired hold counts as available.
    let mut allowed = Condition::any();
    for s in from {
        let state = Condition::all().add(unit::Column::Status.eq(s.as_str()));
        allowed = allowed.add(match (s, current.customer_id) {
            // Someone else may have taken the unit since it was read.
            (UnitStatus::Available, _) => state,
            (_, Some(customer)) => state.add(unit::Column::CustomerId.eq(customer)),
            (_, None) => state.add(unit::Column::CustomerId.is_null()),
        });
    }
    if from.contains(&UnitStatus::Available) {
        allowed = allowed.add(
            Condition::all()
                .add(unit::Column::Status.eq(UnitStatus::Held.as_str()))
                .add(unit::Column::HoldExpiresAt.lte(now)),
        );
    }
    let keeps_customer = !matches!(to, UnitStatus::Available);
    let hold_minutes = crate::settings::get_int(&tx, crate::settings::HOLD_MINUTES).await?;
    let update = unit::Entity::update_many()
        .col_expr(unit::Column::Status, Expr::value(to.as_str()))
        .col_expr(unit::Column::StatusBy, Expr::value(actor.user_id))
        .col_expr(unit::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            unit::Column::CustomerId,
            Expr::value(if keeps_customer { buyer } else { None }),
        )
        .col_expr(
            unit::Column::HoldExpiresAt,
            Expr::value((to == UnitStatus::Held).then(|| now + Duration::minutes(hold_minutes))),
        )
        .filter(unit::Column::Id.eq(unit_id))
        .filter(allowed)
        .exec(&tx)
        .await?;
    if update.rows_affected != 1 {
        return Err(DomainError::Conflict("unit_not_available"));
    }
    // The deal follows the unit; an error here rolls the unit step back.
    match (action, &buyer_row) {
        (UnitAction::Reserve, Some(b)) => {
            deals::sale::reserve(&tx, actor, &current, b, terms, now).await?;
        }
        (UnitAction::Contract, _) => {
            deals::sale::contract(&tx, actor, &current, now).await?;
        }
        (UnitAction::Deliver, _) => {
            use anju_types::DealStatus::{Contracted, Delivered};
            let stamp = crate::entity::deal::Column::DeliveredAt;
            deals::sale::follow_unit(&tx, &current, Contracted, Delivered, stamp, now).await?;
        }
        (UnitAction::Cancel, _) => {
            use anju_types::DealStatus::{Cancelled, Reserved};
            let stamp = crate::entity::deal::Column::CancelledAt;
            deals::sale::follow_unit(&tx, &current, Reserved, Cancelled, stamp, now).await?;
        }
        _ => {}
    }
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "unit.status",
            entity: "unit",
            entity_id: unit_id.to_string(),
            before: Some(serde_json::json!({ "status": current.status, "customer_id": current.customer_id })),
            after: Some(serde_json::json!({ "status": to.as_str(), "customer_id": if keeps_customer { buyer } else { None } })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

/// The customer when it is in the scope, else `None`.
async fn in_scope(
    db: &impl ConnectionTrait,
    scope: &Scope,
    customer_id: i64,
) -> Result<Option<customer::Model>, DomainError> {
    Ok(customer::Entity::find()
        .filter(customer::Column::Id.eq(customer_id))
        .filter(scope.condition())
        .one(db)
        .await?)
}

/// The hold-expiry job: returns expired holds to sale. Idempotent — running
/// it twice, or on several instances at once, expires each hold once (the
/// update only matches holds still in place).
pub async fn expire_holds(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DomainError> {
    let tx = begin_write(db).await?;
    let expired = unit::Entity::update_many()
        .col_expr(
            unit::Column::Status,
            Expr::value(UnitStatus::Available.as_str()),
        )
        .col_expr(unit::Column::CustomerId, Expr::value(Option::<i64>::None))
        .col_expr(
            unit::Column::HoldExpiresAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(unit::Column::UpdatedAt, Expr::value(now))
        .filter(unit::Column::Status.eq(UnitStatus::Held.as_str()))
        .filter(unit::Column::HoldExpiresAt.lte(now))
        .exec(&tx)
        .await?
        .rows_affected;
    if expired > 0 {
        audit::record(
            &tx,
            now,
            AuditEntry {
                actor_user_id: None,
                action: "unit.hold_expired",
                entity: "unit",
                entity_id: "*".to_owned(),
                before: None,
                after: Some(serde_json::json!({ "expired": expired })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(expired)
}
