//! Targeted messages (定向消息): one SMS to each customer of a segment,
//! queued in `outbound_messages` for the gateway.
//!
//! A customer is left out without marketing consent, or when the
//! contact-frequency guard already counts as many outbound contacts in its
//! window as it allows (the same rule `contact_guard` warns about one by
//! one). Each message sent is also logged as an outbound `sms` interaction,
//! so the guard counts it next time and the customer's timeline shows it.
//!
//! Sending is serialised across instances and idempotent with a key, so a
//! double click or a retry never texts anyone twice.

use crate::auth::{self, Actor};
use crate::customers::contact_guard::ContactPolicy;
use crate::db::{LOCK_BROADCASTS, begin_write, names_by_id, serialize_on};
use crate::entity::{broadcast, customer, customer_segment, interaction, outbound_message, user};
use crate::error::{FieldError, text_field};
use crate::idempotency::{self, IdempotencyKey};
use crate::{DomainError, audit};
use anju_types::broadcast::{
    BroadcastDraft, BroadcastPreview, BroadcastView, ExcludedCustomer, Exclusion, MAX_BODY_CHARS,
    NAME_PLACEHOLDER, final_body, sms_parts,
};
use anju_types::segment::Segment;
use anju_types::{InteractionKind, MobilePhone, Permission};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};

/// How many excluded customers the preview lists.
const SAMPLE: u64 = 20;
/// Recipients read and written per round while sending.
const BATCH: u64 = 500;
/// Broadcasts listed, newest first.
const LISTED: u64 = 20;

struct Valid {
    segment: Segment,
    body: String,
}

fn validate(d: &BroadcastDraft) -> Result<Valid, DomainError> {
    let mut errors = Vec::new();
    let segment = Segment::parse(d.segment.trim());
    if segment.is_none() {
        errors.push(FieldError {
            field: "segment",
            code: if d.segment.trim().is_empty() {
                "required"
            } else {
                "invalid"
            },
        });
    }
    let body = text_field(&mut errors, "body", &d.body, MAX_BODY_CHARS, true);
    match segment {
        Some(segment) if errors.is_empty() => Ok(Valid { segment, body }),
        _ => Err(DomainError::Validation(errors)),
    }
}

/// The segment's live customers (merged records left out).
fn in_segment(segment: Segment) -> Select<customer_segment::Entity> {
    customer_segment::Entity::find()
        .join(
            sea_orm::JoinType::InnerJoin,
            customer_segment::Entity::belongs_to(customer::Entity)
                .from(customer_segment::Column::CustomerId)
                .to(customer::Column::Id)
                .into(),
        )
        .filter(customer_segment::Column::Segment.eq(segment.as_str()))
        .filter(customer::Column::MergedIntoId.is_null())
}

/// `(SELECT COUNT(*) …)`: the outbound contacts with the customer of the
/// outer row since `since` — what the contact-frequency guard counts.
fn recent_contacts(since: DateTime<Utc>) -> Expr {
    let outbound: Vec<&str> = InteractionKind::ALL
        .into_iter()
        .filter(|k| k.is_outbound())
        .map(|k| k.as_str())
        .collect();
    Expr::SubQuery(
        None,
        Box::new(
            Query::select()
                .expr(Expr::cust("CAST(COUNT(*) AS BIGINT)"))
                .from(interaction::Entity)
                .and_where(
                    Expr::col((interaction::Entity, interaction::Column::CustomerId)).equals((
                        customer_segment::Entity,
                        customer_segment::Column::CustomerId,
                    )),
                )
                .and_where(interaction::Column::Kind.is_in(outbound))
                .and_where(interaction::Column::OccurredAt.gt(since))
                .to_owned()
                .into(),
        ),
    )
}

/// Who may be messaged: consent given, and under the guard's limit.
fn reachable(policy: ContactPolicy, now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(customer::Column::ConsentMarketing.eq(true))
        .add(recent_contacts(now - policy.window).lt(policy.max_outbound as i64))
}

/// Who a message to the segment would reach and who is left out, why.
pub async fn preview(
    db: &impl ConnectionTrait,
    actor: &Actor,
    draft: &BroadcastDraft,
    now: DateTime<Utc>,
) -> Result<BroadcastPreview, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    let v = validate(draft)?;
    let policy = ContactPolicy::load(db).await?;
    let too_frequent = recent_contacts(now - policy.window).gte(policy.max_outbound as i64);
    let total = in_segment(v.segment).count(db).await? as i64;
    let no_consent = in_segment(v.segment)
        .filter(customer::Column::ConsentMarketing.eq(false))
        .count(db)
        .await? as i64;
    let contacted_recently = in_segment(v.segment)
        .filter(too_frequent.clone())
        .count(db)
        .await? as i64;
    let recipients = in_segment(v.segment)
        .filter(reachable(policy, now))
        .count(db)
        .await? as i64;
    let sample: Vec<(String, String, bool, i64)> = in_segment(v.segment)
        .select_only()
        .column(customer::Column::Name)
        .column(customer::Column::Mobile)
        .column(customer::Column::ConsentMarketing)
        .column_as(recent_contacts(now - policy.window), "recent")
        .filter(
            Condition::any()
                .add(customer::Column::ConsentMarketing.eq(false))
                .add(too_frequent),
        )
        .order_by_desc(customer_segment::Column::Score)
        .order_by_asc(customer_segment::Column::CustomerId)
        .limit(SAMPLE)
        .into_tuple()
        .all(db)
        .await?;
    let text = final_body(&v.body);
    Ok(BroadcastPreview {
        segment: v.segment,
        total,
        recipients,
        no_consent,
        contacted_recently,
        max_contacts: policy.max_outbound as i64,
        window_days: policy.window.num_days(),
        excluded_sample: sample
            .into_iter()
            .map(|(name, mobile, consent, recent)| ExcludedCustomer {
                name,
                mobile: MobilePhone::parse(&mobile)
                    .map(|m| m.masked())
                    .unwrap_or_default(),
                reasons: [
                    (!consent).then_some(Exclusion::NoConsent),
                    (recent >= policy.max_outbound as i64).then_some(Exclusion::ContactedRecently),
                ]
                .into_iter()
                .flatten()
                .collect(),
            })
            .collect(),
        sms_parts: sms_parts(&text),
        final_body: text,
    })
}

