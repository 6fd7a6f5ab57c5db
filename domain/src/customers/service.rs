//! Creating, reading, searching and editing customers.

use super::Scope;
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::entity::{
    customer, customer_field_history as history_row, customer_tag, member, unit, user,
};
use crate::error::FieldError;
use crate::{DomainError, db::begin_write};
use anju_types::customer::{
    CustomerDraft, CustomerKinds, CustomerPage, CustomerRow, CustomerView, FieldChange, StaffRef,
};
use anju_types::{IdNumber, MobilePhone, Permission, mask_id_number};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, IntoIden, Order, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};

/// A validated customer draft.
pub(crate) struct Valid {
    pub(crate) name: String,
    pub(crate) mobile: MobilePhone,
    gender: Option<String>,
    birthday: Option<NaiveDate>,
    pub(crate) id_number: Option<IdNumber>,
    employer: Option<String>,
    education: Option<String>,
    city: Option<String>,
    district: Option<String>,
    source_channel: Option<String>,
    consent_marketing: bool,
    notes: Option<String>,
    pub(crate) tags: Vec<String>,
}

/// The row a new customer is inserted as (the form and the CSV import).
pub(crate) fn new_record(
    v: &Valid,
    assigned_sales_id: Option<i64>,
    now: DateTime<Utc>,
) -> customer::ActiveModel {
    customer::ActiveModel {
        name: Set(v.name.clone()),
        mobile: Set(v.mobile.to_string()),
        mobile_last4: Set(v.mobile.as_str()[7..].to_owned()),
        name_initials: Set(super::initials::name_initials(&v.name)),
        gender: Set(v.gender.clone()),
        birthday: Set(v.birthday),
        id_number: Set(v.id_number.as_ref().map(|i| i.to_string())),
        employer: Set(v.employer.clone()),
        education: Set(v.education.clone()),
        city: Set(v.city.clone()),
        district: Set(v.district.clone()),
        source_channel: Set(v.source_channel.clone()),
        consent_marketing: Set(v.consent_marketing),
        notes: Set(v.notes.clone()),
        assigned_sales_id: Set(assigned_sales_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// A trimmed optional text field, refused (`too_long`) beyond `max` characters.
pub(crate) fn text(
    value: &Option<String>,
    max: usize,
    field: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let v = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    if v.chars().count() > max {
        errors.push(FieldError {
            field,
            code: "too_long",
        });
        return None;
    }
    Some(v.to_owned())
}

pub(crate) fn validate(d: &CustomerDraft, today: NaiveDate) -> Result<Valid, DomainError> {
    let mut errors = Vec::new();
    let name = d.name.trim().to_owned();
    if name.is_empty() {
        errors.push(FieldError {
            field: "name",
            code: "required",
        });
    } else if name.chars().count() > 32 {
        errors.push(FieldError {
            field: "name",
            code: "too_long",
        });
    }
    let mobile = match MobilePhone::parse(&d.mobile) {
        Ok(m) => Some(m),
        Err(anju_types::PhoneError::Empty) => {
            errors.push(FieldError {
                field: "mobile",
                code: "required",
            });
            None
        }
        Err(_) => {
            errors.push(FieldError {
                field: "mobile",
                code: "invalid_mobile",
            });
            None
        }
    };
    let gender = match d.gender.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(g @ ("male" | "female")) => Some(g.to_owned()),
        Some(_) => {
            errors.push(FieldError {
                field: "gender",
                code: "invalid_choice",
            });
            None
        }
    };
    let birthday = match d.birthday.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(date) if date <= today && date >= today - chrono::Duration::days(130 * 366) => {
                Some(date)
            }
            _ => {
                errors.push(FieldError {
                    field: "birthday",
                    code: "invalid_date",
                });
                None
            }
        },
    };
    let id_number = match d.id_number.as_deref().map(str::trim) {
        // A masked number is the form echoing what it showed: "unchanged".
        None | Some("") => None,
        Some(s) if s.contains('*') => None,
        Some(s) => match IdNumber::parse(s) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(FieldError {
                    field: "id_number",
                    code: "invalid_id_number",
                });
                None
            }
        },
    };
    let mut tags: Vec<String> = d
        .tags
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    if tags.len() > 20 || tags.iter().any(|t| t.chars().count() > 32) {
        errors.push(FieldError {
            field: "tags",
            code: "too_many_or_too_long",
        });
    }
    let employer = text(&d.employer, 128, "employer", &mut errors);
    let education = text(&d.education, 32, "education", &mut errors);
    let city = text(&d.city, 32, "city", &mut errors);
    let district = text(&d.district, 32, "district", &mut errors);
    let source_channel = text(&d.source_channel, 32, "source_channel", &mut errors);
    let notes = text(&d.notes, 2000, "notes", &mut errors);
    let mobile = match mobile {
        Some(m) if errors.is_empty() => m,
        _ => return Err(DomainError::Validation(errors)),
    };
    Ok(Valid {
        name,
        mobile,
        gender,
        birthday,
        id_number,
        employer,
        education,
        city,
        district,
        source_channel,
        consent_marketing: d.consent_marketing,
        notes,
        tags,
    })
}

