//! Creating opportunities, moving them between stages, and the kanban.

use crate::DomainError;
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::customers::Scope;
use crate::customers::service::{find_in_scope, text};
use crate::db::{begin_write, names_by_id};
use crate::entity::{
    customer, opportunity, opportunity_stage_change as stage_change, project, user,
};
use crate::error::FieldError;
use anju_types::customer::StaffRef;
use anju_types::pipeline::{
    Kanban, KanbanColumn, OpportunityDraft, OpportunityView, ProjectRef, StageMove,
};
use anju_types::unit::ProjectStatus;
use anju_types::{Money, Permission, Stage};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};

/// Cards shown per kanban column; the column's count covers all.
const CARDS_PER_COLUMN: u64 = 30;

/// Projects to choose from in forms.
pub async fn projects(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<ProjectRef>, DomainError> {
    // Analysts filter the dashboard by project.
    if !auth::can(actor, Permission::ViewPipeline) && !auth::can(actor, Permission::ViewAnalytics) {
        auth::require(actor, Permission::ViewUnits)?;
    }
    Ok(project::Entity::find()
        .order_by_asc(project::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| ProjectRef {
            id: p.id,
            name: p.name,
            status: ProjectStatus::parse(&p.status).unwrap_or(ProjectStatus::Draft),
        })
        .collect())
}

fn amount(
    value: &Option<String>,
    field: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<Money> {
    let v = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    match Money::parse_field(v, false) {
        Ok(m) => Some(m),
        Err(code) => {
            errors.push(FieldError { field, code });
            None
        }
    }
}

fn date(
    value: &Option<String>,
    field: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let v = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError {
                field,
                code: "invalid_date",
            });
            None
        }
    }
}

/// Opens an opportunity for a customer in the actor's scope. A second one
/// for the same customer and project is a duplicate (409 with its id).
pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &OpportunityDraft,
    now: DateTime<Utc>,
) -> Result<OpportunityView, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    auth::require(actor, Permission::EditCustomers)?;
    let scope = Scope::of(actor);
    let mut errors = Vec::new();
    let stage = match draft.stage.as_deref().map(str::trim) {
        None | Some("") => Stage::Visit,
        Some(s) => match Stage::parse(s) {
            Some(st) if st.is_open() => st,
            _ => {
                errors.push(FieldError {
                    field: "stage",
                    code: "invalid_choice",
                });
                Stage::Visit
            }
        },
    };
    let expected = amount(&draft.expected_amount, "expected_amount", &mut errors);
    let close_on = date(&draft.expected_close_on, "expected_close_on", &mut errors);
    let source = text(&draft.source_channel, 32, "source_channel", &mut errors);
    // Upper-case, as campaigns store their codes, so attribution matches.
    let campaign = text(&draft.campaign_code, 32, "campaign_code", &mut errors)
        .map(|c| crate::marketing::campaigns::normalize_code(&c));
    let project = project::Entity::find_by_id(draft.project_id)
        .one(db)
        .await?;
    if project.is_none() {
        errors.push(FieldError {
            field: "project_id",
            code: "not_found",
        });
    }
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    let tx = begin_write(db).await?;
    let c = find_in_scope(&tx, &scope, draft.customer_id).await?;
    let id = insert_in(
        &tx,
        actor,
        &c,
        NewOpportunity {
            project_id: draft.project_id,
            stage,
            expected,
            close_on,
            source,
            campaign,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    one(db, &scope, id).await
}

/// A validated opportunity, ready to insert.
pub(crate) struct NewOpportunity {
    pub project_id: i64,
    pub stage: Stage,
    pub expected: Option<Money>,
    pub close_on: Option<NaiveDate>,
    pub source: Option<String>,
    pub campaign: Option<String>,
}

impl NewOpportunity {
    /// A walk-in's interest in a project: 来访, nothing else known yet.
    pub fn visit(project_id: i64) -> NewOpportunity {
        NewOpportunity {
            project_id,
            stage: Stage::Visit,
            expected: None,
            close_on: None,
            source: None,
            campaign: None,
        }
    }
}

/// Inserts the opportunity, its first stage and the audit entry inside the
/// caller's transaction (registering a walk-in does it with the customer).
pub(crate) async fn insert_in(
    tx: &DatabaseTransaction,
    actor: &Actor,
    c: &crate::entity::customer::Model,
    new: NewOpportunity,
    now: DateTime<Utc>,
) -> Result<i64, DomainError> {
    if project::Entity::find_by_id(new.project_id)
        .one(tx)
        .await?
        .is_none()
    {
        return Err(DomainError::field("project_id", "not_found"));
    }
    if let Some(existing) = opportunity::Entity::find()
        .filter(opportunity::Column::CustomerId.eq(c.id))
        .filter(opportunity::Column::ProjectId.eq(new.project_id))
        .one(tx)
        .await?
    {
        return Err(DomainError::Duplicate {
            field: "project_id",
            existing_id: Some(existing.id),
        });
    }
    let stage = new.stage;
    let row = opportunity::ActiveModel {
        customer_id: Set(c.id),
        project_id: Set(new.project_id),
        sales_user_id: Set(c.assigned_sales_id),
        stage: Set(stage.as_str().to_owned()),
        furthest_rank: Set(stage.rank()),
        expected_amount_fen: Set(new.expected.map(Money::fen)),
        expected_close_on: Set(new.close_on),
        source_channel: Set(new.source.or(c.source_channel.clone())),
        campaign_code: Set(new.campaign),
        lost_reason: Set(None),
        deal_amount_fen: Set(None),
        stage_changed_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => DomainError::Duplicate {
            field: "project_id",
            existing_id: None,
        },
        _ => DomainError::Db(e),
    })?;
    record_change(tx, row.id, None, stage, None, Some(actor.user_id), now).await?;
    audit::record(
        tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "opportunity.create",
            entity: "opportunity",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "customer_id": c.id, "project_id": new.project_id, "stage": stage.as_str() })),
        },
    )
    .await?;
    Ok(row.id)
}

