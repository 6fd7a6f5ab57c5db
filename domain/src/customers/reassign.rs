//! Bulk reassignment (staff leaving, 离职交接): a manager moves all or
//! selected customers of one salesperson to another in their team. Future
//! follow-ups move along because the work queue follows the customer's
//! current salesperson; the field history and the audit log record it.

use super::{Scope, StaffRef};
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::entity::{
    customer, customer_field_history as history_row, opportunity, user, user_role,
};
use crate::{DomainError, db::begin_write};
use anju_types::{Permission, Role, Stage};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Reassignment {
    pub from_sales_id: i64,
    pub to_sales_id: i64,
    /// Only these customers (of `from_sales_id`); all of them when absent.
    pub customer_ids: Option<Vec<i64>>,
}

/// The salespeople a manager may move customers between: those of the
/// manager's department, active or not (a leaver is usually disabled).
pub async fn team_salespeople(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<StaffRef>, DomainError> {
    auth::require(actor, Permission::ReassignCustomers)?;
    let Scope::Team { department_id } = Scope::of(actor) else {
        return Ok(Vec::new());
    };
    let sales_ids: Vec<i64> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq(Role::Sales.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let rows = user::Entity::find()
        .filter(user::Column::Id.is_in(sales_ids))
        .filter(user::Column::DepartmentId.eq(department_id))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|u| StaffRef {
            id: u.id,
            name: u.display_name,
        })
        .collect())
}

/// Moves the customers; returns how many moved.
pub async fn reassign(
    db: &DatabaseConnection,
    actor: &Actor,
    request: &Reassignment,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    auth::require(actor, Permission::ReassignCustomers)?;
    if request.from_sales_id == request.to_sales_id {
        return Err(DomainError::field("to_sales_id", "same_as_from"));
    }
    let team = team_salespeople(db, actor).await?;
    let name_of = |id: i64| team.iter().find(|s| s.id == id).map(|s| s.name.clone());
    let from_name =
        name_of(request.from_sales_id).ok_or(DomainError::field("from_sales_id", "not_in_team"))?;
    let to_name =
        name_of(request.to_sales_id).ok_or(DomainError::field("to_sales_id", "not_in_team"))?;
    let to_active = user::Entity::find_by_id(request.to_sales_id)
        .one(db)
        .await?
        .is_some_and(|u| u.active);
    if !to_active {
        return Err(DomainError::field("to_sales_id", "inactive"));
    }

    let tx = begin_write(db).await?;
    let mut select =
        Condition::all().add(customer::Column::AssignedSalesId.eq(request.from_sales_id));
    if let Some(ids) = &request.customer_ids {
        select = select.add(customer::Column::Id.is_in(ids.iter().copied()));
    }
    let ids: Vec<i64> = customer::Entity::find()
        .select_only()
        .column(customer::Column::Id)
        .filter(select)
        .into_tuple()
        .all(&tx)
        .await?;
    for chunk in ids.chunks(500) {
        customer::Entity::update_many()
            .col_expr(
                customer::Column::AssignedSalesId,
                Expr::value(request.to_sales_id),
            )
            .col_expr(customer::Column::UpdatedAt, Expr::value(now))
            .filter(customer::Column::Id.is_in(chunk.iter().copied()))
            .exec(&tx)
            .await?;
        // Open opportunities move along, stages kept; closed ones keep
        // their credit with the salesperson who won or lost them.
        opportunity::Entity::update_many()
            .col_expr(
                opportunity::Column::SalesUserId,
                Expr::value(request.to_sales_id),
            )
            .col_expr(opportunity::Column::UpdatedAt, Expr::value(now))
            .filter(opportunity::Column::CustomerId.is_in(chunk.iter().copied()))
            .filter(opportunity::Column::Stage.is_in(Stage::OPEN.into_iter().map(Stage::as_str)))
            .exec(&tx)
            .await?;
        history_row::Entity::insert_many(chunk.iter().map(|id| history_row::ActiveModel {
            customer_id: Set(*id),
            field: Set("assigned_sales".to_owned()),
            old_value: Set(Some(from_name.clone())),
            new_value: Set(Some(to_name.clone())),
            changed_by: Set(Some(actor.user_id)),
            changed_at: Set(now),
            ..Default::default()
        }))
        .exec(&tx)
        .await?;
    }
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "customer.reassign",
            entity: "user",
            entity_id: request.from_sales_id.to_string(),
            before: Some(serde_json::json!({ "sales_id": request.from_sales_id })),
            after: Some(
                serde_json::json!({ "sales_id": request.to_sales_id, "customers": ids.len() }),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ids.len() as u64)
}