/// Sends the message: one `outbound_messages` row and one outbound `sms`
/// interaction per reachable customer, in one transaction. A retry with
/// the same key returns the first result and sends nothing more.
pub async fn send(
    db: &DatabaseConnection,
    actor: &Actor,
    draft: &BroadcastDraft,
    key: Option<&IdempotencyKey>,
    now: DateTime<Utc>,
) -> Result<BroadcastView, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    let v = validate(draft)?;
    let fingerprint = idempotency::fingerprint("broadcast.send", draft);
    let tx = begin_write(db).await?;
    // Two sends at once would each see the other's recipients as not yet
    // contacted and could go past the guard's limit together.
    serialize_on(&tx, LOCK_BROADCASTS).await?;
    if let Some(done) = idempotency::replay(&tx, actor.user_id, key, &fingerprint).await? {
        return Ok(done);
    }
    let policy = ContactPolicy::load(&tx).await?;
    let total = in_segment(v.segment).count(&tx).await? as i64;
    let text = final_body(&v.body);
    let note = format!(
        "定向消息（{}）：{text}",
        v.segment.label(anju_types::Lang::Zh)
    );
    let mut sent = 0i64;
    let mut after = 0i64;
    loop {
        let batch: Vec<(i64, String, String)> = in_segment(v.segment)
            .select_only()
            .column(customer_segment::Column::CustomerId)
            .column(customer::Column::Name)
            .column(customer::Column::Mobile)
            .filter(reachable(policy, now))
            .filter(customer_segment::Column::CustomerId.gt(after))
            .order_by_asc(customer_segment::Column::CustomerId)
            .limit(BATCH)
            .into_tuple()
            .all(&tx)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.0;
        sent += batch.len() as i64;
        outbound_message::Entity::insert_many(batch.iter().map(|(id, name, mobile)| {
            outbound_message::ActiveModel {
                channel: Set("sms".to_owned()),
                recipient: Set(mobile.clone()),
                body: Set(text.replace(NAME_PLACEHOLDER, name)),
                customer_id: Set(Some(*id)),
                status: Set("pending".to_owned()),
                created_at: Set(now),
                sent_at: Set(None),
                ..Default::default()
            }
        }))
        .exec_without_returning(&tx)
        .await?;
        interaction::Entity::insert_many(batch.iter().map(|(id, _, _)| interaction::ActiveModel {
            customer_id: Set(*id),
            kind: Set(InteractionKind::Sms.as_str().to_owned()),
            occurred_at: Set(now),
            staff_user_id: Set(Some(actor.user_id)),
            notes: Set(note.clone()),
            next_follow_up_on: Set(None),
            created_at: Set(now),
            ..Default::default()
        }))
        .exec_without_returning(&tx)
        .await?;
    }
    let row = broadcast::ActiveModel {
        segment: Set(v.segment.as_str().to_owned()),
        body: Set(v.body),
        recipients: Set(sent),
        excluded: Set(total - sent),
        created_by: Set(actor.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        true,
        ("broadcast.send", ""),
        "broadcast",
        row.id,
        &row_snapshot(&row),
    )
    .await?;
    let result = view(row, actor.display_name.clone());
    idempotency::remember(&tx, actor.user_id, key, &fingerprint, &result, now).await?;
    tx.commit().await?;
    Ok(result)
}

fn row_snapshot(row: &broadcast::Model) -> serde_json::Value {
    serde_json::json!({
        "segment": row.segment,
        "body": row.body,
        "recipients": row.recipients,
        "excluded": row.excluded,
    })
}

fn view(row: broadcast::Model, sent_by: String) -> BroadcastView {
    BroadcastView {
        id: row.id,
        segment: Segment::parse(&row.segment).unwrap_or(Segment::Inactive),
        body: row.body,
        recipients: row.recipients,
        excluded: row.excluded,
        sent_by,
        created_at: row.created_at,
    }
}

/// The latest messages sent to segments, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> Result<Vec<BroadcastView>, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    let rows = broadcast::Entity::find()
        .order_by_desc(broadcast::Column::Id)
        .limit(LISTED)
        .all(db)
        .await?;
    let names = names_by_id::<user::Entity>(
        db,
        user::Column::Id,
        user::Column::DisplayName,
        rows.iter().map(|r| r.created_by),
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let by = names.get(&r.created_by).cloned().unwrap_or_default();
            view(r, by)
        })
        .collect())
}
