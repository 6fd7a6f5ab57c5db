//! Merging duplicate records of one person (重复客户合并). A manager picks
//! the survivor; everything attached to the duplicate moves to it, the
//! duplicate stays as a tombstone (`merged_into_id`) and the merge record
//! keeps exactly what moved, so [`undo`] can put it all back.
//!
//! When the club's points ledger and memberships exist they belong in
//! [`Moved`] too.

use super::service::{find_in_scope, record_history, staff_ref};
use super::{Scope, StaffRef};
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::entity::{
    customer, customer_field_history as history_row, customer_merge, customer_tag, deal,
    interaction, member, opportunity, referral, ticket, unit, user,
};
use crate::pipeline::opportunities::record_change;
use crate::{DomainError, db::begin_write};
use anju_types::merge::{DuplicateCandidate, DuplicateReason, MergeCounts, MergeRecord};
use anju_types::{Permission, Stage};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The reason a duplicate's opportunity is closed with when the survivor
/// already has one for the same project.
pub const MERGE_LOST_REASON: &str = "重复客户合并";

/// What a merge moved and changed, stored as JSON in the merge record.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Moved {
    interactions: Vec<i64>,
    opportunities: Vec<i64>,
    /// (opportunity id, stage it had before it was closed).
    closed_opportunities: Vec<(i64, String)>,
    deals: Vec<i64>,
    units: Vec<i64>,
    accounts: Vec<i64>,
    history: Vec<i64>,
    /// Service tickets (older merge records lack the field).
    #[serde(default)]
    tickets: Vec<i64>,
    /// The duplicate's club membership, with its points ledger.
    #[serde(default)]
    memberships: Vec<i64>,
    /// The referral that brought the duplicate in (老带新), when the
    /// survivor had none.
    #[serde(default)]
    referrals: Vec<i64>,
    /// Tags the survivor gained.
    tags: Vec<String>,
    /// (field, value) the survivor lacked and got from the duplicate.
    filled: Vec<(String, String)>,
    /// Earlier tombstones of the duplicate, now pointing at the survivor.
    tombstones: Vec<i64>,
}

impl Moved {
    fn counts(&self) -> MergeCounts {
        MergeCounts {
            interactions: self.interactions.len(),
            opportunities: self.opportunities.len(),
            closed_opportunities: self.closed_opportunities.len(),
            deals: self.deals.len(),
            units: self.units.len(),
            accounts: self.accounts.len(),
            tickets: self.tickets.len(),
            tags: self.tags.len(),
            filled_fields: self.filled.iter().map(|(f, _)| f.clone()).collect(),
        }
    }
}

/// Records in the actor's scope that look like the same person as `id`:
/// the same name, or a mobile one of them had before.
pub async fn duplicates(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<Vec<DuplicateCandidate>, DomainError> {
    auth::require(actor, Permission::ViewCustomers)?;
    let scope = Scope::of(actor);
    let me = find_in_scope(db, &scope, id).await?;
    let mut reasons: HashMap<i64, Vec<DuplicateReason>> = HashMap::new();

    let mut same_name = customer::Entity::find()
        .filter(scope.condition())
        .filter(customer::Column::Name.eq(me.name.clone()))
        .filter(customer::Column::Id.ne(id));
    if let Some(b) = me.birthday {
        // A different known birthday means a namesake, not a duplicate.
        same_name = same_name.filter(
            sea_orm::Condition::any()
                .add(customer::Column::Birthday.is_null())
                .add(customer::Column::Birthday.eq(b)),
        );
    }
    for c in same_name.limit(20).all(db).await? {
        reasons
            .entry(c.id)
            .or_default()
            .push(DuplicateReason::SameName);
    }

    // My former mobiles that are someone's current one, and theirs that were mine.
    let my_former: Vec<String> = history_row::Entity::find()
        .filter(history_row::Column::CustomerId.eq(id))
        .filter(history_row::Column::Field.eq("mobile"))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|h| h.old_value)
        .collect();
    let had_my_mobile: Vec<i64> = history_row::Entity::find()
        .filter(history_row::Column::Field.eq("mobile"))
        .filter(history_row::Column::OldValue.eq(me.mobile.clone()))
        .filter(history_row::Column::CustomerId.ne(id))
        .all(db)
        .await?
        .into_iter()
        .map(|h| h.customer_id)
        .collect();
    let by_phone = customer::Entity::find()
        .filter(scope.condition())
        .filter(customer::Column::Id.ne(id))
        .filter(
            sea_orm::Condition::any()
                .add(customer::Column::Mobile.is_in(my_former))
                .add(customer::Column::Id.is_in(had_my_mobile)),
        )
        .limit(20)
        .all(db)
        .await?;
    for c in by_phone {
        reasons
            .entry(c.id)
            .or_default()
            .push(DuplicateReason::FormerMobile);
    }

    let rows = customer::Entity::find()
        .filter(customer::Column::Id.is_in(reasons.keys().copied()))
        .order_by_asc(customer::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        out.push(DuplicateCandidate {
            reasons: reasons.remove(&c.id).unwrap_or_default(),
            assigned_sales: staff_ref(db, c.assigned_sales_id).await?,
            id: c.id,
            name: c.name,
            mobile: c.mobile,
            created_at: c.created_at,
        });
    }
    Ok(out)
}