#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// A full mobile number, its last 4 digits, or the start of a name.
    pub q: Option<String>,
    pub tag: Option<String>,
    /// Keyset cursor: the last id of the previous page.
    pub after: Option<i64>,
    pub limit: u64,
}

/// Fields whose every change is kept with who, when, old and new.
/// (`assigned_sales` changes are written by the reassignment.)
const KEY_FIELDS: [&str; 4] = ["name", "mobile", "id_number", "consent_marketing"];

pub async fn create(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &CustomerDraft,
    now: DateTime<Utc>,
) -> Result<CustomerView, DomainError> {
    register(db, actor, draft, None, now).await
}

/// Registers a customer and, for a walk-in with a project of interest
/// (意向楼盘), opens an opportunity at 来访 — both or neither.
pub async fn register(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &CustomerDraft,
    interested_in: Option<i64>,
    now: DateTime<Utc>,
) -> Result<CustomerView, DomainError> {
    auth::require(actor, Permission::EditCustomers)?;
    if interested_in.is_some() {
        auth::require(actor, Permission::ViewPipeline)?;
    }
    let scope = Scope::of(actor);
    if scope == Scope::Nothing {
        return Err(DomainError::Forbidden);
    }
    let v = validate(draft, crate::business_date(now))?;
    let tx = begin_write(db).await?;
    check_unique(&tx, &scope, &v, None).await?;
    let assigned = matches!(scope, Scope::Own { .. }).then_some(actor.user_id);
    let inserted = new_record(&v, assigned, now)
        .insert(&tx)
        .await
        .map_err(|e| duplicate_or(e, "mobile"))?;
    replace_tags(&tx, inserted.id, &v.tags).await?;
    if let Some(project_id) = interested_in {
        use crate::pipeline::opportunities::{NewOpportunity, insert_in};
        insert_in(
            &tx,
            actor,
            &inserted,
            NewOpportunity::visit(project_id),
            now,
        )
        .await?;
    }
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "customer.create",
            entity: "customer",
            entity_id: inserted.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "name": v.name, "mobile": v.mobile.masked(), "assigned_sales_id": assigned })),
        },
    )
    .await?;
    tx.commit().await?;
    get(db, actor, inserted.id).await
}