/// Moves an opportunity to another open stage or to 流失 (with a reason).
/// 成交 only comes from a contract; a closed deal does not move. Moving to
/// the stage it is already in changes nothing.
pub async fn move_stage(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    request: &StageMove,
    now: DateTime<Utc>,
) -> Result<OpportunityView, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    auth::require(actor, Permission::EditCustomers)?;
    let scope = Scope::of(actor);
    let mut errors = Vec::new();
    let to = Stage::parse(request.stage.trim());
    match to {
        None => errors.push(FieldError {
            field: "stage",
            code: "invalid_choice",
        }),
        Some(Stage::Deal) => return Err(DomainError::Conflict("deal_needs_contract")),
        _ => {}
    }
    let reason = text(&request.lost_reason, 64, "lost_reason", &mut errors);
    if to == Some(Stage::Lost) && reason.is_none() && errors.is_empty() {
        errors.push(FieldError {
            field: "lost_reason",
            code: "required",
        });
    }
    let expected = amount(&request.expected_amount, "expected_amount", &mut errors);
    let close_on = date(&request.expected_close_on, "expected_close_on", &mut errors);
    let Some(to) = to.filter(|_| errors.is_empty()) else {
        return Err(DomainError::Validation(errors));
    };
    let tx = begin_write(db).await?;
    let current = find(&tx, &scope, id).await?;
    let from = Stage::parse(&current.stage).unwrap_or(Stage::Visit);
    if from == Stage::Deal {
        return Err(DomainError::Conflict("opportunity_closed"));
    }
    let mut update = opportunity::Entity::update_many()
        .col_expr(opportunity::Column::UpdatedAt, Expr::value(now))
        .filter(opportunity::Column::Id.eq(id))
        // The guard: nobody moved it since we read it.
        .filter(opportunity::Column::Stage.eq(from.as_str()));
    if let Some(e) = expected {
        update = update.col_expr(opportunity::Column::ExpectedAmountFen, Expr::value(e.fen()));
    }
    if let Some(d) = close_on {
        update = update.col_expr(opportunity::Column::ExpectedCloseOn, Expr::value(d));
    }
    if from != to {
        update = update
            .col_expr(opportunity::Column::Stage, Expr::value(to.as_str()))
            .col_expr(opportunity::Column::StageChangedAt, Expr::value(now))
            .col_expr(
                opportunity::Column::FurthestRank,
                Expr::value(Ord::max(current.furthest_rank, to.rank())),
            )
            .col_expr(
                opportunity::Column::LostReason,
                Expr::value((to == Stage::Lost).then(|| reason.clone()).flatten()),
            );
    }
    if update.exec(&tx).await?.rows_affected != 1 {
        return Err(DomainError::Conflict("opportunity_changed"));
    }
    if from != to {
        record_change(
            &tx,
            id,
            Some(from),
            to,
            reason.clone(),
            Some(actor.user_id),
            now,
        )
        .await?;
        audit::record(
            &tx,
            now,
            AuditEntry {
                actor_user_id: Some(actor.user_id),
                action: "opportunity.stage",
                entity: "opportunity",
                entity_id: id.to_string(),
                before: Some(serde_json::json!({ "stage": from.as_str() })),
                after: Some(serde_json::json!({ "stage": to.as_str(), "lost_reason": reason })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    one(db, &scope, id).await
}

/// A customer's opportunities (404 when the customer is out of scope).
pub async fn for_customer(
    db: &DatabaseConnection,
    actor: &Actor,
    customer_id: i64,
) -> Result<Vec<OpportunityView>, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    find_in_scope(db, &Scope::of(actor), customer_id).await?;
    let rows = opportunity::Entity::find()
        .filter(opportunity::Column::CustomerId.eq(customer_id))
        .order_by_desc(opportunity::Column::Id)
        .all(db)
        .await?;
    Ok(views(db, rows).await?)
}

#[derive(Debug, Clone, Default)]
pub struct BoardFilter {
    pub project_id: Option<i64>,
    /// One salesperson (managers narrowing the team's board).
    pub sales_id: Option<i64>,
}

impl BoardFilter {
    pub(crate) fn condition(&self) -> Condition {
        let mut c = Condition::all();
        if let Some(p) = self.project_id {
            c = c.add(opportunity::Column::ProjectId.eq(p));
        }
        if let Some(s) = self.sales_id {
            c = c.add(opportunity::Column::SalesUserId.eq(s));
        }
        c
    }
}

/// The kanban: one column per stage with its count, amount and the most
/// recently moved cards.
pub async fn kanban(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &BoardFilter,
) -> Result<Kanban, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    let cond = Condition::all()
        .add(Scope::of(actor).owns(opportunity::Column::CustomerId))
        .add(filter.condition());
    let totals: Vec<(String, i64, Option<i64>)> = opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::Stage)
        .column_as(Expr::col(opportunity::Column::Id).count(), "n")
        .column_as(
            Expr::cust("CAST(SUM(expected_amount_fen) AS BIGINT)"),
            "amount",
        )
        .filter(cond.clone())
        .group_by(opportunity::Column::Stage)
        .into_tuple()
        .all(db)
        .await?;
    let mut cards = Vec::new();
    for stage in Stage::ALL {
        if totals.iter().any(|(s, n, _)| s == stage.as_str() && *n > 0) {
            cards.extend(
                opportunity::Entity::find()
                    .filter(cond.clone())
                    .filter(opportunity::Column::Stage.eq(stage.as_str()))
                    .order_by_desc(opportunity::Column::StageChangedAt)
                    .order_by_desc(opportunity::Column::Id)
                    .limit(CARDS_PER_COLUMN)
                    .all(db)
                    .await?,
            );
        }
    }
    // Names for every column's cards in one batch.
    let mut cards = views(db, cards).await?;
    let columns = Stage::ALL
        .iter()
        .map(|&stage| {
            let (count, amount) = totals
                .iter()
                .find(|(s, _, _)| s == stage.as_str())
                .map(|(_, n, a)| (*n as u64, a.unwrap_or(0)))
                .unwrap_or((0, 0));
            let (mine, rest) = std::mem::take(&mut cards)
                .into_iter()
                .partition(|c| c.stage == stage);
            cards = rest;
            KanbanColumn {
                stage,
                count,
                amount: Money::from_fen(amount),
                cards: mine,
            }
        })
        .collect();
    Ok(Kanban { columns })
}