/// Merges `merged_id` into `survivor_id`, both in the manager's scope.
pub async fn merge(
    db: &DatabaseConnection,
    actor: &Actor,
    survivor_id: i64,
    merged_id: i64,
    now: DateTime<Utc>,
) -> Result<MergeRecord, DomainError> {
    auth::require(actor, Permission::MergeCustomers)?;
    if survivor_id == merged_id {
        return Err(DomainError::field("merged_id", "same_as_survivor"));
    }
    let scope = Scope::of(actor);
    let tx = begin_write(db).await?;
    let survivor = find_in_scope(&tx, &scope, survivor_id).await?;
    let dup = find_in_scope(&tx, &scope, merged_id).await?;
    let mut moved = Moved::default();

    // Opportunities: one per customer and project. Where both have one the
    // survivor's is kept and the duplicate's closes as lost, unless the
    // duplicate's went further: then it should be the survivor.
    let survivor_opps: HashMap<i64, opportunity::Model> = opportunity::Entity::find()
        .filter(opportunity::Column::CustomerId.eq(survivor_id))
        .all(&tx)
        .await?
        .into_iter()
        .map(|o| (o.project_id, o))
        .collect();
    let dup_opps = opportunity::Entity::find()
        .filter(opportunity::Column::CustomerId.eq(merged_id))
        .order_by_asc(opportunity::Column::Id)
        .all(&tx)
        .await?;
    for o in &dup_opps {
        let Some(kept) = survivor_opps.get(&o.project_id) else {
            moved.opportunities.push(o.id);
            continue;
        };
        let rank = |stage: &str| Stage::parse(stage).map_or(0, Stage::rank);
        if rank(&o.stage) > rank(&kept.stage) {
            return Err(DomainError::Conflict("merge_duplicate_further"));
        }
        if o.stage != Stage::Lost.as_str() {
            moved.closed_opportunities.push((o.id, o.stage.clone()));
        }
    }
    for (id, from) in &moved.closed_opportunities {
        opportunity::Entity::update_many()
            .col_expr(
                opportunity::Column::Stage,
                Expr::value(Stage::Lost.as_str()),
            )
            .col_expr(
                opportunity::Column::LostReason,
                Expr::value(MERGE_LOST_REASON),
            )
            .col_expr(opportunity::Column::StageChangedAt, Expr::value(now))
            .col_expr(opportunity::Column::UpdatedAt, Expr::value(now))
            .filter(opportunity::Column::Id.eq(*id))
            .exec(&tx)
            .await?;
        record_change(
            &tx,
            *id,
            Stage::parse(from),
            Stage::Lost,
            Some(MERGE_LOST_REASON.to_owned()),
            Some(actor.user_id),
            now,
        )
        .await?;
    }
    move_rows::<opportunity::Entity>(
        &tx,
        opportunity::Column::CustomerId,
        opportunity::Column::Id,
        &moved.opportunities,
        survivor_id,
    )
    .await?;

    moved.interactions = ids_of::<interaction::Entity>(
        &tx,
        interaction::Column::CustomerId,
        interaction::Column::Id,
        merged_id,
    )
    .await?;
    moved.deals =
        ids_of::<deal::Entity>(&tx, deal::Column::CustomerId, deal::Column::Id, merged_id).await?;
    moved.units =
        ids_of::<unit::Entity>(&tx, unit::Column::CustomerId, unit::Column::Id, merged_id).await?;
    moved.accounts =
        ids_of::<user::Entity>(&tx, user::Column::CustomerId, user::Column::Id, merged_id).await?;
    moved.history = ids_of::<history_row::Entity>(
        &tx,
        history_row::Column::CustomerId,
        history_row::Column::Id,
        merged_id,
    )
    .await?;
    moved.tickets = ids_of::<ticket::Entity>(
        &tx,
        ticket::Column::CustomerId,
        ticket::Column::Id,
        merged_id,
    )
    .await?;
    move_rows::<ticket::Entity>(
        &tx,
        ticket::Column::CustomerId,
        ticket::Column::Id,
        &moved.tickets,
        survivor_id,
    )
    .await?;
    // A person has one membership: it follows the person, unless both
    // records hold one (their ledgers cannot be joined silently).
    moved.memberships = ids_of::<member::Entity>(
        &tx,
        member::Column::CustomerId,
        member::Column::Id,
        merged_id,
    )
    .await?;
    if !moved.memberships.is_empty()
        && !ids_of::<member::Entity>(
            &tx,
            member::Column::CustomerId,
            member::Column::Id,
            survivor_id,
        )
        .await?
        .is_empty()
    {
        return Err(DomainError::Conflict("both_club_members"));
    }
    move_rows::<member::Entity>(
        &tx,
        member::Column::CustomerId,
        member::Column::Id,
        &moved.memberships,
        survivor_id,
    )
    .await?;
    // A person is referred once: the duplicate's referral follows them,
    // unless the survivor was referred already (the first referrer keeps
    // the friend, and the duplicate's referral stays with the duplicate).
    let survivor_referred = !ids_of::<referral::Entity>(
        &tx,
        referral::Column::CustomerId,
        referral::Column::Id,
        survivor_id,
    )
    .await?
    .is_empty();
    if !survivor_referred {
        moved.referrals = ids_of::<referral::Entity>(
            &tx,
            referral::Column::CustomerId,
            referral::Column::Id,
            merged_id,
        )
        .await?;
        move_rows::<referral::Entity>(
            &tx,
            referral::Column::CustomerId,
            referral::Column::Id,
            &moved.referrals,
            survivor_id,
        )
        .await?;
    }
    moved.tombstones = ids_of::<customer::Entity>(
        &tx,
        customer::Column::MergedIntoId,
        customer::Column::Id,
        merged_id,
    )
    .await?;
    move_rows::<interaction::Entity>(
        &tx,
        interaction::Column::CustomerId,
        interaction::Column::Id,
        &moved.interactions,
        survivor_id,
    )
    .await?;
    move_rows::<deal::Entity>(
        &tx,
        deal::Column::CustomerId,
        deal::Column::Id,
        &moved.deals,
        survivor_id,
    )
    .await?;
    move_rows::<unit::Entity>(
        &tx,
        unit::Column::CustomerId,
        unit::Column::Id,
        &moved.units,
        survivor_id,
    )
    .await?;
    move_rows::<user::Entity>(
        &tx,
        user::Column::CustomerId,
        user::Column::Id,
        &moved.accounts,
        survivor_id,
    )
    .await?;
    move_rows::<history_row::Entity>(
        &tx,
        history_row::Column::CustomerId,
        history_row::Column::Id,
        &moved.history,
        survivor_id,
    )
    .await?;
    move_rows::<customer::Entity>(
        &tx,
        customer::Column::MergedIntoId,
        customer::Column::Id,
        &moved.tombstones,
        survivor_id,
    )
    .await?;

    let tags_of = |id: i64| {
        customer_tag::Entity::find()
            .filter(customer_tag::Column::CustomerId.eq(id))
            .all(&tx)
    };
    let have: Vec<String> = tags_of(survivor_id)
        .await?
        .into_iter()
        .map(|t| t.tag)
        .collect();
    moved.tags = tags_of(merged_id)
        .await?
        .into_iter()
        .map(|t| t.tag)
        .filter(|t| !have.contains(t))
        .collect();
    for tag in &moved.tags {
        customer_tag::ActiveModel {
            customer_id: Set(survivor_id),
            tag: Set(tag.clone()),
        }
        .insert(&tx)
        .await?;
    }

    // Blanks of the survivor filled from the duplicate. The ID number is
    // unique, so it leaves the tombstone first.
    moved.filled = fillable(&survivor, &dup);
    if moved.filled.iter().any(|(f, _)| f == "id_number") {
        customer::Entity::update_many()
            .col_expr(customer::Column::IdNumber, Expr::value(None::<String>))
            .filter(customer::Column::Id.eq(merged_id))
            .exec(&tx)
            .await?;
    }
    let mut fill = customer::Entity::update_many()
        .col_expr(customer::Column::UpdatedAt, Expr::value(now))
        .filter(customer::Column::Id.eq(survivor_id));
    for (field, value) in &moved.filled {
        fill = fill.col_expr(column_of(field), value_of(field, Some(value)));
    }
    fill.exec(&tx).await?;

    let tombstoned = customer::Entity::update_many()
        .col_expr(customer::Column::MergedIntoId, Expr::value(survivor_id))
        .col_expr(customer::Column::UpdatedAt, Expr::value(now))
        .filter(customer::Column::Id.eq(merged_id))
        .filter(customer::Column::MergedIntoId.is_null())
        .exec(&tx)
        .await?;
    if tombstoned.rows_affected != 1 {
        return Err(DomainError::Conflict("customer_changed"));
    }

    let label = format!("{} {}", dup.name, dup.mobile);
    let mut history = vec![("merged", None, Some(label.clone()))];
    if let Some((_, id_number)) = moved.filled.iter().find(|(f, _)| f == "id_number") {
        history.push(("id_number", None, Some(id_number.clone())));
    }
    for (field, old, new) in history {
        record_history(&tx, survivor_id, field, old, new, actor.user_id, now).await?;
    }
    let record = customer_merge::ActiveModel {
        survivor_id: Set(survivor_id),
        merged_id: Set(merged_id),
        moved: Set(serde_json::to_string(&moved).unwrap_or_default()),
        merged_by: Set(actor.user_id),
        merged_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "customer.merge",
            entity: "customer",
            entity_id: survivor_id.to_string(),
            before: Some(serde_json::json!({ "merged_id": merged_id })),
            after: Some(serde_json::to_value(moved.counts()).unwrap_or_default()),
        },
    )
    .await?;
    tx.commit().await?;
    view(db, record).await
}