/// Replaces the profile (the form's full set of fields). Changes of key
/// fields are kept in the field history.
pub async fn update(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    draft: &CustomerDraft,
    now: DateTime<Utc>,
) -> Result<CustomerView, DomainError> {
    auth::require(actor, Permission::EditCustomers)?;
    let scope = Scope::of(actor);
    let v = validate(draft, crate::business_date(now))?;
    let tx = begin_write(db).await?;
    let current = find_in_scope(&tx, &scope, id).await?;
    check_unique(&tx, &scope, &v, Some(id)).await?;
    // Keep the stored ID number when a masked one comes back unchanged.
    let new_id_number = match (&v.id_number, &draft.id_number) {
        (Some(id), _) => Some(id.to_string()),
        (None, Some(s)) if s.contains('*') => current.id_number.clone(),
        _ => None,
    };
    let changes: Vec<(&str, Option<String>, Option<String>)> = vec![
        ("name", Some(current.name.clone()), Some(v.name.clone())),
        (
            "mobile",
            Some(current.mobile.clone()),
            Some(v.mobile.to_string()),
        ),
        (
            "id_number",
            current.id_number.clone(),
            new_id_number.clone(),
        ),
        (
            "consent_marketing",
            Some(current.consent_marketing.to_string()),
            Some(v.consent_marketing.to_string()),
        ),
    ];
    for (field, old, new) in changes.into_iter().filter(|(_, o, n)| o != n) {
        debug_assert!(KEY_FIELDS.contains(&field));
        record_history(&tx, id, field, old, new, actor.user_id, now).await?;
    }
    let before =
        serde_json::json!({ "name": current.name, "consent_marketing": current.consent_marketing });
    let mut model: customer::ActiveModel = current.into();
    model.name_initials = Set(super::initials::name_initials(&v.name));
    model.name = Set(v.name.clone());
    model.mobile = Set(v.mobile.to_string());
    model.mobile_last4 = Set(v.mobile.as_str()[7..].to_owned());
    model.gender = Set(v.gender);
    model.birthday = Set(v.birthday);
    model.id_number = Set(new_id_number);
    model.employer = Set(v.employer);
    model.education = Set(v.education);
    model.city = Set(v.city);
    model.district = Set(v.district);
    model.source_channel = Set(v.source_channel);
    model.consent_marketing = Set(v.consent_marketing);
    model.notes = Set(v.notes);
    model.updated_at = Set(now);
    model
        .update(&tx)
        .await
        .map_err(|e| duplicate_or(e, "mobile"))?;
    replace_tags(&tx, id, &v.tags).await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "customer.update",
            entity: "customer",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(
                serde_json::json!({ "name": v.name, "consent_marketing": v.consent_marketing }),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    get(db, actor, id).await
}

pub async fn get(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<CustomerView, DomainError> {
    auth::require(actor, Permission::ViewCustomers)?;
    let c = find_in_scope(db, &Scope::of(actor), id).await?;
    let tags = customer_tag::Entity::find()
        .filter(customer_tag::Column::CustomerId.eq(id))
        .order_by_asc(customer_tag::Column::Tag)
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag)
        .collect();
    let assigned_sales = staff_ref(db, c.assigned_sales_id).await?;
    let kinds = kinds_of(db, c.id).await?;
    let show_id = auth::can(actor, Permission::ViewIdNumbers);
    Ok(CustomerView {
        id: c.id,
        name: c.name,
        mobile: c.mobile,
        gender: c.gender,
        birthday: c.birthday,
        id_number: c
            .id_number
            .map(|n| if show_id { n } else { mask_id_number(&n) }),
        employer: c.employer,
        education: c.education,
        city: c.city,
        district: c.district,
        source_channel: c.source_channel,
        consent_marketing: c.consent_marketing,
        notes: c.notes,
        tags,
        assigned_sales,
        kinds,
        created_at: c.created_at,
        updated_at: c.updated_at,
    })
}

/// Customers in the actor's scope, newest first, keyset-paginated.
pub async fn search(
    db: &DatabaseConnection,
    actor: &Actor,
    query: &SearchQuery,
) -> Result<CustomerPage, DomainError> {
    auth::require(actor, Permission::ViewCustomers)?;
    let limit = query.limit.clamp(1, 200);
    let mut cond = Condition::all().add(Scope::of(actor).condition());
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        cond = cond.add(match_condition(q));
    }
    if let Some(tag) = query
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let tagged = Query::select()
            .column(customer_tag::Column::CustomerId)
            .from(customer_tag::Entity)
            .and_where(Expr::col(customer_tag::Column::Tag).eq(tag))
            .to_owned();
        cond = cond.add(customer::Column::Id.in_subquery(tagged));
    }
    if let Some(after) = query.after {
        cond = cond.add(customer::Column::Id.lt(after));
    }
    // One statement: the page's ids first (from an index alone when one
    // covers the filter: a common name prefix matches thousands), then
    // only those rows, each with its salesperson's name and its kinds.
    let page = Query::select()
        .column(customer::Column::Id)
        .from(customer::Entity)
        .cond_where(cond)
        .order_by(customer::Column::Id, Order::Desc)
        .limit(limit)
        .to_owned();
    let stmt = Query::select()
        .columns(
            [
                customer::Column::Id,
                customer::Column::Name,
                customer::Column::Mobile,
                customer::Column::SourceChannel,
                customer::Column::CreatedAt,
                customer::Column::AssignedSalesId,
            ]
            .map(|c| (customer::Entity, c)),
        )
        .from(customer::Entity)
        .expr_as(
            Expr::col((user::Entity, user::Column::DisplayName)),
            "assigned_sales_name",
        )
        .expr_as(is_member_expr(), "member")
        .expr_as(is_owner_expr(), "owner")
        .left_join(
            user::Entity,
            Expr::col((user::Entity, user::Column::Id))
                .equals((customer::Entity, customer::Column::AssignedSalesId)),
        )
        .and_where(Expr::col((customer::Entity, customer::Column::Id)).in_subquery(page))
        .order_by((customer::Entity, customer::Column::Id), Order::Desc)
        .to_owned();
    let rows = <SearchRow as sea_orm::FromQueryResult>::find_by_statement(
        db.get_database_backend().build(&stmt),
    )
    .all(db)
    .await?;
    let next_after = (rows.len() as u64 == limit)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    Ok(CustomerPage {
        items: rows
            .into_iter()
            .map(|r| CustomerRow {
                kinds: CustomerKinds {
                    prospect: !r.owner,
                    owner: r.owner,
                    member: r.member,
                },
                assigned_sales: r
                    .assigned_sales_id
                    .zip(r.assigned_sales_name)
                    .map(|(id, name)| StaffRef { id, name }),
                id: r.id,
                name: r.name,
                mobile: r.mobile,
                source_channel: r.source_channel,
                created_at: r.created_at,
            })
            .collect(),
        next_after,
    })
}

