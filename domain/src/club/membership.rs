//! Joining the club (入会) and reading a membership: the member's own view,
//! and the club manager's list, search and manual adjustments.

use super::ledger::{self, Movement};
use super::rules::{self, TierThresholds};
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor, password, throttle};
use crate::customers::service::{new_record, record_history, validate};
use crate::db::begin_write;
use crate::entity::{customer, member, user};
use crate::idempotency::{self, ANONYMOUS, IdempotencyKey};
use crate::users::{NewUser, insert_user};
use crate::{DomainError, outbox, settings};
use anju_types::club::{
    Adjustment, Education, Enrolment, LedgerKind, MemberPage, MemberRow, Membership,
    PointsEntryView, PointsReason, PointsSummary, Tier,
};
use anju_types::customer::CustomerDraft;
use anju_types::{AccountKind, MobilePhone, Permission, Role};
use chrono::{DateTime, Datelike, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// `member.enrolled`, for webhooks and analytics.
pub const MEMBER_ENROLLED: &str = "member.enrolled";

const NAME_MAX: usize = 40;
const MIN_AGE: i32 = 18;

/// 入会: a visitor joins online. A customer already on file with this
/// mobile number is linked (blank profile fields filled, nothing
/// overwritten but the marketing consent, which is theirs to give); anyone
/// else becomes a new customer. Creates the member login, the membership
/// (普卡) and the welcome points, all or nothing.
pub async fn enrol(
    db: &DatabaseConnection,
    form: &Enrolment,
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<Membership, DomainError> {
    let draft = validate_enrolment(form, now)?;
    let fingerprint = idempotency::fingerprint(
        "club.enrol",
        &(
            &draft.name,
            &draft.mobile,
            &draft.gender,
            form.birth_year,
            &draft.employer,
            &draft.education,
            draft.consent_marketing,
        ),
    );
    // Hash before taking the write lock: argon2 is deliberately slow.
    let pw = form.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(|e| DomainError::Internal(format!("hash task: {e}")))??;
    let attempt = enrol_in_tx(db, &draft, form.birth_year, &hash, key, &fingerprint, now).await;
    match attempt {
        // A concurrent twin with the same key committed first: replay it.
        Err(e) if key.is_some() && idempotency::is_unique_violation(&e) => {
            idempotency::replay(db, ANONYMOUS, key, &fingerprint)
                .await?
                .ok_or(e)
        }
        other => other,
    }
}

/// [`enrol`] for a visitor at a network `address` (the portal's form and
/// the API): each attempt counts against the club rule
/// `club.enrolments_per_address_per_hour`; past it, `Throttled` (429).
pub async fn enrol_from(
    db: &DatabaseConnection,
    form: &Enrolment,
    key: Option<&IdempotencyKey>,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Membership, DomainError> {
    let per_hour = settings::get_int(db, rules::ENROLMENTS_PER_ADDRESS_PER_HOUR).await?;
    let rate = throttle::RateLimit {
        limit: per_hour,
        window: Duration::hours(1),
    };
    throttle::take(db, &format!("enrol:{address}"), rate, now).await?;
    enrol(db, form, key, now).await
}

fn validate_enrolment(form: &Enrolment, now: DateTime<Utc>) -> Result<CustomerDraft, DomainError> {
    // The customer record keeps education as staff type it: the label.
    let education = form
        .education
        .as_deref()
        .and_then(|e| Education::parse(e.trim()))
        .map(|e| e.label(anju_types::Lang::Zh).to_owned());
    let draft = CustomerDraft {
        name: form.name.clone(),
        mobile: form.mobile.clone(),
        gender: form.gender.clone(),
        employer: form.employer.clone(),
        education,
        consent_marketing: form.consent_marketing,
        source_channel: Some("会员入会".to_owned()),
        ..Default::default()
    };
    let mut errors = match validate(&draft, crate::business_date(now)) {
        Ok(_) => Vec::new(),
        Err(DomainError::Validation(fields)) => fields,
        Err(e) => return Err(e),
    };
    if form.name.trim().chars().count() > NAME_MAX {
        errors.push(crate::error::FieldError {
            field: "name",
            code: "too_long",
        });
    }
    let this_year = crate::business_date(now).year();
    match form.birth_year {
        None => errors.push(crate::error::FieldError {
            field: "birth_year",
            code: "required",
        }),
        Some(y) if y > this_year - MIN_AGE => errors.push(crate::error::FieldError {
            field: "birth_year",
            code: "under_18",
        }),
        Some(y) if y < this_year - 120 => errors.push(crate::error::FieldError {
            field: "birth_year",
            code: "invalid_year",
        }),
        Some(_) => {}
    }
    if let Some(e) = form.education.as_deref().filter(|e| !e.trim().is_empty())
        && Education::parse(e.trim()).is_none()
    {
        errors.push(crate::error::FieldError {
            field: "education",
            code: "invalid_choice",
        });
    }
    if let Err(DomainError::Validation(fields)) = password::check_strength(&form.password) {
        errors.extend(fields);
    }
    if errors.is_empty() {
        Ok(CustomerDraft {
            name: draft.name.trim().to_owned(),
            mobile: MobilePhone::parse(&draft.mobile)
                .map(|m| m.to_string())
                .unwrap_or_default(),
            ..draft
        })
    } else {
        Err(DomainError::Validation(errors))
    }
}

async fn enrol_in_tx(
    db: &DatabaseConnection,
    draft: &CustomerDraft,
    birth_year: Option<i32>,
    password_hash: &str,
    key: Option<&IdempotencyKey>,
    fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<Membership, DomainError> {
    let tx = begin_write(db).await?;
    if let Some(done) = idempotency::replay(&tx, ANONYMOUS, key, fingerprint).await? {
        return Ok(done);
    }
    let login_taken = user::Entity::find()
        .filter(user::Column::Login.eq(draft.mobile.as_str()))
        .one(&tx)
        .await?
        .is_some();
    if login_taken {
        return Err(DomainError::Conflict("mobile_registered"));
    }
    let existing = customer::Entity::find()
        .filter(customer::Column::Mobile.eq(draft.mobile.as_str()))
        .filter(customer::Column::MergedIntoId.is_null())
        .one(&tx)
        .await?;
    let (customer, consent_before) = match existing {
        Some(c) => {
            let before = c.consent_marketing;
            let mut row: customer::ActiveModel = c.clone().into();
            if c.gender.is_none() {
                row.gender = Set(draft.gender.clone());
            }
            if c.employer.is_none() {
                row.employer = Set(draft.employer.clone());
            }
            if c.education.is_none() {
                row.education = Set(draft.education.clone());
            }
            row.consent_marketing = Set(draft.consent_marketing);
            row.updated_at = Set(now);
            (row.update(&tx).await?, Some(before))
        }
        None => {
            let v = validate(draft, crate::business_date(now))?;
            (new_record(&v, None, now).insert(&tx).await?, None)
        }
    };
    if member::Entity::find()
        .filter(member::Column::CustomerId.eq(customer.id))
        .one(&tx)
        .await?
        .is_some()
    {
        return Err(DomainError::Conflict("already_member"));
    }
    let login = insert_user(
        &tx,
        NewUser {
            kind: AccountKind::Member,
            login: draft.mobile.clone(),
            display_name: customer.name.clone(),
            password: String::new(),
            roles: vec![Role::Member],
            department_id: None,
            customer_id: Some(customer.id),
            merchant_id: None,
        },
        draft.mobile.clone(),
        password_hash.to_owned(),
        now,
    )
    .await?;
    if let Some(before) = consent_before.filter(|b| *b != draft.consent_marketing) {
        record_history(
            &tx,
            customer.id,
            "consent_marketing",
            Some(before.to_string()),
            Some(draft.consent_marketing.to_string()),
            login.id,
            now,
        )
        .await?;
    }
    let mut joined = insert_member(&tx, customer.id, birth_year, now).await?;
    if let Some(referrer) = super::referrals::referrer_of(&tx, customer.id).await? {
        let mut row: member::ActiveModel = joined.into();
        row.referred_by_member_id = Set(Some(referrer));
        joined = row.update(&tx).await?;
    }
    let welcome = settings::get_int(&tx, rules::ENROLMENT_POINTS).await?;
    if welcome > 0 {
        ledger::credit(
            &tx,
            joined.id,
            Movement::new(LedgerKind::Earn, PointsReason::Enrolment, welcome).dedupe("enrolment"),
            now,
        )
        .await?;
    }
    outbox::emit(
        &tx,
        MEMBER_ENROLLED,
        &serde_json::json!({
            "member_id": joined.id,
            "customer_id": customer.id,
            "member_no": joined.member_no,
            "referred_by_member_id": joined.referred_by_member_id,
        }),
        now,
    )
    .await?;
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(login.id),
            action: "member.enrol",
            entity: "member",
            entity_id: joined.id.to_string(),
            before: None,
            after: Some(serde_json::json!({ "customer_id": customer.id, "linked": consent_before.is_some() })),
        },
    )
    .await?;
    let result = membership(&tx, joined.id, &customer.name).await?;
    idempotency::remember(&tx, ANONYMOUS, key, fingerprint, &result, now).await?;
    tx.commit().await?;
    Ok(result)
}

/// A membership row with its member number (AJ + 8 digits of its id), no
/// points yet (enrolment, demo data and tests build on it).
pub async fn insert_member(
    tx: &impl ConnectionTrait,
    customer_id: i64,
    birth_year: Option<i32>,
    now: DateTime<Utc>,
) -> Result<member::Model, DomainError> {
    let row = member::ActiveModel {
        customer_id: Set(customer_id),
        // Unique placeholder until the id is known.
        member_no: Set(format!("new-{customer_id}")),
        tier: Set(Tier::Basic.as_str().to_owned()),
        points_balance: Set(0),
        points_earned: Set(0),
        referred_by_member_id: Set(None),
        birth_year: Set(birth_year),
        enrolled_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    let mut row: member::ActiveModel = row.into();
    row.member_no = Set(member_no(*row.id.as_ref()));
    Ok(row.update(tx).await?)
}

pub fn member_no(id: i64) -> String {
    format!("AJ{id:08}")
}

async fn membership(
    db: &impl ConnectionTrait,
    member_id: i64,
    name: &str,
) -> Result<Membership, DomainError> {
    let m = member::Entity::find_by_id(member_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Membership {
        member_no: m.member_no.clone(),
        name: name.to_owned(),
        tier: ledger::tier_of(&m),
        points_balance: m.points_balance,
        points_earned: m.points_earned,
        enrolled_at: m.enrolled_at,
    })
}

/// The signed-in member's membership row; `NotFound` when the member has
/// not joined the club.
pub async fn own(db: &impl ConnectionTrait, actor: &Actor) -> Result<member::Model, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let customer_id = actor.customer_id.ok_or(DomainError::NotFound)?;
    member::Entity::find()
        .filter(member::Column::CustomerId.eq(customer_id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The member's points at a glance: balance (O(1), kept with the ledger),
/// what lapses in the next 90 days, and the way to the next tier. One
/// query: every portal page and the points API ask for it.
pub async fn points_summary(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<PointsSummary, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let customer_id = actor.customer_id.ok_or(DomainError::NotFound)?;
    let until = now + Duration::days(90);
    let row = member::Entity::find()
        .select_only()
        .columns([
            member::Column::MemberNo,
            member::Column::Tier,
            member::Column::PointsBalance,
            member::Column::PointsEarned,
        ])
        .expr_as(ledger::expiring_expr(until), "expiring_soon")
        .expr_as(rules::SILVER_FROM.stored_value_expr(), "silver_from")
        .expr_as(rules::GOLD_FROM.stored_value_expr(), "gold_from")
        .expr_as(rules::DIAMOND_FROM.stored_value_expr(), "diamond_from")
        .filter(member::Column::CustomerId.eq(customer_id))
        .into_model::<SummaryRow>()
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let thresholds = TierThresholds {
        silver: rules::SILVER_FROM.value_or_default(row.silver_from.as_deref()),
        gold: rules::GOLD_FROM.value_or_default(row.gold_from.as_deref()),
        diamond: rules::DIAMOND_FROM.value_or_default(row.diamond_from.as_deref()),
    };
    let next = thresholds.next(row.points_earned);
    Ok(PointsSummary {
        member_no: row.member_no,
        tier: Tier::parse(&row.tier).unwrap_or(Tier::Basic),
        balance: row.points_balance,
        earned_total: row.points_earned,
        expiring_soon: row.expiring_soon.unwrap_or(0),
        expiring_before: until,
        next_tier: next.map(|(t, _)| t),
        points_to_next_tier: next.map(|(_, n)| n),
    })
}

#[derive(sea_orm::FromQueryResult)]
struct SummaryRow {
    member_no: String,
    tier: String,
    points_balance: i64,
    points_earned: i64,
    expiring_soon: Option<i64>,
    silver_from: Option<String>,
    gold_from: Option<String>,
    diamond_from: Option<String>,
}

/// The member's ledger, newest first.
pub async fn own_entries(
    db: &DatabaseConnection,
    actor: &Actor,
    cursor: Option<i64>,
    limit: u64,
) -> Result<anju_types::club::PointsEntriesPage, DomainError> {
    let m = own(db, actor).await?;
    ledger::entries(db, m.id, cursor, limit).await
}

/// The club manager's member list: search by name, member number or
/// mobile (full or last 4 digits); newest members first.
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
    q: Option<&str>,
    page: u64,
    per_page: u64,
) -> Result<MemberPage, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let per_page = per_page.clamp(1, 100);
    let mut query = member::Entity::find()
        .select_only()
        .columns([
            member::Column::Id,
            member::Column::CustomerId,
            member::Column::MemberNo,
            member::Column::Tier,
            member::Column::PointsBalance,
            member::Column::PointsEarned,
            member::Column::EnrolledAt,
        ])
        .column(customer::Column::Name)
        .column(customer::Column::Mobile)
        .join(
            sea_orm::JoinType::InnerJoin,
            member::Entity::belongs_to(customer::Entity)
                .from(member::Column::CustomerId)
                .to(customer::Column::Id)
                .into(),
        );
    if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
        let cond = if let Ok(phone) = MobilePhone::parse(q) {
            Condition::all().add(customer::Column::Mobile.eq(phone.to_string()))
        } else if q.len() == 4 && q.bytes().all(|b| b.is_ascii_digit()) {
            Condition::all().add(customer::Column::MobileLast4.eq(q))
        } else {
            Condition::any()
                .add(member::Column::MemberNo.eq(q.to_uppercase()))
                .add(customer::Column::Name.starts_with(q))
        };
        query = query.filter(cond);
    }
    let query = query.order_by_desc(member::Column::Id);
    let total = query.clone().count(db).await?;
    type Row = (
        i64,
        i64,
        String,
        String,
        i64,
        i64,
        DateTime<Utc>,
        String,
        String,
    );
    let rows: Vec<Row> = query
        .offset(page * per_page)
        .limit(per_page)
        .into_tuple()
        .all(db)
        .await?;
    Ok(MemberPage {
        items: rows
            .into_iter()
            .map(
                |(
                    member_id,
                    customer_id,
                    member_no,
                    tier,
                    balance,
                    earned,
                    enrolled_at,
                    name,
                    mobile,
                )| {
                    MemberRow {
                        member_id,
                        customer_id,
                        member_no,
                        name,
                        mobile,
                        tier: Tier::parse(&tier).unwrap_or(Tier::Basic),
                        points_balance: balance,
                        points_earned: earned,
                        enrolled_at,
                    }
                },
            )
            .collect(),
        total,
    })
}

/// One member for the club manager: the row and the ledger's first page.
pub async fn staff_get(
    db: &DatabaseConnection,
    actor: &Actor,
    member_id: i64,
    cursor: Option<i64>,
) -> Result<(MemberRow, anju_types::club::PointsEntriesPage), DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let m = member::Entity::find_by_id(member_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let c = customer::Entity::find_by_id(m.customer_id)
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    let entries = ledger::entries(db, m.id, cursor, 50).await?;
    Ok((
        MemberRow {
            member_id: m.id,
            customer_id: c.id,
            member_no: m.member_no.clone(),
            name: c.name,
            mobile: c.mobile,
            tier: ledger::tier_of(&m),
            points_balance: m.points_balance,
            points_earned: m.points_earned,
            enrolled_at: m.enrolled_at,
        },
        entries,
    ))
}

const ADJUST_MAX: i64 = 1_000_000;
const REASON_MAX: usize = 200;

/// A manual adjustment by the club manager: non-zero points, a mandatory
/// reason, audited; a deduction never takes the balance below zero.
pub async fn adjust(
    db: &DatabaseConnection,
    actor: &Actor,
    member_id: i64,
    input: &Adjustment,
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<PointsEntryView, DomainError> {
    auth::require(actor, Permission::ManageClub)?;
    let reason = input.reason.trim().to_owned();
    let mut errors = Vec::new();
    if input.points == 0 || input.points.abs() > ADJUST_MAX {
        errors.push(crate::error::FieldError {
            field: "points",
            code: "out_of_range",
        });
    }
    match reason.chars().count() {
        0 => errors.push(crate::error::FieldError {
            field: "reason",
            code: "required",
        }),
        n if n > REASON_MAX => errors.push(crate::error::FieldError {
            field: "reason",
            code: "too_long",
        }),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    let fingerprint = idempotency::fingerprint("club.adjust", &(member_id, input.points, &reason));
    let tx = begin_write(db).await?;
    let before = ledger::lock_member(&tx, member_id, now).await?;
    if let Some(done) = idempotency::replay(&tx, actor.user_id, key, &fingerprint).await? {
        return Ok(done);
    }
    let mut m = Movement::new(LedgerKind::Adjust, PointsReason::Manual, input.points.abs());
    m.note = Some(reason.clone());
    m.actor_user_id = Some(actor.user_id);
    let entry = if input.points > 0 {
        ledger::credit(&tx, member_id, m, now).await?
    } else {
        ledger::debit(&tx, member_id, m, now).await?
    };
    audit::record(
        &tx,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "member.points_adjust",
            entity: "member",
            entity_id: member_id.to_string(),
            before: Some(serde_json::json!({ "balance": before.points_balance })),
            after: Some(serde_json::json!({
                "balance": before.points_balance + input.points,
                "points": input.points,
                "reason": reason,
            })),
        },
    )
    .await?;
    let view = ledger::entry_view(entry);
    idempotency::remember(&tx, actor.user_id, key, &fingerprint, &view, now).await?;
    tx.commit().await?;
    Ok(view)
}