/// Puts back everything a merge moved that is still where the merge left
/// it; the duplicate becomes a customer of its own again.
pub async fn undo(
    db: &DatabaseConnection,
    actor: &Actor,
    merge_id: i64,
    now: DateTime<Utc>,
) -> Result<MergeRecord, DomainError> {
    auth::require(actor, Permission::MergeCustomers)?;
    let scope = Scope::of(actor);
    let tx = begin_write(db).await?;
    let record = customer_merge::Entity::find_by_id(merge_id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let survivor_id = record.survivor_id;
    let survivor = find_in_scope(&tx, &scope, survivor_id).await?;
    if record.undone_at.is_some() {
        return Err(DomainError::Conflict("merge_already_undone"));
    }
    let moved: Moved = serde_json::from_str(&record.moved).unwrap_or_default();
    let merged_id = record.merged_id;

    let reopened = customer::Entity::update_many()
        .col_expr(customer::Column::MergedIntoId, Expr::value(None::<i64>))
        .col_expr(customer::Column::UpdatedAt, Expr::value(now))
        .filter(customer::Column::Id.eq(merged_id))
        .filter(customer::Column::MergedIntoId.eq(survivor_id))
        .exec(&tx)
        .await?;
    if reopened.rows_affected != 1 {
        // The survivor was itself merged on, or the duplicate moved again.
        return Err(DomainError::Conflict("merge_superseded"));
    }
    for (table_rows, back) in [
        (&moved.interactions, Table::Interactions),
        (&moved.opportunities, Table::Opportunities),
        (&moved.deals, Table::Deals),
        (&moved.units, Table::Units),
        (&moved.accounts, Table::Accounts),
        (&moved.history, Table::History),
        (&moved.tickets, Table::Tickets),
        (&moved.memberships, Table::Memberships),
        (&moved.referrals, Table::Referrals),
        (&moved.tombstones, Table::Tombstones),
    ] {
        back.move_back(&tx, table_rows, survivor_id, merged_id)
            .await?;
    }
    for (id, stage) in &moved.closed_opportunities {
        let reopened = opportunity::Entity::update_many()
            .col_expr(opportunity::Column::Stage, Expr::value(stage.clone()))
            .col_expr(opportunity::Column::LostReason, Expr::value(None::<String>))
            .col_expr(opportunity::Column::StageChangedAt, Expr::value(now))
            .col_expr(opportunity::Column::UpdatedAt, Expr::value(now))
            .filter(opportunity::Column::Id.eq(*id))
            .filter(opportunity::Column::Stage.eq(Stage::Lost.as_str()))
            .filter(opportunity::Column::LostReason.eq(MERGE_LOST_REASON))
            .exec(&tx)
            .await?;
        if reopened.rows_affected == 1 {
            record_change(
                &tx,
                *id,
                Some(Stage::Lost),
                Stage::parse(stage).unwrap_or(Stage::Visit),
                None,
                Some(actor.user_id),
                now,
            )
            .await?;
        }
    }
    if !moved.tags.is_empty() {
        customer_tag::Entity::delete_many()
            .filter(customer_tag::Column::CustomerId.eq(survivor_id))
            .filter(customer_tag::Column::Tag.is_in(moved.tags.iter().cloned()))
            .exec(&tx)
            .await?;
    }
    // Filled fields go back only where nobody changed them since.
    for (field, value) in &moved.filled {
        if current_value(&survivor, field).as_deref() != Some(value.as_str()) {
            continue;
        }
        customer::Entity::update_many()
            .col_expr(column_of(field), value_of(field, None))
            .filter(customer::Column::Id.eq(survivor_id))
            .exec(&tx)
            .await?;
        if field == "id_number" {
            customer::Entity::update_many()
                .col_expr(column_of(field), value_of(field, Some(value)))
                .filter(customer::Column::Id.eq(merged_id))
                .exec(&tx)
                .await?;
        }
    }
    record_history(
        &tx,
        survivor_id,
        "merged",
        Some(record.merged_id.to_string()),
        None,
        actor.user_id,
        now,
    )
    .await?;
    let mut done: customer_merge::ActiveModel = record.into();
    done.undone_by = Set(Some(actor.user_id));
    done.undone_at = Set(Some(now));
    let done = done.update(&tx).await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "customer.unmerge",
            entity: "customer",
            entity_id: survivor_id.to_string(),
            before: Some(serde_json::json!({ "merge_id": merge_id })),
            after: Some(serde_json::json!({ "restored_id": merged_id })),
        },
    )
    .await?;
    tx.commit().await?;
    view(db, done).await
}