/// A row of the customer list, as [`search`] reads it.
#[derive(sea_orm::FromQueryResult)]
struct SearchRow {
    id: i64,
    name: String,
    mobile: String,
    source_channel: Option<String>,
    created_at: DateTime<Utc>,
    assigned_sales_id: Option<i64>,
    assigned_sales_name: Option<String>,
    member: bool,
    owner: bool,
}

/// Member: a member login belongs to the customer.
fn is_member_expr() -> Expr {
    exists_for_customer(
        Query::select().from(member::Entity).to_owned(),
        (member::Entity, member::Column::CustomerId),
    )
}

/// Owner: a contracted or delivered unit is theirs.
fn is_owner_expr() -> Expr {
    exists_for_customer(
        Query::select()
            .from(unit::Entity)
            .and_where(Expr::col((unit::Entity, unit::Column::Status)).is_in(sold_statuses()))
            .to_owned(),
        (unit::Entity, unit::Column::CustomerId),
    )
}

/// `EXISTS (SELECT 1 FROM … WHERE <column> = customer.id AND …)`: the
/// `1` is written into the SQL, not bound, so the planner sees a constant.
fn exists_for_customer(mut rows: SelectStatement, column: (impl IntoIden, impl IntoIden)) -> Expr {
    Expr::exists(
        rows.expr(Expr::cust("1"))
            .and_where(Expr::col(column).equals((customer::Entity, customer::Column::Id)))
            .to_owned(),
    )
}

fn sold_statuses() -> impl Iterator<Item = &'static str> {
    anju_types::UnitStatus::ALL
        .into_iter()
        .filter(|s| s.is_sold())
        .map(|s| s.as_str())
}