async fn find(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: i64,
) -> Result<opportunity::Model, DomainError> {
    opportunity::Entity::find()
        .filter(opportunity::Column::Id.eq(id))
        .filter(scope.owns(opportunity::Column::CustomerId))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

async fn one(
    db: &DatabaseConnection,
    scope: &Scope,
    id: i64,
) -> Result<OpportunityView, DomainError> {
    let row = find(db, scope, id).await?;
    views(db, vec![row])
        .await?
        .pop()
        .ok_or(DomainError::NotFound)
}

pub(crate) async fn record_change(
    db: &impl ConnectionTrait,
    opportunity_id: i64,
    from: Option<Stage>,
    to: Stage,
    reason: Option<String>,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    stage_change::ActiveModel {
        opportunity_id: Set(opportunity_id),
        from_stage: Set(from.map(|s| s.as_str().to_owned())),
        to_stage: Set(to.as_str().to_owned()),
        reason: Set(reason),
        changed_by: Set(by),
        changed_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Moves the customer's opportunity for the project to `to` because of a
/// unit step (reservation → 准成交, contract → 成交), creating it when the
/// customer never had one. Returns its id. Runs inside the unit's transaction.
pub(crate) async fn advance_for_sale(
    tx: &impl ConnectionTrait,
    customer: &customer::Model,
    project_id: i64,
    to: Stage,
    amount: Money,
    by: i64,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let existing = opportunity::Entity::find()
        .filter(opportunity::Column::CustomerId.eq(customer.id))
        .filter(opportunity::Column::ProjectId.eq(project_id))
        .one(tx)
        .await?;
    let deal_amount = (to == Stage::Deal).then_some(amount.fen());
    match existing {
        None => {
            let row = opportunity::ActiveModel {
                customer_id: Set(customer.id),
                project_id: Set(project_id),
                sales_user_id: Set(customer.assigned_sales_id.or(Some(by))),
                stage: Set(to.as_str().to_owned()),
                furthest_rank: Set(to.rank()),
                expected_amount_fen: Set(Some(amount.fen())),
                expected_close_on: Set(None),
                source_channel: Set(customer.source_channel.clone()),
                campaign_code: Set(None),
                lost_reason: Set(None),
                deal_amount_fen: Set(deal_amount),
                stage_changed_at: Set(now),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(tx)
            .await?;
            record_change(tx, row.id, None, to, None, Some(by), now).await?;
            Ok(row.id)
        }
        Some(o) => {
            let from = Stage::parse(&o.stage).unwrap_or(Stage::Visit);
            // A reservation never moves an opportunity backwards.
            let target = if from.rank() > to.rank() { from } else { to };
            let mut model: opportunity::ActiveModel = o.clone().into();
            model.expected_amount_fen = Set(Some(amount.fen()));
            model.updated_at = Set(now);
            if target != from {
                model.stage = Set(target.as_str().to_owned());
                model.stage_changed_at = Set(now);
                model.furthest_rank = Set(Ord::max(o.furthest_rank, target.rank()));
                model.lost_reason = Set(None);
            }
            if deal_amount.is_some() {
                model.deal_amount_fen = Set(deal_amount);
            }
            model.update(tx).await?;
            if target != from {
                record_change(tx, o.id, Some(from), target, None, Some(by), now).await?;
            }
            Ok(o.id)
        }
    }
}

/// Fills in names for a batch of opportunities (three queries, not 3×N).
pub(crate) async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<opportunity::Model>,
) -> Result<Vec<OpportunityView>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let customers = names_by_id::<customer::Entity>(
        db,
        customer::Column::Id,
        customer::Column::Name,
        rows.iter().map(|r| r.customer_id),
    )
    .await?;
    let projects = names_by_id::<project::Entity>(
        db,
        project::Column::Id,
        project::Column::Name,
        rows.iter().map(|r| r.project_id),
    )
    .await?;
    let staff = names_by_id::<user::Entity>(
        db,
        user::Column::Id,
        user::Column::DisplayName,
        rows.iter().filter_map(|r| r.sales_user_id),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let stage = Stage::parse(&r.stage).unwrap_or(Stage::Visit);
            OpportunityView {
                id: r.id,
                customer_id: r.customer_id,
                customer_name: customers.get(&r.customer_id).cloned().unwrap_or_default(),
                project_id: r.project_id,
                project_name: projects.get(&r.project_id).cloned().unwrap_or_default(),
                stage,
                probability: stage.probability(),
                expected_amount: r.expected_amount_fen.map(Money::from_fen),
                expected_close_on: r.expected_close_on,
                source_channel: r.source_channel,
                campaign_code: r.campaign_code,
                sales: r.sales_user_id.map(|id| StaffRef {
                    id,
                    name: staff.get(&id).cloned().unwrap_or_default(),
                }),
                lost_reason: r.lost_reason,
                stage_changed_at: r.stage_changed_at,
                created_at: r.created_at,
            }
        })
        .collect())
}