/// The merges into a customer, newest first.
pub async fn merges_of(
    db: &DatabaseConnection,
    actor: &Actor,
    survivor_id: i64,
) -> Result<Vec<MergeRecord>, DomainError> {
    auth::require(actor, Permission::ViewCustomers)?;
    find_in_scope(db, &Scope::of(actor), survivor_id).await?;
    let rows = customer_merge::Entity::find()
        .filter(customer_merge::Column::SurvivorId.eq(survivor_id))
        .order_by_desc(customer_merge::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(view(db, r).await?);
    }
    Ok(out)
}

async fn view(
    db: &impl ConnectionTrait,
    r: customer_merge::Model,
) -> Result<MergeRecord, DomainError> {
    let moved: Moved = serde_json::from_str(&r.moved).unwrap_or_default();
    let dup = customer::Entity::find_by_id(r.merged_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let merged_by: Option<StaffRef> = staff_ref(db, Some(r.merged_by)).await?;
    Ok(MergeRecord {
        id: r.id,
        survivor_id: r.survivor_id,
        merged_id: r.merged_id,
        merged_name: dup.name,
        merged_mobile: dup.mobile,
        counts: moved.counts(),
        merged_by,
        merged_at: r.merged_at,
        undone_at: r.undone_at,
    })
}

/// Every table with a `customer_id` column and what a merge does with it.
/// A schema test fails when a table refers to customers without being listed
/// here, so a new kind of record (tickets, points) cannot be left behind on
/// the duplicate.
pub const CUSTOMER_TABLES: &[(&str, MergeHandling)] = &[
    ("interactions", MergeHandling::Moved),
    ("opportunities", MergeHandling::Moved),
    ("deals", MergeHandling::Moved),
    ("units", MergeHandling::Moved),
    ("users", MergeHandling::Moved),
    ("customer_field_history", MergeHandling::Moved),
    ("customer_tags", MergeHandling::Moved),
    ("tickets", MergeHandling::Moved),
    // With its ledger (keyed by member, not customer); refused when both
    // records are members.
    ("members", MergeHandling::Moved),
    // Moved when the survivor was not referred already (first referrer wins).
    ("referrals", MergeHandling::Moved),
    // The import report says which record a row created; it stays true.
    ("customer_import_rows", MergeHandling::KeptAsHistory),
    // Texts already queued or sent went to the number they were sent to.
    ("outbound_messages", MergeHandling::KeptAsHistory),
    // An invitation and its answers belong to the record they were given
    // under (the results count them once either way).
    ("survey_invitations", MergeHandling::KeptAsHistory),
    // The pyramid is recomputed from the tables above by its job.
    ("customer_segments", MergeHandling::Derived),
    // A member's runs of activity: the database's triggers recompute both
    // records' runs as their interactions and membership move.
    ("member_activity_spans", MergeHandling::Derived),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeHandling {
    /// Re-pointed to the survivor (and back on undo).
    Moved,
    /// Deliberately left on the duplicate: a record of the past.
    KeptAsHistory,
    /// Computed from other tables: by a job, which skips tombstones (until
    /// it runs, readers skip them too), or by triggers as the rows move.
    Derived,
}

/// The tables whose rows a merge moves, for moving them back.
#[derive(Clone, Copy)]
enum Table {
    Interactions,
    Opportunities,
    Deals,
    Units,
    Accounts,
    History,
    Tickets,
    Memberships,
    Referrals,
    Tombstones,
}

impl Table {
    async fn move_back(
        self,
        db: &impl ConnectionTrait,
        ids: &[i64],
        from: i64,
        to: i64,
    ) -> Result<(), sea_orm::DbErr> {
        macro_rules! back {
            ($entity:ident, $col:ident) => {
                for chunk in ids.chunks(500) {
                    $entity::Entity::update_many()
                        .col_expr($entity::Column::$col, Expr::value(to))
                        .filter($entity::Column::Id.is_in(chunk.iter().copied()))
                        .filter($entity::Column::$col.eq(from))
                        .exec(db)
                        .await?;
                }
            };
        }
        match self {
            Table::Interactions => back!(interaction, CustomerId),
            Table::Opportunities => back!(opportunity, CustomerId),
            Table::Deals => back!(deal, CustomerId),
            Table::Units => back!(unit, CustomerId),
            Table::Accounts => back!(user, CustomerId),
            Table::History => back!(history_row, CustomerId),
            Table::Tickets => back!(ticket, CustomerId),
            Table::Memberships => back!(member, CustomerId),
            Table::Referrals => back!(referral, CustomerId),
            Table::Tombstones => back!(customer, MergedIntoId),
        }
        Ok(())
    }
}

async fn ids_of<E: EntityTrait>(
    db: &impl ConnectionTrait,
    owner: E::Column,
    id: E::Column,
    owner_id: i64,
) -> Result<Vec<i64>, sea_orm::DbErr> {
    E::find()
        .select_only()
        .column(id)
        .filter(owner.eq(owner_id))
        .into_tuple()
        .all(db)
        .await
}

async fn move_rows<E: EntityTrait>(
    db: &impl ConnectionTrait,
    owner: E::Column,
    id: E::Column,
    ids: &[i64],
    to: i64,
) -> Result<(), sea_orm::DbErr> {
    for chunk in ids.chunks(500) {
        E::update_many()
            .col_expr(owner, Expr::value(to))
            .filter(id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Profile fields that can be filled from a duplicate (not name, mobile or
/// consent: those are the survivor's own).
const FILLABLE: [&str; 9] = [
    "gender",
    "birthday",
    "id_number",
    "employer",
    "education",
    "city",
    "district",
    "source_channel",
    "notes",
];

fn current_value(c: &customer::Model, field: &str) -> Option<String> {
    match field {
        "gender" => c.gender.clone(),
        "birthday" => c.birthday.map(|d| d.to_string()),
        "id_number" => c.id_number.clone(),
        "employer" => c.employer.clone(),
        "education" => c.education.clone(),
        "city" => c.city.clone(),
        "district" => c.district.clone(),
        "source_channel" => c.source_channel.clone(),
        "notes" => c.notes.clone(),
        _ => None,
    }
}

fn fillable(survivor: &customer::Model, dup: &customer::Model) -> Vec<(String, String)> {
    FILLABLE
        .into_iter()
        .filter(|f| current_value(survivor, f).is_none())
        .filter_map(|f| current_value(dup, f).map(|v| (f.to_owned(), v)))
        .collect()
}

fn column_of(field: &str) -> customer::Column {
    match field {
        "gender" => customer::Column::Gender,
        "birthday" => customer::Column::Birthday,
        "id_number" => customer::Column::IdNumber,
        "employer" => customer::Column::Employer,
        "education" => customer::Column::Education,
        "city" => customer::Column::City,
        "district" => customer::Column::District,
        "source_channel" => customer::Column::SourceChannel,
        _ => customer::Column::Notes,
    }
}

fn value_of(field: &str, value: Option<&String>) -> SimpleExpr {
    if field == "birthday" {
        let date = value.and_then(|v| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok());
        Expr::value(date)
    } else {
        Expr::value(value.cloned())
    }
}