/// The key-field history of one customer, newest first.
pub async fn history(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<Vec<FieldChange>, DomainError> {
    auth::require(actor, Permission::ViewCustomers)?;
    find_in_scope(db, &Scope::of(actor), id).await?;
    let rows = history_row::Entity::find()
        .filter(history_row::Column::CustomerId.eq(id))
        .order_by_desc(history_row::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let show_id = auth::can(actor, Permission::ViewIdNumbers);
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let mask = |v: Option<String>| {
            if r.field == "id_number" && !show_id {
                v.map(|s| mask_id_number(&s))
            } else {
                v
            }
        };
        out.push(FieldChange {
            changed_by: staff_ref(db, r.changed_by).await?,
            old_value: mask(r.old_value.clone()),
            new_value: mask(r.new_value.clone()),
            field: r.field,
            changed_at: r.changed_at,
        });
    }
    Ok(out)
}

/// Full mobile → exact; 4 digits → last-4 index; otherwise a name prefix
/// (a range on the name index, which works on both engines).
/// A full mobile also finds the survivor of a record merged away with it;
/// letters only match pinyin initials (`zsf` → 张三丰) or a Latin name.
fn match_condition(q: &str) -> Condition {
    if let Ok(phone) = MobilePhone::parse(q) {
        let merged_with_it = Query::select()
            .column(customer::Column::MergedIntoId)
            .from(customer::Entity)
            .and_where(Expr::col(customer::Column::Mobile).eq(phone.to_string()))
            .and_where(Expr::col(customer::Column::MergedIntoId).is_not_null())
            .to_owned();
        return Condition::any()
            .add(customer::Column::Mobile.eq(phone.to_string()))
            .add(customer::Column::Id.in_subquery(merged_with_it));
    }
    if q.len() == 4 && q.bytes().all(|b| b.is_ascii_digit()) {
        return Condition::all().add(customer::Column::MobileLast4.eq(q));
    }
    if super::initials::is_initials_query(q) {
        // Initials keep ASCII letters as they are, so this also finds Latin
        // names by prefix (case-insensitively): one index range, no OR.
        let q = q.to_ascii_lowercase();
        return Condition::all()
            .add(customer::Column::NameInitials.gte(q.as_str()))
            .add(customer::Column::NameInitials.lt(format!("{q}\u{7f}")));
    }
    Condition::all()
        .add(customer::Column::Name.gte(q))
        .add(customer::Column::Name.lt(format!("{q}\u{10FFFF}")))
}

pub(crate) async fn find_in_scope(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: i64,
) -> Result<customer::Model, DomainError> {
    customer::Entity::find()
        .filter(customer::Column::Id.eq(id))
        .filter(scope.condition())
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Refuses a mobile or ID number another customer already has; reveals that
/// customer's id only when it is in the caller's scope.
async fn check_unique(
    db: &impl ConnectionTrait,
    scope: &Scope,
    v: &Valid,
    except: Option<i64>,
) -> Result<(), DomainError> {
    let mut checks = vec![("mobile", customer::Column::Mobile.eq(v.mobile.to_string()))];
    if let Some(id) = &v.id_number {
        checks.push(("id_number", customer::Column::IdNumber.eq(id.to_string())));
    }
    for (field, cond) in checks {
        let mut q = customer::Entity::find().filter(cond);
        if let Some(except) = except {
            q = q.filter(customer::Column::Id.ne(except));
        }
        if let Some(existing) = q.one(db).await? {
            // A merged record's phone belongs to its survivor now.
            let existing_id = existing.merged_into_id.unwrap_or(existing.id);
            if Some(existing_id) == except {
                continue;
            }
            let visible = customer::Entity::find()
                .filter(customer::Column::Id.eq(existing_id))
                .filter(scope.condition())
                .count(db)
                .await?
                > 0;
            return Err(DomainError::Duplicate {
                field,
                existing_id: visible.then_some(existing_id),
            });
        }
    }
    Ok(())
}

/// Keeps one change of a customer's key field: who, when, old and new.
pub(crate) async fn record_history(
    db: &impl ConnectionTrait,
    customer_id: i64,
    field: &str,
    old_value: Option<String>,
    new_value: Option<String>,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    history_row::ActiveModel {
        customer_id: Set(customer_id),
        field: Set(field.to_owned()),
        old_value: Set(old_value),
        new_value: Set(new_value),
        changed_by: Set(Some(by)),
        changed_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A unique-key violation that slipped past [`check_unique`] (a concurrent
/// insert) is still a duplicate, recognised by its kind, never its text.
fn duplicate_or(e: DbErr, field: &'static str) -> DomainError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => DomainError::Duplicate {
            field,
            existing_id: None,
        },
        _ => DomainError::Db(e),
    }
}

pub(crate) async fn replace_tags(
    db: &impl ConnectionTrait,
    customer_id: i64,
    tags: &[String],
) -> Result<(), DbErr> {
    customer_tag::Entity::delete_many()
        .filter(customer_tag::Column::CustomerId.eq(customer_id))
        .exec(db)
        .await?;
    if !tags.is_empty() {
        customer_tag::Entity::insert_many(tags.iter().map(|t| customer_tag::ActiveModel {
            customer_id: Set(customer_id),
            tag: Set(t.clone()),
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

pub(crate) async fn staff_ref(
    db: &impl ConnectionTrait,
    id: Option<i64>,
) -> Result<Option<StaffRef>, DbErr> {
    let Some(id) = id else { return Ok(None) };
    Ok(user::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|u| StaffRef {
            id: u.id,
            name: u.display_name,
        }))
}

/// What one customer is, by the same tests as search's rows
/// ([`is_member_expr`], [`is_owner_expr`]): everyone who is not an owner is
/// a prospect.
async fn kinds_of(db: &impl ConnectionTrait, id: i64) -> Result<CustomerKinds, DbErr> {
    let stmt = Query::select()
        .expr_as(is_member_expr(), "member")
        .expr_as(is_owner_expr(), "owner")
        .from(customer::Entity)
        .and_where(Expr::col((customer::Entity, customer::Column::Id)).eq(id))
        .to_owned();
    let (member, owner) = match db.query_one(&stmt).await? {
        Some(row) => (row.try_get("", "member")?, row.try_get("", "owner")?),
        None => (false, false),
    };
    Ok(CustomerKinds {
        prospect: !owner,
        owner,
        member,
    })
}
